using System.Globalization;
using Reelforge.Jobs;

namespace Reelforge.Accounts;

/// <summary>One job's line in the day's usage ledger (`usage_daily`); credits in thousandths.</summary>
public sealed record UsageLine(string Day, int Completed, int Failed, int Cancelled, double SecondsRendered, long Credits);

/// <summary>What settling an ended job does: <see cref="Refund"/> back to the balance, <see cref="Charged"/> recorded on the job, and its ledger line.</summary>
public sealed record Settlement(long Refund, long Charged, UsageLine Usage);

/// <summary>
/// How credits are charged and settled (all in thousandths). A create reserves the price of the
/// seconds asked for; completion charges the seconds rendered, rounded up to whole seconds and never
/// more than reserved; the transaction that ends a job settles it once, giving back what it did not
/// cost. Stores execute the result in that transaction.
/// </summary>
public static class CreditSettlement
{
    /// <summary>min(reserved, per-second price × whole seconds rendered).</summary>
    public static long Charge(long reserved, long perSecond, double durationSeconds) =>
        Math.Min(reserved, perSecond * WholeSeconds(durationSeconds));

    /// <summary>Rounded up, forgiving float noise: 4.0000001 s is 4 s.</summary>
    public static long WholeSeconds(double durationSeconds) => (long)Math.Ceiling(durationSeconds - 1e-6);

    /// <summary>Settles an ended job: a failed or cancelled one was charged nothing (<paramref name="charged"/> null).</summary>
    public static Settlement Settle(JobStage stage, long reserved, long? charged, double? renderedSeconds, DateTimeOffset now)
    {
        if (!stage.IsTerminal())
        {
            throw new ArgumentException($"Only an ended job is settled, not one in '{stage.ToWire()}'.", nameof(stage));
        }
        var cost = charged ?? 0;
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Settlement(reserved - cost, cost, new UsageLine(day,
            stage == JobStage.Completed ? 1 : 0, stage == JobStage.Failed ? 1 : 0, stage == JobStage.Cancelled ? 1 : 0,
            renderedSeconds ?? 0, cost));
    }
}
