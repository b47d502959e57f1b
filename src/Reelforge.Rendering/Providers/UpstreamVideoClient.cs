using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Reelforge.Engine;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Assets;
using static Reelforge.Rendering.Providers.StockSearch;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// An OpenAI-Videos-compatible service (docs/dialects/openai.md): `POST {BaseUrl}/videos`, then
/// `GET /videos/{id}` until it is `completed` or `failed` (waiting as `openai-poll-after-ms` says),
/// then `GET /videos/{id}/content`. The key goes only to the base URL (no redirects are followed
/// with it); a content answer that redirects (a signed file link) is fetched without the key by the
/// guarded fetcher. The MP4 gets the size cap and the content check either way.
/// </summary>
public sealed class UpstreamVideoClient : IUpstreamVideos, IDisposable
{
    public const string Name = UpstreamScenes.Provider;

    private readonly ProviderHttp _http;
    private readonly UpstreamOptions _options;
    private readonly GuardedAssetFetcher _fetcher;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;

    public UpstreamVideoClient(IOptions<UpstreamOptions> options, IOptions<ProviderCallOptions> calls, IOptions<AssetOptions> assets, GuardedAssetFetcher fetcher, TimeProvider time)
    {
        _options = options.Value;
        _fetcher = fetcher;
        _maxBytes = assets.Value.MaxBytes;
        _time = time;
        // A download of a long clip may take minutes; a status read does not.
        _http = new ProviderHttp(Name, _options.BaseUrl.Length > 0 ? _options.BaseUrl : "http://upstream.invalid/", 300, calls.Value, time);
    }

