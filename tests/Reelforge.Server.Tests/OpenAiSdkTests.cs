using System.Diagnostics;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>
/// Runs tests/sdk (the official OpenAI Node SDKs, unchanged) against this assembly's server, with a
/// fresh account so that its list assertions see only its own videos.
/// </summary>
public sealed class OpenAiSdkTests(ServerFixture server)
{
    [Fact]
    public async Task TheOfficialOpenAiNodeSdks_WorkAgainstReelforge()
    {
        var sdk = Path.Combine(RepositoryRoot(), "tests", "sdk");
        Assert.True(Directory.Exists(Path.Combine(sdk, "node_modules", "openai7")), "run `npm ci` in tests/sdk (make test does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = sdk, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--test", "--test-reporter=spec", "videos.test.mjs"])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["REELFORGE_BASE_URL"] = new Uri(server.BaseAddress, "v1").ToString();
        start.Environment["REELFORGE_SDK_KEY"] = await server.NewAccountKeyAsync(Scopes.VideosRead, Scopes.VideosWrite, Scopes.WebhooksManage);

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.True(node.ExitCode == 0, $"SDK tests failed:\n{await output}\n{await errors}");
        Assert.Matches(@"pass 7\b", await output);
        Assert.Matches(@"fail 0\b", await output);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reelforge.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Not inside the Reelforge repository.");
    }
}
