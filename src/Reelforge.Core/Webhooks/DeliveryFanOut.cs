using System.Security.Cryptography;
using Reelforge.Jobs;

namespace Reelforge.Webhooks;

/// <summary>An account's endpoint as the fan-out needs it.</summary>
public sealed record EndpointSubscription(string Id, string Url, IReadOnlyList<string> EventTypes);

/// <summary>The job an event belongs to, as the fan-out needs it.</summary>
public sealed record FanOutJob(string AccountId, string Dialect, string? WebhookUrl);

/// <summary>One outbox row to write: <see cref="EndpointId"/> null for the video's own URL.</summary>
public sealed record PlannedDelivery(string Id, string? EndpointId, string EventType, string Dialect, string Url);

/// <summary>
/// Which deliveries an event causes. The job store writes them in the event's own transaction (the
/// outbox), so an event and its deliveries are stored together or not at all.
/// </summary>
public static class DeliveryFanOut
{
    /// <summary>
    /// The webhook event type a job event is announced as: video.completed / video.failed when it
    /// ends the job (a rescue or delete that ends it included), video.progress when it moves it;
    /// null for the rest (claimed, notes, cancel requests, expiry).
    /// </summary>
    public static string? HookFor(string eventType, JobStage stage) => eventType switch
    {
        "completed" => WebhookEventTypes.Completed,
        "failed" or "cancelled" or "rescued" when stage is JobStage.Failed or JobStage.Cancelled => WebhookEventTypes.Failed,
        "stage" or "scene" or "progress" => WebhookEventTypes.Progress,
        _ => null,
    };

    /// <summary>
    /// One delivery per endpoint of the account subscribed to the event's type (in OpenAI's native
    /// event body), and, for the ends only, one to the video's own webhook URL in the body of the
    /// dialect that created it.
    /// </summary>
    public static IReadOnlyList<PlannedDelivery> Plan(string eventType, JobStage stage, FanOutJob job, IEnumerable<EndpointSubscription> endpoints)
    {
        if (HookFor(eventType, stage) is not { } hook)
        {
            return [];
        }
        var deliveries = endpoints
            .Where(e => e.EventTypes.Contains(hook, StringComparer.Ordinal))
            .Select(e => new PlannedDelivery(NewId(), e.Id, hook, OpenAiEventBody.Name, e.Url))
            .ToList();
        if (job.WebhookUrl is { } own && hook is WebhookEventTypes.Completed or WebhookEventTypes.Failed)
        {
            deliveries.Add(new PlannedDelivery(NewId(), null, hook, job.Dialect, own));
        }
        return deliveries;
    }

    /// <summary>The `webhook-id`: `msg_` and 24 hex digits, the same on every attempt.</summary>
    public static string NewId() => "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
