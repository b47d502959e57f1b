using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Events;

/// <summary>
/// Server-sent events for one video, read from the append-only `job_events`: nothing is sent that
/// was not stored. Each event's `id:` is its sequence number, so a client that reconnects with
/// `Last-Event-ID` misses nothing and sees nothing twice. The stream ends after a terminal event.
/// </summary>
public static class EventsApi
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/videos/{id}/events", StreamAsync)
            .WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer)
            .RequireScope(Scopes.VideosRead);
        return app;
    }

    public static async Task StreamAsync(string id, HttpContext http, IJobStore store, JobChanges changes, CancellationToken ct)
    {
        var account = Caller.AccountId(http);
        var job = await store.GetAsync(id, account, ct) ?? throw new ApiErrorException(ApiError.VideoNotFound(id));
        var after = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.Body.FlushAsync(ct);
        try
        {
            while (true)
            {
                // Take the wait first: a change landing while we read is then not missed.
                var changed = changes.Next(id);
                foreach (var e in await store.ListEventsAsync(id, after, ct))
                {
                    job = await store.GetAsync(id, account, ct) ?? job;
                    await WriteAsync(http.Response, e, job, ct);
                    after = e.Seq;
                    if (e.Stage.IsTerminal() && e.Type is "completed" or "failed" or "cancelled")
                    {
                        return;
                    }
                }
                if (await Task.WhenAny(changed, Task.Delay(Heartbeat, ct)) != changed)
                {
                    await http.Response.WriteAsync(": heartbeat\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
                if (await store.GetAsync(id, account, ct) is null)
                {
                    return; // deleted while followed
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpResponse response, JobEvent e, Job job, CancellationToken ct)
    {
        var payload = new VideoEvent($"evt_{e.Seq}", "video." + e.Type, e.CreatedAt.ToUnixTimeSeconds(), e.Stage.ToWire(), e.Progress, VideoObject.From(job));
        var data = JsonSerializer.Serialize(payload, EventJson.Default.VideoEvent);
        await response.WriteAsync($"id: {e.Seq}\nevent: video.{e.Type}\ndata: {data}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}

/// <summary>One event: what happened (`type`, the stage and progress it left) and the video as it is now.</summary>
public sealed record VideoEvent(string Id, string Type, long CreatedAt, string Stage, int Progress, VideoObject Data)
{
    public string Object => "event";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(VideoEvent))]
internal sealed partial class EventJson : JsonSerializerContext;
