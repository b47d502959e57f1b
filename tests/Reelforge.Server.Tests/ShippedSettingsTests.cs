using Microsoft.Extensions.Configuration;
using Reelforge.Engine;

namespace Reelforge.Server.Tests;

/// <summary>The appsettings.json that ships beside `reelforge` (what `serve` and `worker` load first).</summary>
public sealed class ShippedSettingsTests
{
    [Fact]
    public void WorkersConcurrency_IsSizedToTheMachine_NotPinnedByTheShippedFile()
    {
        // It once said 1, which silently overrode the per-core default: ten videos took 1.35x the
        // floor instead of 0.99x on 2 cores (bench/render batch-10).
        var root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)];
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "src", "Reelforge.Cli", "appsettings.json")).Build();

        var workers = shipped.GetSection(WorkersOptions.Section).Get<WorkersOptions>() ?? new WorkersOptions();

        Assert.Equal(WorkersOptions.DefaultConcurrency, workers.Concurrency);
    }
}
