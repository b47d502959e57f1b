using Microsoft.Extensions.Configuration;

namespace Reelforge.Server.Hosting;

public static class ReelforgeConfiguration
{
    /// <summary>
    /// Reelforge's configuration sources on top of appsettings.json, in rising precedence:
    /// `Reelforge__Section__Key` variables, the two shortcuts `REELFORGE_DATA` and
    /// `REELFORGE_API_KEY`, then command-line arguments.
    /// </summary>
    public static IConfigurationBuilder AddReelforgeSources(this IConfigurationBuilder configuration, string[] args)
    {
        configuration.AddEnvironmentVariables("Reelforge__");
        var shortcuts = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("REELFORGE_DATA") is { Length: > 0 } data)
        {
            shortcuts["DataDirectory"] = data;
        }
        if (Environment.GetEnvironmentVariable("REELFORGE_API_KEY") is { Length: > 0 } key)
        {
            shortcuts["Auth:DevelopmentKey"] = key;
        }
        configuration.AddInMemoryCollection(shortcuts);
        return configuration.AddCommandLine(args);
    }
}
