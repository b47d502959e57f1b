using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Jobs;

namespace Reelforge.Server.Tests;

/// <summary>`reelforge videos …` run as the built command against the real server on loopback.</summary>
public sealed class VideosCliTests(ServerFixture server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rf-videos-cli-").FullName;

    private Task<(int Code, string Out, string Err)> RunAsync(string key, params string[] args) => CliRunner.RunAsync(server.BaseAddress, key, args);

    [Fact]
    public async Task CreateWait_WritesAPlayableMp4_WithPlainProgressLinesOnARedirectedStderr()
    {
        var output = Path.Combine(_folder, "made.mp4");

        var run = await RunAsync(ServerFixture.DevKey, "videos", "create", "--prompt", "Small and quick. Two scenes.", "--seconds", "2", "--size", "160x90", "--wait", "-o", output);

        Assert.True(run.Code == 0, run.Err);
        var id = run.Out.Trim();
        Assert.StartsWith("video_", id, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);
        var probe = await Media.ProbeAsync(bytes);
        Assert.Equal((160, 90, true), (probe.Width, probe.Height, probe.HasVideo));
        // Stderr is a pipe: lines, never bar frames redrawn with '\r' or escape sequences.
        Assert.DoesNotContain('\r', run.Err);
        Assert.DoesNotContain('\x1b', run.Err);
        Assert.Contains($"reelforge: {id} ", run.Err, StringComparison.Ordinal);
        Assert.Contains("generating_media", run.Err, StringComparison.Ordinal);
        Assert.Contains($"reelforge: {id} completed after", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output + ".part"));
    }

    [Fact]
    public async Task GetListDownloadDelete_ShowAndFetchTheAccountsVideos()
    {
        var key = await server.NewAccountKeyAsync();
        using var client = server.Client(key);
        var made = await client.CreateAndWaitAsync(new { prompt = "Listed and fetched.", seconds = 1, size = "160x90" });
        var id = made["id"]!.GetValue<string>();

        var get = await RunAsync(key, "videos", "get", id);
        Assert.True(get.Code == 0, get.Err);
        var video = JsonNode.Parse(get.Out)!;
        Assert.Equal((id, "completed"), (video["id"]!.GetValue<string>(), video["status"]!.GetValue<string>()));

        var list = await RunAsync(key, "videos", "list", "--limit", "5");
        var row = Assert.Single(list.Out.Trim().Split('\n')).Split('\t');
        Assert.Equal([id, "completed", "completed", "100%", "1s", "160x90"], row[..6]);

        var thumbnail = Path.Combine(_folder, "thumb.webp");
        var download = await RunAsync(key, "videos", "download", id, "--variant", "thumbnail", "-o", thumbnail);
        Assert.True(download.Code == 0, download.Err);
        var image = await File.ReadAllBytesAsync(thumbnail, TestContext.Current.CancellationToken);
        Assert.Equal(("RIFF", "WEBP"), (System.Text.Encoding.ASCII.GetString(image, 0, 4), System.Text.Encoding.ASCII.GetString(image, 8, 4)));

        var delete = await RunAsync(key, "videos", "delete", id);
        Assert.Equal((0, $"deleted {id}"), (delete.Code, delete.Out.Trim()));
        var gone = await RunAsync(key, "videos", "get", id);
        Assert.Equal(1, gone.Code);
        Assert.Contains("(404 not_found)", gone.Err, StringComparison.Ordinal);
        Assert.Equal("", (await RunAsync(key, "videos", "list")).Out);
    }

    [Fact]
    public async Task ARefusedRequest_ExitsOne_WithTheApisMessage_AndUsageMistakesExitTwo()
    {
        using var client = server.Client();
        var refusal = await (await client.PostJsonAsync("v1/videos", new { prompt = "Too small.", size = "15x15" })).JsonAsync();
        var message = refusal["error"]!["message"]!.GetValue<string>();

        var bad = await RunAsync(ServerFixture.DevKey, "videos", "create", "--prompt", "Too small.", "--size", "15x15");
        Assert.Equal((1, ""), (bad.Code, bad.Out));
        Assert.Equal($"reelforge: {message} (400 invalid_value)", bad.Err.Trim());

        var unauthorised = await RunAsync("rf_not_a_key", "videos", "list");
        Assert.Equal(1, unauthorised.Code);
        Assert.Contains("invalid_api_key", unauthorised.Err, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync(ServerFixture.DevKey, "videos", "create", "--seconds", "2")).Code);
        Assert.Equal(2, (await RunAsync(ServerFixture.DevKey, "videos", "create", "--prompt", "x", "--input", "a=b")).Code);
        Assert.Equal(2, (await RunAsync(ServerFixture.DevKey, "videos", "download", "video_x", "--variant", "poster")).Code);
        Assert.Equal(2, (await RunAsync(ServerFixture.DevKey, "videos", "get")).Code);
    }

    [Fact]
    public async Task Batch_FollowsEveryVideo_AndExitsNonZeroWithASummary_WhenOneFails()
    {
        var file = Path.Combine(_folder, "batch.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"prompt":"First of the batch."}""",
            "",
            """{"prompt":"Second of the batch.","seconds":2}""",
            // Fails at render: the worker's address guard refuses loopback (a literal address is refused at create).
            $$$"""{"prompt":"Fetch me.","input_reference":{"image_url":"http://localhost:{{{server.BaseAddress.Port}}}/healthz"}}""",
            // Refused at create.
            """{"prompt":"Refused.","seconds":999}""",
        ], TestContext.Current.CancellationToken);

        var run = await RunAsync(ServerFixture.DevKey, "videos", "create", "--batch", file, "--seconds", "1", "--size", "160x90", "-o", Path.Combine(_folder, "out"));

        Assert.Equal(3, run.Code);
        var lines = run.Out.Trim().Split('\n');
        Assert.Equal("4 requests: 2 completed, 1 failed, 1 refused", lines[^1]);
        Assert.Matches(@"^batch\.jsonl:1\tvideo_\w+\tcompleted$", lines[0]);
        Assert.Matches(@"^batch\.jsonl:3\tvideo_\w+\tcompleted$", lines[1]);
        Assert.Matches(@"^batch\.jsonl:4\tvideo_\w+\tfailed: asset_unavailable: ", lines[2]);
        Assert.StartsWith("batch.jsonl:5\t-\trefused: ", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', run.Err);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_folder, "out"), "video_*.mp4").Length);
        // The line's own seconds win over --seconds.
        var second = lines[1].Split('\t')[1];
        using var client = server.Client();
        Assert.Equal("2", (await (await client.GetAsync($"v1/videos/{second}")).JsonAsync())["seconds"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wait_OfAFailedVideo_ExitsThree_WithItsReason()
    {
        using var client = server.Client();
        var failed = await client.CreateAndWaitAsync(new
        {
            prompt = "Fetch me.", seconds = 1, size = "160x90",
            input_reference = new { image_url = $"http://localhost:{server.BaseAddress.Port}/healthz" },
        });

        var run = await RunAsync(ServerFixture.DevKey, "videos", "wait", failed["id"]!.GetValue<string>());

        Assert.Equal(3, run.Code);
        Assert.Contains($"reelforge: {failed["id"]} failed: asset_unavailable: ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithSeedAndWebhookUrl_SendsBoth_AndTheReceiverHearsTheOutcome()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var accounts = server.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.EnsureAccountAsync("cli-seed-" + Guid.NewGuid().ToString("N")[..8], TestContext.Current.CancellationToken);
        var key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, key, [Scopes.VideosRead, Scopes.VideosWrite], TestContext.Current.CancellationToken);
        var hook = receiver.Url("/cli-hook").ToString();

        var run = await RunAsync(key, "videos", "create", "--prompt", "Seeded from the command line.", "--seconds", "1", "--size", "160x90",
            "--seed", "4242", "--webhook-url", hook, "--wait");

        Assert.True(run.Code == 0, run.Err);
        var id = run.Out.Trim();
        var job = await server.Services.GetRequiredService<IJobStore>().GetAsync(id, account.Id, TestContext.Current.CancellationToken);
        Assert.Equal((4242, hook), (job!.Spec.Seed, job.WebhookUrl));
        var delivered = Assert.Single(await receiver.WaitForAsync("/cli-hook", 1));
        Assert.Contains(id, delivered.Body, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync(key, "videos", "create", "--prompt", "x", "--seed", "not-a-number")).Code);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
