using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using static Reelforge.Server.Tests.ProcFs;
using static Reelforge.Server.Tests.Waits;

namespace Reelforge.Server.Tests;

/// <summary>
/// A real `reelforge serve` process, killed with SIGKILL mid-render and started again on the same
/// data folder: its FFmpeg children must not outlive it (no stale FFmpeg writing the scene the
/// rescued job renders again), and the job still completes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KilledServerTests : IDisposable
{
    private const string Key = "rf_killed_server_test_key";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rf-killed-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _servers = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterKill9_TheDeadServersFfmpegIsGone_BeforeTheRescuedJobRendersAgain_AndTheJobCompletes()
    {
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var first = await StartServerAsync(port, client);
        // One scene, slow enough (medium preset, about 5 s of encoding here) that an orphaned FFmpeg
        // would still be running when the checks below look.
        var created = await client.PostJsonAsync("v1/videos", new
        {
            timeline = new
            {
                output = new { width = 1280, height = 720, fps = 30, quality = "high" },
                scenes = new object[]
                {
                    new { duration = 8, background = new { gradient = new { from = "#264653", to = "#2A9D8F", angle = 45, animate = true } },
                        layers = new object[] { new { text = "Still rendering" } } },
                },
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();

        // The scene's encode (the `high` preset), not a short run before it that could end on its own in time.
        var stale = await PollAsync(() => FfmpegOf(_data, "-preset\0medium") is { Count: > 0 } running ? running : null, "FFmpeg never started");
        first.Kill();
        await first.WaitForExitAsync(Ct);
        // Killed with the server, not left to run until its scene is done (FFmpeg ignores SIGPIPE and
        // encodes on after its progress pipe breaks).
        await PollAsync(() => stale.Any(IsAlive) ? null : stale, "the dead server's FFmpeg is still running", seconds: 2);
        await StartServerAsync(port, client);

        JsonObject? video = null;
        await PollAsync(async () =>
        {
            // Whenever the new server's FFmpeg runs, none of the dead one's may still be running.
            var fresh = FfmpegOf(_data).Except(stale).ToList();
            var alive = stale.Where(IsAlive).ToList();
            Assert.True(fresh.Count == 0 || alive.Count == 0, $"stale FFmpeg {string.Join(", ", alive)} races the rescued render");
            video = await (await client.GetAsync($"v1/videos/{id}", Ct)).JsonAsync();
            return video["status"]!.GetValue<string>() is "completed" or "failed" ? video : null;
        }, "the rescued job did not finish", seconds: 120);

        Assert.Equal("completed", video!["status"]!.GetValue<string>());
        Assert.DoesNotContain(stale, IsAlive);
        Assert.Empty(FfmpegOf(_data));
    }

    private async Task<Process> StartServerAsync(int port, HttpClient client)
    {
        // The command is built with the solution, in the same configuration as this assembly (as in CliTests).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(root, "src", "Reelforge.Cli", "bin", configuration, "net10.0", "reelforge.dll"),
            "serve", "--urls", $"http://127.0.0.1:{port}", "--data", _data])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Reelforge__Auth__DevelopmentKey"] = Key;
        // `make test` exports REELFORGE_API_KEY (the quick start's key), which the server prefers.
        start.Environment["REELFORGE_API_KEY"] = Key;
        // A short lease and a busy rescuer: the dead server's job is taken up within seconds.
        start.Environment["Reelforge__Workers__LeaseSeconds"] = "3";
        start.Environment["Reelforge__Workers__RescueIntervalSeconds"] = "1";
        start.Environment["Reelforge__Workers__RetryBaseDelaySeconds"] = "0";
        start.Environment["Reelforge__Workers__PollMilliseconds"] = "200";
        start.Environment["Reelforge__Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _servers.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await PollAsync(async () =>
        {
            Assert.False(process.HasExited, $"the server exited with code {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                return (await client.GetAsync("healthz", Ct)).IsSuccessStatusCode ? process : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, "the server did not become healthy");
        return process;
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
            }
            server.Dispose();
        }
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
