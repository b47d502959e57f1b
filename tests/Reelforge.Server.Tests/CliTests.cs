using System.Diagnostics;

namespace Reelforge.Server.Tests;

/// <summary>`reelforge keys create|list|revoke`, run as the built command against a data folder of its own.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rf-cli-" + Guid.NewGuid().ToString("N"));

    private static Task<(int Code, string Out, string Err)> ReelforgeAsync(params string[] args) => ReelforgeAsync(new Dictionary<string, string>(), args);

    private static async Task<(int Code, string Out, string Err)> ReelforgeAsync(Dictionary<string, string> environment, params string[] args)
    {
        // The command is built with the solution, in the same configuration as this assembly.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "src", "Reelforge.Cli", "bin", configuration, "net10.0", "reelforge.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task PlanThenRender_MakesTheVideoAPromptWouldMake_WithPlainProgressLinesIntoAPipe()
    {
        Directory.CreateDirectory(_data);
        var plan = await ReelforgeAsync("plan", "Less is more. Follow for more.", "--seconds", "2", "--size", "320x180", "--theme", "bold");
        Assert.True(plan.Code == 0, plan.Err);
        var timeline = Path.Combine(_data, "plan.json");
        await File.WriteAllTextAsync(timeline, plan.Out, TestContext.Current.CancellationToken);
        Assert.Contains("\"theme\":\"bold\"", plan.Out, StringComparison.Ordinal);

        var render = await ReelforgeAsync("render", timeline, "-o", Path.Combine(_data, "plan.mp4"));

        Assert.True(render.Code == 0, render.Err);
        Assert.Contains("320x180, 2.00 s", render.Out, StringComparison.Ordinal);
        // Stderr is a pipe here: progress comes as lines, not carriage-return bar frames.
        Assert.DoesNotContain('\r', render.Err);
        Assert.Contains("reelforge: rendering 100%", render.Err, StringComparison.Ordinal);
        Assert.Equal(2, (await ReelforgeAsync("plan", "Hi.", "--theme", "gothic")).Code);
    }

    [Fact]
    public async Task Migrate_AppliesTheSchemaAndExits_AndRefusesAnUnknownProvider()
    {
        var migrated = await ReelforgeAsync("migrate", "--data", _data);
        Assert.Equal((0, "migrated (sqlite)"), (migrated.Code, migrated.Out.Trim()));
        Assert.True(File.Exists(Path.Combine(_data, "reelforge.db")));

        var refused = await ReelforgeAsync(new Dictionary<string, string> { ["Reelforge__Storage__Provider"] = "oracle" }, "migrate", "--data", _data);
        Assert.Equal(2, refused.Code);
        Assert.Contains("Storage:Provider 'oracle' is not one of: sqlite, postgres.", refused.Err, StringComparison.Ordinal);

        var unnamed = await ReelforgeAsync(new Dictionary<string, string> { ["Reelforge__Storage__Provider"] = "postgres" }, "keys", "list", "--data", _data);
        Assert.Equal(2, unnamed.Code);
        Assert.Contains("Storage:ConnectionString is not set", unnamed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AreCreatedOnce_Listed_AndRevoked()
    {
        var created = await ReelforgeAsync("keys", "create", "--data", _data, "--account", "acme", "--scopes", "videos:read,templates:read", "--credits", "12.5");
        Assert.True(created.Code == 0, created.Err);
        var lines = created.Out.Trim().Split('\n');
        var key = lines[^1].Trim();
        Assert.Matches("^rf_[0-9A-Za-z]{40}$", key);
        Assert.Contains("credits 12.5", lines[0], StringComparison.Ordinal);
        var keyId = System.Text.RegularExpressions.Regex.Match(lines[0], "key (key_[0-9a-f]+)").Groups[1].Value;

        var listed = await ReelforgeAsync("keys", "list", "--data", _data, "--account", "acme");
        var row = Assert.Single(listed.Out.Trim().Split('\n')).Split('\t');
        Assert.Equal([keyId, "acme", key[..10] + "…", "videos:read,templates:read"], row[..4]);
        Assert.Equal(("never", "live"), (row[5], row[6]));
        Assert.DoesNotContain(key, listed.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await ReelforgeAsync("keys", "revoke", "--data", _data, keyId)).Code);
        Assert.StartsWith("revoked", (await ReelforgeAsync("keys", "list", "--data", _data)).Out.Trim().Split('\t')[^1], StringComparison.Ordinal);
        Assert.Equal(2, (await ReelforgeAsync("keys", "revoke", "--data", _data, keyId)).Code);
        Assert.Equal(2, (await ReelforgeAsync("keys", "create", "--data", _data, "--account", "acme", "--scopes", "videos:fly")).Code);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
