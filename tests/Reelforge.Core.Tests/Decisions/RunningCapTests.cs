using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Decisions;

public sealed class RunningCapTests
{
    private static readonly Dictionary<string, long> NoneRunning = [];

    [Fact]
    public void WithoutACap_TakesTheOldestUpToMax()
    {
        var due = new[] { new ClaimCandidate(1, "a"), new ClaimCandidate(2, "a"), new ClaimCandidate(3, "b") };

        Assert.Equal([1L, 2L], RunningCap.Pick(due, NoneRunning, cap: 0, max: 2));
    }

    [Fact]
    public void AnAccountAtItsCap_IsSkipped_AndTheNextAccountsJobTaken()
    {
        var due = new[] { new ClaimCandidate(1, "a"), new ClaimCandidate(2, "a"), new ClaimCandidate(3, "b"), new ClaimCandidate(4, "a") };
        var running = new Dictionary<string, long> { ["a"] = 1 };

        Assert.Equal([1L, 3L], RunningCap.Pick(due, running, cap: 2, max: 10));
    }

    [Fact]
    public void AnAccountAlreadyOverACapThatWasLowered_GetsNothing()
    {
        var due = new[] { new ClaimCandidate(1, "a"), new ClaimCandidate(2, "b") };

        Assert.Equal([2L], RunningCap.Pick(due, new Dictionary<string, long> { ["a"] = 5 }, cap: 2, max: 10));
    }

    [Theory]
    [InlineData(4, 0, 9, 4)]
    [InlineData(4, 2, 3, 7)]
    [InlineData(1, 1, 0, 1)]
    public void TheStoreReadsEnoughCandidates_ToFindMaxWhenTheyExist(int max, int cap, long running, int expected) =>
        Assert.Equal(expected, RunningCap.CandidatesToRead(max, cap, running));
}
