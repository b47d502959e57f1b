using System.Text.Json.Serialization;
using Reelforge.Webhooks;

namespace Reelforge.Server.Webhooks;

/// <summary>OpenAI's webhook endpoint object (the SDK's `WebhookEndpoint` / `WebhookEndpointWithSecret`).</summary>
public sealed record WebhookEndpointView
{
    public required string Id { get; init; }
    public string Object => "webhook_endpoint";
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public required string SigningSecretHint { get; init; }
    /// <summary>Only in the answers to create and rotate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SigningSecret { get; init; }

    public static WebhookEndpointView From(WebhookEndpoint e, bool withSecret = false) => new()
    {
        Id = e.Id, Name = e.Name, Url = e.Url, EventTypes = e.EventTypes,
        CreatedAt = e.CreatedAt.ToUnixTimeSeconds(), UpdatedAt = e.UpdatedAt.ToUnixTimeSeconds(),
        SigningSecretHint = WebhookSigning.Hint(e.Secret),
        SigningSecret = withSecret ? e.Secret : null,
    };
}

public sealed record WebhookEndpointDeleted(string Id, bool Deleted)
{
    public string Object => "webhook_endpoint.deleted";
}

/// <summary>The secret that signs deliveries to videos' own webhook URLs.</summary>
public sealed record SigningSecretView(string SigningSecret)
{
    public string Object => "webhook_signing_secret";
}

/// <summary>One outbox message and its attempts, for `GET /v1/webhooks/deliveries`.</summary>
public sealed record DeliveryView
{
    public required string Id { get; init; }
    public string Object => "webhook_delivery";
    public string? WebhookEndpointId { get; init; }
    public required string VideoId { get; init; }
    public required string EventType { get; init; }
    public required string Url { get; init; }
    /// <summary>pending | delivered | failed.</summary>
    public required string Status { get; init; }
    public int AttemptCount { get; init; }
    public long? NextAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public long CreatedAt { get; init; }
    public IReadOnlyList<AttemptView> Attempts { get; init; } = [];

    public static DeliveryView From(WebhookDelivery d) => new()
    {
        Id = d.Id, WebhookEndpointId = d.EndpointId, VideoId = d.JobId, EventType = d.EventType, Url = d.Url,
        Status = d.State.ToString().ToLowerInvariant(), AttemptCount = d.Attempts,
        NextAttemptAt = d.NextAttemptAt?.ToUnixTimeSeconds(), LastStatusCode = d.LastStatusCode, LastError = d.LastError,
        CreatedAt = d.CreatedAt.ToUnixTimeSeconds(),
        Attempts = d.History.Select(a => new AttemptView(a.Attempt, a.StatusCode, a.Error, a.LatencyMilliseconds, a.AttemptedAt.ToUnixTimeSeconds())).ToList(),
    };
}

public sealed record AttemptView(int Attempt, int? StatusCode, string? Error, int LatencyMs, long AttemptedAt);
