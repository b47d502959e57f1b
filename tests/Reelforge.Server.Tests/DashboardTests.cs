using System.Diagnostics;
using System.Net;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>
/// The web dashboard: its files come from the assembly, and tests/web drives it in Debian's
/// Chromium (playwright-core, no browser download) against this assembly's server, with a fresh
/// account. Screenshots go to artifacts/web-screenshots.
/// </summary>
public sealed class DashboardTests(ServerFixture server)
{
    [Fact]
    public async Task Root_RedirectsToTheDashboard_WhoseFilesAreServedWithoutAKeyAndWithAPolicy()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var root = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/app/", root.Headers.Location!.OriginalString);

        var page = await client.GetAsync("/app/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var script = await client.GetAsync("/app/js/main.js", TestContext.Current.CancellationToken);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/app/js/main.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", script.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/app/nothing.js", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task TheDashboard_InARealChromium_SignsIn_CreatesWatchesPlaysValidatesDeletes_AndAdministers()
    {
        var root = RepositoryRoot();
        var web = Path.Combine(root, "tests", "web");
        Assert.True(Directory.Exists(Path.Combine(web, "node_modules", "playwright-core")), "run `npm ci` in tests/web (make test does)");
        Assert.True(File.Exists("/usr/bin/chromium"), "install Debian's chromium (make deps does)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--test", "--test-reporter=spec", "dashboard.test.mjs"])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["REELFORGE_URL"] = server.BaseAddress.ToString();
        start.Environment["REELFORGE_KEY"] = await server.NewAccountKeyAsync(Scopes.VideosRead, Scopes.VideosWrite, Scopes.TemplatesRead, Scopes.WebhooksManage);
        start.Environment["REELFORGE_ADMIN_KEY"] = await server.NewAccountKeyAsync(Scopes.Admin);
        start.Environment["REELFORGE_SCREENSHOTS"] = Path.Combine(root, "artifacts", "web-screenshots");

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(await output);
        Assert.True(node.ExitCode == 0, $"Dashboard tests failed:\n{await output}\n{await errors}");
        Assert.Matches(@"pass 9\b", await output);
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
