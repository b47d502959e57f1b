using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Server.Metrics;
using Reelforge.Webhooks;

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
            .RequireScope(Scopes.VideosRead)
            .CountsAsEventStream()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").Errors(404);
        app.MapGet("/v1/events", StreamAccountAsync)
            .WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer)
            .RequireScope(Scopes.VideosRead)
            .CountsAsEventStream()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").Errors();
        return app;
    }

    /// <summary>
    /// Every change to any of the caller's videos, as one stream that never ends by itself. A new
    /// client starts from now; a reconnecting one passes `Last-Event-ID`.
    /// </summary>
    public static async Task StreamAccountAsync(HttpContext http, IJobStore store, JobChanges changes, TimeProvider time, CancellationToken ct)
    {
        var account = Caller.AccountId(http);
        var after = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last
            : await store.LatestEventSeqAsync(ct);
        await StartAsync(http.Response, ct);
        try
        {
            while (true)
            {
                var changed = changes.Next(JobChanges.AnyJob);
                IReadOnlyList<JobEvent> batch;
                do
                {
                    batch = await store.ListAccountEventsAsync(account, after, 500, ct);
                    foreach (var e in batch)
                    {
                        // A video deleted since keeps its place in the stream without a body.
                        var job = await store.GetAsync(e.JobId, account, ct);
                        if (job is not null)
                        {
                            await WriteAsync(http, e, job, ct);
                        }
                        after = e.Seq;
                    }
                }
                while (batch.Count == 500);
                await WaitOrBeatAsync(http.Response, changed, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task StartAsync(HttpResponse response, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(ct);
    }

    /// <summary>Waits for the next change; sends a heartbeat comment when none came within 15 s.</summary>
    private static async Task WaitOrBeatAsync(HttpResponse response, Task changed, TimeProvider time, CancellationToken ct)
    {
        if (await Task.WhenAny(changed, Task.Delay(Heartbeat, time, ct)) != changed)
        {
            await response.WriteAsync(": heartbeat\n\n", ct);
            await response.Body.FlushAsync(ct);
        }
    }

    public static async Task StreamAsync(string id, HttpContext http, IJobStore store, JobChanges changes, TimeProvider time, CancellationToken ct)
    {
        var account = Caller.AccountId(http);
        var job = await store.GetAsync(id, account, ct) ?? throw new ApiErrorException(ApiError.VideoNotFound(id));
        var after = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;

        await StartAsync(http.Response, ct);
        try
        {
            while (true)
            {
                // Take the wait first: a change landing while we read is then not missed.
                var changed = changes.Next(id);
                // Read before the events: a job that had ended then has its ending event in the list below.
                var ended = job.Stage.IsTerminal();
                foreach (var e in await store.ListEventsAsync(id, after, ct))
                {
                    job = await store.GetAsync(id, account, ct) ?? job;
                    await WriteAsync(http, e, job, ct);
                    after = e.Seq;
                    if (e.Stage.IsTerminal())
                    {
                        return;
                    }
                }
                if (ended)
                {
                    // Finished, and the client's Last-Event-ID is past its ending event: nothing more will come.
                    return;
                }
                await WaitOrBeatAsync(http.Response, changed, time, ct);
                if (await store.GetAsync(id, account, ct) is not { } now)
                {
                    return; // deleted while followed
                }
                job = now;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpContext http, JobEvent e, Job job, CancellationToken ct)
    {
        var response = http.Response;
        var video = http.RequestServices.GetRequiredService<VideoViews>().Of(job, http.Request);
        var payload = new VideoEvent(OpenAiEventBody.EventId(e.Seq), "video." + e.Type, e.CreatedAt.ToUnixTimeSeconds(), e.Stage.ToWire(), e.Progress, video) { Message = e.Message };
        var data = JsonSerializer.Serialize(payload, EventJson.Default.VideoEvent);
        await response.WriteAsync($"id: {e.Seq}\nevent: video.{e.Type}\ndata: {data}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}

/// <summary>One event: what happened (`type`, the stage and progress it left) and the video as it is now.</summary>
public sealed record VideoEvent(string Id, string Type, long CreatedAt, string Stage, int Progress, VideoObject Data)
{
    public string Object => "event";
    /// <summary>A `video.note` event's words: a provider call's outcome (which source gave a scene its picture, and its credit line).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(VideoEvent))]
internal sealed partial class EventJson : JsonSerializerContext;
