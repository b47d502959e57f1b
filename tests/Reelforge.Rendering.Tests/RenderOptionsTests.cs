namespace Reelforge.Rendering.Tests;

public sealed class RenderOptionsTests
{
    [Fact]
    public void ConcurrentRuns_ShareTheCores_UnlessThreadsAreSet_OrOneRunsAtATime()
    {
        var cores = Environment.ProcessorCount;
        Assert.Equal(0, new RenderOptions().ForConcurrentRuns(1).Threads);
        Assert.Equal(Math.Max(1, cores / 2), new RenderOptions().ForConcurrentRuns(2).Threads);
        Assert.Equal(1, new RenderOptions().ForConcurrentRuns(cores * 4).Threads);
        Assert.Equal(3, new RenderOptions { Threads = 3 }.ForConcurrentRuns(8).Threads);
    }

    [Fact]
    public void Workers_RenderOneJobPerCore_ByDefault()
    {
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, 64), new Engine.WorkersOptions().Concurrency);
    }
}
