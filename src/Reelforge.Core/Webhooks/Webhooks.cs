namespace Reelforge.Webhooks;

/// <summary>The event types a webhook endpoint can subscribe to.</summary>
public static class WebhookEventTypes
{
    public const string Completed = "video.completed";
    public const string Failed = "video.failed";
    /// <summary>Reelforge's own: every stage, scene and progress step (not sent unless asked for).</summary>
    public const string Progress = "video.progress";

    public static readonly IReadOnlyList<string> All = [Completed, Failed, Progress];
    public static readonly IReadOnlyList<string> Default = [Completed, Failed];
}

/// <summary>An account's webhook endpoint: every subscribed event of every one of its videos is POSTed to <see cref="Url"/>.</summary>
public sealed record WebhookEndpoint
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public required string Secret { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record NewWebhookEndpoint(string AccountId, string Name, string Url, IReadOnlyList<string> EventTypes);

/// <summary>What an update changes; null members stay as they are.</summary>
public sealed record WebhookEndpointChange(string? Name, string? Url, IReadOnlyList<string>? EventTypes);

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>
/// One message in the outbox: an event for one target. Its <see cref="Id"/> is the `webhook-id`,
/// the same on every attempt, so receivers can drop duplicates.
/// </summary>
public sealed record WebhookDelivery
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>Null for the video's own webhook URL.</summary>
    public string? EndpointId { get; init; }
    public required string JobId { get; init; }
    public long EventSeq { get; init; }
    public required string EventType { get; init; }
    /// <summary>Whose body this delivery carries: `openai` (native events) or a dialect's status body.</summary>
    public required string Dialect { get; init; }
    public required string Url { get; init; }
    /// <summary>The body, fixed at the first attempt so every retry sends the same bytes.</summary>
    public string? Payload { get; init; }
    public DeliveryState State { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset EventCreatedAt { get; init; }
    /// <summary>The secrets to sign with (a rotated endpoint signs with the old one too for a while).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
    public IReadOnlyList<DeliveryAttempt> History { get; init; } = [];
}

public sealed record DeliveryAttempt(int Attempt, int? StatusCode, string? Error, int LatencyMilliseconds, DateTimeOffset AttemptedAt);

/// <summary>The outcome of one attempt, as the dispatcher records it.</summary>
public sealed record AttemptResult(string DeliveryId, string? Payload, int? StatusCode, string? Error, int LatencyMilliseconds, DeliveryState State, DateTimeOffset? NextAttemptAt);

public sealed record DeliveryPage(IReadOnlyList<WebhookDelivery> Items, bool HasMore);

/// <summary>
/// Webhook endpoints, signing secrets and the delivery outbox. Deliveries are written by the job
/// store in the same transaction as the event they announce, so a crash never loses one.
/// </summary>
public interface IWebhookStore
{
    Task<WebhookEndpoint> CreateEndpointAsync(NewWebhookEndpoint endpoint, CancellationToken ct);
    Task<WebhookEndpoint?> GetEndpointAsync(string id, string accountId, CancellationToken ct);
    Task<(IReadOnlyList<WebhookEndpoint> Items, bool HasMore)> ListEndpointsAsync(string accountId, string? after, int limit, CancellationToken ct);
    Task<WebhookEndpoint?> UpdateEndpointAsync(string id, string accountId, WebhookEndpointChange change, CancellationToken ct);
    Task<bool> DeleteEndpointAsync(string id, string accountId, CancellationToken ct);

    /// <summary>A new secret; the old one keeps signing (beside the new) until <paramref name="keepOldUntil"/>.</summary>
    Task<WebhookEndpoint?> RotateSecretAsync(string id, string accountId, DateTimeOffset? keepOldUntil, CancellationToken ct);

    /// <summary>The account's secret for videos' own webhook URLs, made on first use; a new one when <paramref name="rotate"/>.</summary>
    Task<string> AccountSecretAsync(string accountId, bool rotate, CancellationToken ct);

    /// <summary>
    /// Takes up to <paramref name="max"/> due deliveries whose body this process can write (one of
    /// <paramref name="dialects"/>), for one attempt each, held until <paramref name="holdUntil"/>.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(int max, DateTimeOffset holdUntil, IReadOnlyCollection<string> dialects, CancellationToken ct);

    /// <summary>When the next pending delivery in one of <paramref name="dialects"/> is due, if any.</summary>
    Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> dialects, CancellationToken ct);

    Task RecordAttemptAsync(AttemptResult result, CancellationToken ct);

    /// <summary>Newest first, with each delivery's attempts.</summary>
    Task<DeliveryPage> ListDeliveriesAsync(string accountId, string? jobId, string? after, int limit, CancellationToken ct);
}
