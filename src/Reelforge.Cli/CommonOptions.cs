using System.CommandLine;

namespace Reelforge.Cli;

internal static class CommonOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Data folder (database, outputs, scratch). Default: REELFORGE_DATA, else ./data.",
    };

    /// <summary>Configuration arguments for the host: `--data` becomes `DataDirectory`.</summary>
    public static string[] HostArgs(string? data, params string[] more) =>
        data is null ? more : [$"--DataDirectory={data}", .. more];

    /// <summary>Reelforge's own settings next to the binary, wherever it is started from.</summary>
    public static string ContentRoot => AppContext.BaseDirectory;
}
