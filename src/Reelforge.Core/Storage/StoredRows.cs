using System.Text.Json;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Storage;

// Rows as both SQL stores read them with Dapper (snake_case columns matched to these names): times
// as Unix milliseconds, JSON columns as text, credits as whole thousandths. One mapping to the
// domain types, so the engines cannot drift apart in what a column means.

/// <summary>Times are stored as Unix milliseconds.</summary>
public static class UnixMs
{
    public static DateTimeOffset? ToTime(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

/// <summary>A checkpoint's columns as both SQL stores write them (null: leave the stored value).</summary>
public sealed record CheckpointColumns(string Stage, string Expected, int Progress, string? Scenes, string? Timeline, bool? Retrying)
{
    public static CheckpointColumns From(JobCheckpoint checkpoint, JobStage expected) => new(
        checkpoint.Stage.ToWire(), expected.ToWire(), checkpoint.Progress,
        checkpoint.Scenes is null ? null : JsonSerializer.Serialize(checkpoint.Scenes.ToList(), JobJson.Default.ListSceneState),
        checkpoint.Timeline is null ? null : JsonSerializer.Serialize(checkpoint.Timeline, JobJson.Default.Timeline),
        checkpoint.Retrying);
}

public sealed class JobRow
{
    public string Id { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string Spec { get; init; } = "";
    public string Stage { get; init; } = "";
    public long Progress { get; init; }
    public long Attempt { get; init; }
    public long MaxAttempts { get; init; }
    public bool CancelRequested { get; init; }
    public bool Retrying { get; init; }
    public string? LeaseToken { get; init; }
    public long? LeaseExpiresAt { get; init; }
    public long RunAt { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string Scenes { get; init; } = "[]";
    public string? Timeline { get; init; }
    public string? Outputs { get; init; }
    public string? IdempotencyKey { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? StartedAt { get; init; }
    public long? CompletedAt { get; init; }
    public string? WebhookUrl { get; init; }
    public string Dialect { get; init; } = "openai";
    public long? ExpiredAt { get; init; }
    public long CreditsReserved { get; init; }
    public long? CreditsCharged { get; init; }

    public Job ToJob() => new()
    {
        Id = Id,
        AccountId = AccountId,
        Spec = JsonSerializer.Deserialize(Spec, JobJson.Default.VideoSpec)!,
        Stage = JobStages.Parse(Stage),
        Progress = (int)Progress,
        Attempt = (int)Attempt,
        MaxAttempts = (int)MaxAttempts,
        CancelRequested = CancelRequested,
        Retrying = Retrying,
        LeaseToken = LeaseToken,
        LeaseExpiresAt = UnixMs.ToTime(LeaseExpiresAt),
        RunAt = UnixMs.ToTime(RunAt)!.Value,
        Error = ErrorCode is null ? null : new JobError(ErrorCode, ErrorMessage ?? ""),
        Scenes = JsonSerializer.Deserialize(Scenes, JobJson.Default.ListSceneState)!,
        Timeline = Timeline is null ? null : JsonSerializer.Deserialize(Timeline, JobJson.Default.Timeline),
        Outputs = Outputs is null ? null : JsonSerializer.Deserialize(Outputs, JobJson.Default.JobOutputs),
        IdempotencyKey = IdempotencyKey,
        CreatedAt = UnixMs.ToTime(CreatedAt)!.Value,
        UpdatedAt = UnixMs.ToTime(UpdatedAt)!.Value,
        StartedAt = UnixMs.ToTime(StartedAt),
        CompletedAt = UnixMs.ToTime(CompletedAt),
        WebhookUrl = WebhookUrl,
        Dialect = Dialect,
        ExpiredAt = UnixMs.ToTime(ExpiredAt),
        CreditsReserved = Accounts.Credits.FromMilli(CreditsReserved),
        CreditsCharged = CreditsCharged is { } charged ? Accounts.Credits.FromMilli(charged) : null,
    };
}

public sealed class EndpointRow
{
    public string Id { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string EventTypes { get; init; } = "";
    public string Secret { get; init; } = "";
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }

    public WebhookEndpoint ToEndpoint() => new()
    {
        Id = Id, AccountId = AccountId, Name = Name, Url = Url, Secret = Secret,
        EventTypes = EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
    };
}

public sealed class DeliveryRow
{
    public string Id { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string? EndpointId { get; init; }
    public string JobId { get; init; } = "";
    public long EventSeq { get; init; }
    public string EventType { get; init; } = "";
    public long EventCreatedAt { get; init; }
    public string Dialect { get; init; } = "";
    public string Url { get; init; } = "";
    public string? Payload { get; init; }
    public string State { get; init; } = "";
    public long Attempts { get; init; }
    public long? NextAttemptAt { get; init; }
    public long? LastStatus { get; init; }
    public string? LastError { get; init; }
    public long CreatedAt { get; init; }
    public string? Secret { get; init; }
    public string? PreviousSecret { get; init; }
    public bool EndpointGone { get; init; }

    public WebhookDelivery ToDelivery() => new()
    {
        Id = Id, AccountId = AccountId, EndpointId = EndpointId, JobId = JobId, EventSeq = EventSeq, EventType = EventType,
        EventCreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(EventCreatedAt),
        Dialect = Dialect, Url = Url, Payload = Payload,
        State = Enum.Parse<DeliveryState>(State, ignoreCase: true),
        Attempts = (int)Attempts,
        NextAttemptAt = UnixMs.ToTime(NextAttemptAt),
        LastStatusCode = (int?)LastStatus,
        LastError = LastError,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        Secrets = new[] { Secret, PreviousSecret }.OfType<string>().ToList(),
    };
}

public sealed class AccountRow
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? Credits { get; init; }

    public Account ToAccount() => new(Id, Name, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), Credits is { } c ? Accounts.Credits.FromMilli(c) : null);
}

public sealed class KeyRow
{
    public string Id { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string Display { get; init; } = "";
    public string Scopes { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? RevokedAt { get; init; }
    public long? LastUsedAt { get; init; }

    public ApiKeyRecord ToRecord() => new(Id, AccountId, Display, Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries),
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), UnixMs.ToTime(RevokedAt), UnixMs.ToTime(LastUsedAt));
}
