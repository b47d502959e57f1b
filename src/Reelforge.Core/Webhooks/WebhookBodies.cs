using System.Globalization;
using System.Text.Json;
using Reelforge.Jobs;

namespace Reelforge.Webhooks;

/// <summary>
/// Writes the body of a delivery in one dialect's words. Null means there is nothing to say any
/// more (the video was deleted before its status could be sent), and the delivery is dropped.
/// </summary>
public interface IWebhookBody
{
    string Dialect { get; }

    Task<string?> RenderAsync(WebhookDelivery delivery, CancellationToken ct);
}

/// <summary>
/// Native events in OpenAI's shape: {"id":"evt_…","object":"event","created_at",
/// "type":"video.completed","data":{"id":"video_…"}}. The receiver fetches the video for details.
/// </summary>
public sealed class OpenAiEventBody : IWebhookBody
{
    public const string Name = NativeDialect.Name;

    public string Dialect => Name;

    public Task<string?> RenderAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", EventId(delivery.EventSeq));
            json.WriteString("object", "event");
            json.WriteNumber("created_at", delivery.EventCreatedAt.ToUnixTimeSeconds());
            json.WriteString("type", delivery.EventType);
            json.WriteStartObject("data");
            json.WriteString("id", delivery.JobId);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Task.FromResult<string?>(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The event's id: the same for every endpoint it goes to (the `webhook-id` differs per delivery).</summary>
    public static string EventId(long seq) => "evt_" + seq.ToString("x12", CultureInfo.InvariantCulture);
}
