namespace Reelforge.Jobs;

/// <summary>A due, unclaimed job, as the claim reads it (in claim order: run_at, then seq).</summary>
public sealed record ClaimCandidate(long Seq, string AccountId);

/// <summary>
/// The per-account running cap (`Workers:MaxRunningPerAccount`): which due jobs a claim may take
/// so that no account has more than <c>cap</c> jobs holding a lease at once. The store reads the
/// running counts and the candidates inside the claim's transaction (with whatever lock makes
/// them exact for its engine) and updates exactly the jobs picked here.
/// </summary>
public static class RunningCap
{
    /// <summary>
    /// How many candidates the store must read so that <see cref="Pick"/> can find <paramref name="max"/>
    /// when they exist, given that it reads at most <paramref name="cap"/> per account: an account
    /// with r running has at most min(r, cap) of those refused, so r more per running job suffice.
    /// </summary>
    public static int CandidatesToRead(int max, int cap, long totalRunning) =>
        cap == 0 ? max : (int)Math.Min(int.MaxValue, max + totalRunning);

    /// <summary>Up to <paramref name="max"/> candidates, oldest first, skipping any that would put its account over <paramref name="cap"/> (0: no cap).</summary>
    public static IReadOnlyList<long> Pick(IEnumerable<ClaimCandidate> dueInOrder, IReadOnlyDictionary<string, long> running, int cap, int max)
    {
        var picked = new List<long>();
        var taken = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var candidate in dueInOrder)
        {
            if (picked.Count == max)
            {
                break;
            }
            var holding = running.GetValueOrDefault(candidate.AccountId) + taken.GetValueOrDefault(candidate.AccountId);
            if (cap > 0 && holding >= cap)
            {
                continue;
            }
            taken[candidate.AccountId] = taken.GetValueOrDefault(candidate.AccountId) + 1;
            picked.Add(candidate.Seq);
        }
        return picked;
    }
}
