using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reelforge.Providers;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// One provider's API calls: 5xx, timeouts and refused connections are tried again with a doubling
/// wait, a 429 waits as long as its `retry-after` says, 401/403 fail the job naming the provider.
/// The base URL is operator configuration (it may be on loopback), so no address guard here; but
/// redirects are never followed, so a key is only ever sent to the host it was configured for.
/// Messages name the provider and the path, never the query (Pixabay's key rides in it) or a header.
/// </summary>
internal sealed class ProviderHttp : IDisposable
{
    private const int MaxJsonBytes = 8 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly ProviderCallOptions _options;
    private readonly TimeProvider _time;

    public ProviderHttp(string provider, string baseUrl, int timeoutSeconds, ProviderCallOptions options, TimeProvider time)
    {
        Provider = provider;
        BaseUrl = new Uri(baseUrl.TrimEnd('/') + "/");
        _options = options;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    public string Provider { get; }

    /// <summary>The configured base, ending in `/`, so relative paths append to it (`v1` stays in `…/v1/chat/completions`).</summary>
    public Uri BaseUrl { get; }

    public Uri Url(string relative) => new(BaseUrl, relative);

    /// <summary>A success, or a 4xx other than 401/403/429 (the caller decides); everything else is retried or thrown.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = make();
            var what = $"{request.Method} {request.RequestUri!.AbsolutePath}";
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException ex)
            {
                await BackOffOrThrowAsync(attempt, $"{what} could not be reached ({ex.HttpRequestError})", ct);
                continue;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                await BackOffOrThrowAsync(attempt, $"{what} took longer than {_http.Timeout.TotalSeconds:0} s", ct);
                continue;
            }
            var status = (int)response.StatusCode;
            if (status is 401 or 403)
            {
                response.Dispose();
                throw ProviderErrors.Auth(Provider, status);
            }
            if (status == 429)
            {
                var wait = RetryAfter(response.Headers.RetryAfter);
                response.Dispose();
                if (attempt >= _options.Retries || wait > TimeSpan.FromSeconds(_options.MaxRetryAfterSeconds))
                {
                    throw new ProviderUnavailableException(Provider, $"{Provider} is rate limiting {what} (HTTP 429, retry after {wait.TotalSeconds:0} s)");
                }
                await Task.Delay(wait, _time, ct);
                continue;
            }
            if (status >= 500)
            {
                response.Dispose();
                await BackOffOrThrowAsync(attempt, $"{what} answered HTTP {status}", ct);
                continue;
            }
            return response;
        }
    }

    /// <summary>Sends and reads a JSON object; anything else (a 4xx, HTML, a wrong shape) is the provider being unusable.</summary>
    public async Task<JsonObject> JsonAsync(Func<HttpRequestMessage> make, CancellationToken ct)
    {
        using var response = await SendAsync(make, ct);
        var path = response.RequestMessage?.RequestUri?.AbsolutePath;
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderUnavailableException(Provider, $"{Provider} answered {path} with HTTP {(int)response.StatusCode}");
        }
        var bytes = await ReadCappedAsync(response, MaxJsonBytes, ct);
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new ProviderUnavailableException(Provider, $"{Provider} answered {path} with something that is not a JSON object");
        }
    }

    public static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long max, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > max)
        {
            throw new InvalidDataException($"The answer is larger than {max} bytes.");
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new InvalidDataException($"The answer is larger than {max} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static HttpRequestMessage Bearer(HttpRequestMessage request, string key)
    {
        if (key.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return request;
    }

    private async Task BackOffOrThrowAsync(int attempt, string problem, CancellationToken ct)
    {
        if (attempt >= _options.Retries)
        {
            throw new ProviderUnavailableException(Provider, $"{Provider}: {problem}, {attempt + 1} times");
        }
        await Task.Delay(TimeSpan.FromMilliseconds(_options.RetryDelayMilliseconds * Math.Pow(2, attempt)), _time, ct);
    }

    private TimeSpan RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : TimeSpan.FromMilliseconds(_options.RetryDelayMilliseconds));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    public void Dispose() => _http.Dispose();
}
