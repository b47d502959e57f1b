using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelforge.Cli;

/// <summary>A failure the server answered with (its OpenAI error envelope), or no answer at all: exit 1.</summary>
internal sealed class ApiException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>The native API (docs/dialects/openai.md) over one HttpClient, as JSON nodes: the CLI shows what the server says.</summary>
internal sealed class ApiClient : IDisposable
{
    // Calls other than the event stream get this long; the stream itself has no timeout (heartbeats every 15 s).
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(100);
    private readonly HttpClient _http;

    public ApiClient(Uri baseUrl, string? key)
    {
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(key))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("reelforge-cli");
    }

    public Uri BaseUrl { get; }

    public Task<JsonObject> CreateAsync(JsonObject body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "v1/videos", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);

    public Task<JsonObject> GetAsync(string id, CancellationToken ct) => SendAsync(HttpMethod.Get, $"v1/videos/{Uri.EscapeDataString(id)}", null, ct);

    public Task<JsonObject> ListAsync(int limit, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"v1/videos?limit={limit}"), null, ct);

    public Task<JsonObject> DeleteAsync(string id, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"v1/videos/{Uri.EscapeDataString(id)}", null, ct);

    /// <summary>Streams a variant into <paramref name="path"/> through a temporary file: a failed download leaves nothing behind.</summary>
    public async Task<long> DownloadAsync(string id, string variant, string path, CancellationToken ct)
    {
        using var response = await CallAsync(new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{Uri.EscapeDataString(id)}/content?variant={Uri.EscapeDataString(variant)}"),
            HttpCompletionOption.ResponseHeadersRead, ct);
        var partial = path + ".part";
        try
        {
            await using (var file = File.Create(partial))
            {
                await response.Content.CopyToAsync(file, ct);
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return new FileInfo(path).Length;
    }

    /// <summary>Opens the video's server-sent events after <paramref name="lastEventId"/> (none: from the start).</summary>
    public async Task<HttpResponseMessage> OpenEventsAsync(string id, string? lastEventId, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{Uri.EscapeDataString(id)}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        return await CallAsync(request, HttpCompletionOption.ResponseHeadersRead, ct, timeout: false);
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var response = await CallAsync(new HttpRequestMessage(method, path) { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new ApiException($"{BaseUrl} answered {(int)response.StatusCode} with something that is not a JSON object: {Snippet(text)}", response.StatusCode);
        }
    }

    /// <summary>Sends; a non-success answer becomes an <see cref="ApiException"/> with the envelope's message.</summary>
    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct, bool timeout = true)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout)
        {
            limit.CancelAfter(CallTimeout);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, limit.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException($"cannot reach {BaseUrl}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ApiException($"{BaseUrl} did not answer {request.Method} /{request.RequestUri} within {CallTimeout.TotalSeconds:0} s");
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new ApiException(ErrorMessage(response.StatusCode, body), response.StatusCode);
        }
    }

    /// <summary>`{"error":{"message","type","param","code"}}` as one line: the message, then the code.</summary>
    public static string ErrorMessage(HttpStatusCode status, string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"] is JsonObject error && error["message"]?.GetValue<string>() is { } message)
            {
                var code = error["code"]?.GetValue<string>();
                return code is null ? message : $"{message} ({(int)status} {code})";
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not the envelope (a proxy's page, say): fall through to the raw text.
        }
        return $"{(int)status} {status}: {Snippet(body)}";
    }

    private static string Snippet(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";

    public void Dispose() => _http.Dispose();
}
