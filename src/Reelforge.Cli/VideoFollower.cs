using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelforge.Cli;

/// <summary>Where a followed video is: the stage and progress of its last event, and its scenes.</summary>
internal sealed record VideoProgress(string Stage, int Percent, int ScenesDone, int ScenesTotal)
{
    public static VideoProgress Of(JsonObject video, string? stage = null, int? percent = null)
    {
        var scenes = video["scenes"] as JsonArray ?? [];
        return new VideoProgress(
            stage ?? video["stage"]?.GetValue<string>() ?? video["status"]?.GetValue<string>() ?? "?",
            percent ?? video["progress"]?.GetValue<int>() ?? 0,
            scenes.Count(s => s?["status"]?.GetValue<string>() == "succeeded"),
            scenes.Count);
    }
}

/// <summary>
/// Follows one video's server-sent events to its end. Each event's `id:` is remembered, so a
/// dropped stream is reopened with `Last-Event-ID` and nothing is missed or seen twice.
/// </summary>
internal static class VideoFollower
{
    private static readonly HashSet<string> Endings = ["video.completed", "video.failed", "video.cancelled"];

    /// <summary>Returns the video as it ended (`status` completed or failed).</summary>
    public static async Task<JsonObject> FollowAsync(ApiClient api, string id, Action<VideoProgress> report, TimeProvider time, CancellationToken ct)
    {
        string? lastEventId = null;
        var failures = 0;
        while (true)
        {
            var received = false;
            try
            {
                using var response = await api.OpenEventsAsync(id, lastEventId, ct);
                await using var stream = await response.Content.ReadAsStreamAsync(ct);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
                {
                    if (item.EventId is { Length: > 0 } eventId)
                    {
                        lastEventId = eventId;
                    }
                    if (Parse(item.Data) is not { } e || e["data"] is not JsonObject video)
                    {
                        continue;
                    }
                    (received, failures) = (true, 0);
                    report(VideoProgress.Of(video, e["stage"]?.GetValue<string>(), e["progress"]?.GetValue<int>()));
                    if (Endings.Contains(item.EventType))
                    {
                        return video;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is ApiException { Status: null } && failures > 0))
            {
                // The stream dropped (or the server is restarting): reopen it after a pause that grows.
                if (++failures > 10)
                {
                    throw new ApiException($"lost the event stream of {id}: {ex.Message}");
                }
                await Task.Delay(Backoff(failures), time, ct);
                continue;
            }
            // The server ended the stream without an ending event (a proxy's timeout, a restart):
            // the video may have ended meanwhile; if not, reconnect where we were.
            var now = await api.GetAsync(id, ct);
            if (now["status"]?.GetValue<string>() is "completed" or "failed")
            {
                report(VideoProgress.Of(now));
                return now;
            }
            if (!received)
            {
                if (++failures > 10)
                {
                    throw new ApiException($"the event stream of {id} keeps ending without news while the video is {now["status"]}");
                }
                await Task.Delay(Backoff(failures), time, ct);
            }
        }
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(5000, 250 << Math.Min(failures, 5)));

    private static JsonObject? Parse(string data)
    {
        try
        {
            return JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