    public async Task<string> RenderAsync(UpstreamRequest request, string? resume, string path, Func<string, Task> created,
        Func<double, ValueTask> progress, Func<string, Task> note, CancellationToken ct)
    {
        var (video, wait) = resume is null ? (null, TimeSpan.Zero) : await FollowAsync(resume, note, ct);
        if (video is null)
        {
            var body = new JsonObject
            {
                ["model"] = request.Model,
                ["prompt"] = request.Prompt,
                // OpenAI's wire format: both as strings.
                ["seconds"] = request.Seconds.ToString(CultureInfo.InvariantCulture),
                ["size"] = string.Create(CultureInfo.InvariantCulture, $"{request.Width}x{request.Height}"),
            };
            if (request.Image is { } image)
            {
                // The JSON form of OpenAI's `input_reference`: exactly one of image_url and file_id.
                body["input_reference"] = new JsonObject { ["image_url"] = image };
            }
            (video, wait) = await ReadVideoAsync(() => new HttpRequestMessage(HttpMethod.Post, _http.Url("videos")) { Content = JsonContent.Create(body) }, ct);
        }
        var id = Str(video["id"]) ?? resume ?? throw new ProviderUnavailableException(Name, "upstream answered POST /videos without an id");
        if (id != resume)
        {
            await note($"created video {id} ({request.Model}, {request.Seconds} s, {request.Width}x{request.Height})");
            await created(id);
        }
        try
        {
            using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
            try
            {
                while (Str(video["status"]) is var status && status != "completed")
                {
                    if (status == "failed")
                    {
                        var reason = Str(video["error"]?["message"]) ?? "no reason given";
                        throw new JobFailedException("upstream_failed", $"The upstream video {id} failed: {reason}", retryable: false);
                    }
                    await progress(Math.Clamp(Number(video["progress"]) / 100.0, 0, 1));
                    await Task.Delay(wait, _time, deadline.Token);
                    (video, wait) = await ReadVideoAsync(() => new HttpRequestMessage(HttpMethod.Get, _http.Url($"videos/{Uri.EscapeDataString(id)}")), deadline.Token);
                }
                await progress(1);
                await DownloadAsync(id, path, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new JobFailedException("upstream_timeout", $"The upstream video {id} was not ready within {_options.TimeoutSeconds} s.");
            }
            return id;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is AssetRejectedException or JobFailedException { Code: not "upstream_failed" })
        {
            // Given up here (timed out, download refused): stop the upstream's work too. A failed
            // video ended upstream; a cancelled run, a lost lease or an unreachable upstream leave
            // it to the caller, whose retry follows it.
            await DeleteAsync(id, note);
            throw;
        }
    }

    /// <summary>
    /// An earlier attempt's video: its state when the upstream still has it (in progress or made),
    /// else null after a note saying why it is made again (gone, or failed).
    /// </summary>
    private async Task<(JsonObject? Video, TimeSpan Wait)> FollowAsync(string id, Func<string, Task> note, CancellationToken ct)
    {
        var (video, wait) = await ReadVideoAsync(() => new HttpRequestMessage(HttpMethod.Get, _http.Url($"videos/{Uri.EscapeDataString(id)}")), ct, notFoundIsNull: true);
        var reason = video is null ? "it no longer exists upstream"
            : Str(video["status"]) == "failed" ? "it failed upstream: " + (Str(video["error"]?["message"]) ?? "no reason given")
            : null;
        if (reason is null)
        {
            await note($"following video {id}, created by an earlier attempt");
            return (video, wait);
        }
        await note($"video {id}, created by an earlier attempt, is made again: {reason}");
        return (null, TimeSpan.Zero);
    }

    public Task DeleteAsync(string id, Func<string, Task> note) => DeleteVideoAsync(id, note);

    /// <summary>A Video object and how long to wait before asking again.</summary>
    private async Task<(JsonObject Video, TimeSpan Wait)> ReadVideoAsync(Func<HttpRequestMessage> make, CancellationToken ct) =>
        await ReadVideoAsync(make, ct, notFoundIsNull: false) is ({ } video, var wait) ? (video, wait) : throw new InvalidOperationException("a video was read");

    /// <summary>As above; with <paramref name="notFoundIsNull"/>, a 404 is a null video rather than a failure.</summary>
    private async Task<(JsonObject? Video, TimeSpan Wait)> ReadVideoAsync(Func<HttpRequestMessage> make, CancellationToken ct, bool notFoundIsNull)
    {
        using var response = await _http.SendAsync(() => ProviderHttp.Bearer(make(), _options.ApiKey), ct);
        if (notFoundIsNull && response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return (null, TimeSpan.Zero);
        }
        var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath}";
        JsonObject? answer = null;
        try
        {
            answer = JsonNode.Parse(await ProviderHttp.ReadCappedAsync(response, 1 << 20, ct)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (!response.IsSuccessStatusCode)
        {
            // A 4xx is the upstream refusing this request (a model or size it does not take): retrying cannot help.
            var reason = Str(answer?["error"]?["message"]) ?? "no reason given";
            throw new JobFailedException("upstream_failed", $"The upstream refused {what} (HTTP {(int)response.StatusCode}): {reason}", retryable: false);
        }
        if (answer is null)
        {
            throw new ProviderUnavailableException(Name, $"upstream answered {what} with something that is not a JSON object");
        }
        var wait = TimeSpan.FromMilliseconds(
            response.Headers.TryGetValues("openai-poll-after-ms", out var values) && int.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? Math.Min(ms, _options.MaxPollMilliseconds)
                : _options.PollMilliseconds);
        return (answer, wait);
    }

    private async Task DownloadAsync(string id, string path, CancellationToken ct)
    {
        var content = _http.Url($"videos/{Uri.EscapeDataString(id)}/content");
        using var response = await _http.SendAsync(() => ProviderHttp.Bearer(new HttpRequestMessage(HttpMethod.Get, content), _options.ApiKey), ct);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            // A signed link: fetched without the key, through the guard (waived only on the upstream's own origin).
            await _fetcher.FetchFromProviderAsync(new Uri(content, location), _http.BaseUrl, path, AssetKind.Video, ct);
            return;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderUnavailableException(Name, $"upstream answered GET {content.AbsolutePath} with HTTP {status}");
        }
        var temp = path + ".download";
        try
        {
            if (response.Content.Headers.ContentLength > _maxBytes)
            {
                throw new AssetRejectedException("asset_too_large", $"The upstream video {id} is larger than the {_maxBytes} byte limit.");
            }
            await using (var body = await response.Content.ReadAsStreamAsync(ct))
            await using (var file = File.Create(temp))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > _maxBytes)
                    {
                        throw new AssetRejectedException("asset_too_large", $"The upstream video {id} is larger than the {_maxBytes} byte limit.");
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            await _fetcher.CheckFileAsync(temp, AssetKind.Video, $"The upstream video {id}", ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Best effort, bounded: the job is ending either way.</summary>
    private async Task DeleteVideoAsync(string id, Func<string, Task> note)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await _http.SendAsync(() => ProviderHttp.Bearer(new HttpRequestMessage(HttpMethod.Delete, _http.Url($"videos/{Uri.EscapeDataString(id)}")), _options.ApiKey), timeout.Token);
            await TryNoteAsync(note, $"deleted video {id} upstream (HTTP {(int)response.StatusCode})");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or ProviderUnavailableException or JobFailedException)
        {
            await TryNoteAsync(note, $"could not delete video {id} upstream: {ex.Message}");
        }
    }

    /// <summary>A note after a cancel or a lost lease cannot be stored; that is fine.</summary>
    private static async Task TryNoteAsync(Func<string, Task> note, string message)
    {
        try
        {
            await note(message);
        }
        catch (Exception)
        {
        }
    }

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    public void Dispose() => _http.Dispose();
}
