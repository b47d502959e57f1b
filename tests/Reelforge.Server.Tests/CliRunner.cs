using System.Diagnostics;

namespace Reelforge.Server.Tests;

/// <summary>Runs the built `reelforge` command against a server, with stdout and stderr redirected (so not a terminal).</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(Uri url, string? key, params string[] args)
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
        // Through the environment, as a user would set them once.
        start.Environment["REELFORGE_URL"] = url.ToString();
        start.Environment["REELFORGE_API_KEY"] = key;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }
}
