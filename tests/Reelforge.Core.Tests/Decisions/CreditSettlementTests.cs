using Reelforge.Accounts;
using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Decisions;

public sealed class CreditSettlementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 23, 59, 0, TimeSpan.FromHours(-3));

    [Theory]
    [InlineData(8000, 1000, 4.0, 4000)]        // whole seconds
    [InlineData(8000, 1000, 4.2, 5000)]        // rounded up
    [InlineData(8000, 1000, 4.0000001, 4000)]  // float noise is not a second
    [InlineData(3000, 1000, 4.0, 3000)]        // never more than reserved
    public void Charge_IsThePerSecondPriceOfWholeSeconds_CappedAtTheReservation(long reserved, long perSecond, double seconds, long expected) =>
        Assert.Equal(expected, CreditSettlement.Charge(reserved, perSecond, seconds));

    [Fact]
    public void ACompletedJob_RefundsWhatItDidNotCost_AndCountsOnTheUtcDayOfTheEnd()
    {
        var settled = CreditSettlement.Settle(JobStage.Completed, reserved: 8000, charged: 5000, renderedSeconds: 4.2, Now);

        Assert.Equal(3000, settled.Refund);
        Assert.Equal(5000, settled.Charged);
        Assert.Equal(new UsageLine("2026-11-02", 1, 0, 0, 4.2, 5000), settled.Usage);
    }

    [Theory]
    [InlineData(JobStage.Failed, 0, 1, 0)]
    [InlineData(JobStage.Cancelled, 0, 0, 1)]
    public void AFailedOrCancelledJob_RefundsEverything_AndCostsNothing(JobStage stage, int completed, int failed, int cancelled)
    {
        var settled = CreditSettlement.Settle(stage, reserved: 8000, charged: null, renderedSeconds: null, Now);

        Assert.Equal((8000L, 0L), (settled.Refund, settled.Charged));
        Assert.Equal(new UsageLine("2026-11-02", completed, failed, cancelled, 0, 0), settled.Usage);
    }

    [Fact]
    public void AJobStillRunning_IsNotSettled() =>
        Assert.Throws<ArgumentException>(() => CreditSettlement.Settle(JobStage.Exporting, 8000, null, null, Now));
}
