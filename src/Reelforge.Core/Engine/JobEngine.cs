using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// The operations every API (native or dialect) calls to change jobs. Reads go to the store directly.
/// </summary>
public sealed class JobEngine(
    IJobStore store, IBlobStore blobs, DataPaths paths, JobSignal signal, RunningJobs running, IOptions<WorkersOptions> options,
    IOptions<Accounts.CreditsOptions> credits, EngineMetrics? metrics = null)
{
    /// <summary>
    /// Queues a job (or returns the one already made for the idempotency key) and wakes a worker.
    /// Reserves the price of its seconds from the account's balance, or throws
    /// <see cref="Accounts.InsufficientCreditsException"/>.
    /// </summary>
    public async Task<(Job Job, bool Created)> SubmitAsync(string id, string accountId, VideoSpec spec, Submission submission, CancellationToken ct)
    {
        var price = credits.Value.PriceOf(spec.Model);
        (Job Job, bool Created) result;
        try
        {
            result = await store.CreateAsync(new NewJob(id, accountId, spec, options.Value.MaxAttempts, submission.IdempotencyKey)
            {
                WebhookUrl = submission.WebhookUrl,
                Dialect = submission.Dialect,
                CreditsPerSecond = price,
                CreditsReserved = price * (submission.BillableSeconds ?? spec.Seconds),
            }, ct);
        }
        catch (Accounts.InsufficientCreditsException)
        {
            // Nothing was made: drop what the request already stored for it. (HTTP creates also hold
            // their uploads in PendingUploads, which drops them on every other refusal as well.)
            await blobs.DeletePrefixAsync(BlobKeys.JobPrefix(id), ct);
            throw;
        }
        if (result.Created)
        {
            metrics?.JobCreated(submission.Dialect, spec.Model);
            signal.Set();
        }
        return result;
    }

    /// <summary>Cancels a queued job at once, or asks its worker to stop (here: at once; elsewhere: at its next check).</summary>
    public async Task<Job?> CancelAsync(string id, string accountId, CancellationToken ct)
    {
        // Read first only to count: a queued job ends here, a running one when its worker confirms.
        var before = metrics is null ? null : await store.GetAsync(id, accountId, ct);
        var job = await store.RequestCancelAsync(id, accountId, ct);
        if (before is { Stage: var was } && !was.IsTerminal() && job is { Stage: JobStage.Cancelled })
        {
            metrics!.JobCancelled(job.Dialect, job.Spec.Model);
        }
        if (job is { CancelRequested: true } && !job.Stage.IsTerminal())
        {
            running.RequestCancel(id);
        }
        return job;
    }

    /// <summary>
    /// Deletes a job and everything stored for it. An unfinished job is cancelled first; its worker
    /// finds the row gone at its next write or check and stops (every write is fenced).
    /// </summary>
    public async Task<bool> DeleteAsync(string id, string accountId, CancellationToken ct)
    {
        if (await CancelAsync(id, accountId, ct) is null || !await store.DeleteAsync(id, accountId, ct))
        {
            return false;
        }
        // The row is gone, so the delete has happened: files a still-running worker is writing into
        // cannot fail it. What is left behind is no job's, and OrphanSweeper removes it.
        try
        {
            await blobs.DeletePrefixAsync(BlobKeys.JobPrefix(id), ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        paths.TryDeleteWorkDirectory(id);
        return true;
    }
}

/// <summary>How a job was asked for, beyond what to render.</summary>
/// <param name="BillableSeconds">Seconds to reserve credits for, when not the whole video (an extension pays for what it adds).</param>
public sealed record Submission(string? IdempotencyKey = null, string? WebhookUrl = null, string Dialect = NativeDialect.Name, int? BillableSeconds = null);
