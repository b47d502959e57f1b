using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Reelforge.Server.Tests;

/// <summary>`reelforge serve` run as the built command: what it prints at start-up points somewhere real.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_AtStartUp_PrintsTheDashboardUrl_WhichAnswers()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var data = Directory.CreateTempSubdirectory("rf-serve-").FullName;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(root, "src", "Reelforge.Cli", "bin", configuration, "net10.0", "reelforge.dll"),
            "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data])
        {
            start.ArgumentList.Add(arg);
        }
        using var serve = new Process { StartInfo = start };
        var dashboard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        serve.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("Dashboard:", StringComparison.Ordinal) == true)
            {
                dashboard.TrySetResult(e.Data);
            }
        };
        serve.Start();
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            var line = await dashboard.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            Assert.StartsWith($"Dashboard: http://127.0.0.1:{port}/app/ ", line, StringComparison.Ordinal);
            using var client = new HttpClient();
            var page = await client.GetAsync(line.Split(' ')[1], TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(TestContext.Current.CancellationToken);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
