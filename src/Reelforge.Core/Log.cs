using Microsoft.Extensions.Logging;

namespace Reelforge;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Worker loop failed; retrying shortly")]
    public static partial void WorkerLoopFailed(ILogger logger, Exception ex);

    [LoggerMessage(2, LogLevel.Information, "Job {JobId} started (attempt {Attempt})")]
    public static partial void JobStarted(ILogger logger, string jobId, int attempt);

    [LoggerMessage(3, LogLevel.Information, "Job {JobId} completed")]
    public static partial void JobCompleted(ILogger logger, string jobId);

    [LoggerMessage(4, LogLevel.Information, "Job {JobId} cancelled ({Reason})")]
    public static partial void JobCancelled(ILogger logger, string jobId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Job {JobId}: lease lost to another actor; stopping without writing")]
    public static partial void LeaseLost(ILogger logger, string jobId);

    [LoggerMessage(6, LogLevel.Warning, "Job {JobId} attempt {Attempt} failed with {Code}; retry at {RetryAt}")]
    public static partial void JobAttemptFailed(ILogger logger, string jobId, int attempt, string code, DateTimeOffset? retryAt, Exception ex);

    [LoggerMessage(7, LogLevel.Warning, "Lease check for job {JobId} failed")]
    public static partial void LeaseCheckFailed(ILogger logger, string jobId, Exception ex);

    [LoggerMessage(8, LogLevel.Information, "Rescued {Count} jobs with expired leases")]
    public static partial void JobsRescued(ILogger logger, int count);

    [LoggerMessage(9, LogLevel.Error, "Rescue pass failed")]
    public static partial void RescueFailed(ILogger logger, Exception ex);

    [LoggerMessage(10, LogLevel.Information, "Webhook {DeliveryId} to {Url}: attempt {Attempt} failed: {Error}")]
    public static partial void WebhookAttemptFailed(ILogger logger, string deliveryId, string url, int attempt, string error);

    [LoggerMessage(11, LogLevel.Warning, "Webhook dispatch round failed; trying again shortly")]
    public static partial void WebhookRoundFailed(ILogger logger, Exception ex);

    [LoggerMessage(12, LogLevel.Warning, "Retention pass failed; trying again at the next one")]
    public static partial void RetentionFailed(ILogger logger, Exception ex);

    [LoggerMessage(14, LogLevel.Warning, "Orphaned-upload pass failed; trying again at the next one")]
    public static partial void OrphanSweepFailed(ILogger logger, Exception ex);

    [LoggerMessage(15, LogLevel.Information, "Deleted the files of {JobId}, which no job owns")]
    public static partial void OrphanDeleted(ILogger logger, string jobId);

    [LoggerMessage(13, LogLevel.Warning, "Emoji data {Path} not found (Debian: unicode-cldr-core); planning without icons")]
    public static partial void EmojiDataMissing(ILogger logger, string path);

    [LoggerMessage(16, LogLevel.Warning, "Lost the database's change notifications; polling every second until they are back")]
    public static partial void NotificationsLost(ILogger logger, Exception ex);

    [LoggerMessage(17, LogLevel.Information, "Listening for the database's change notifications")]
    public static partial void NotificationsListening(ILogger logger);
}
