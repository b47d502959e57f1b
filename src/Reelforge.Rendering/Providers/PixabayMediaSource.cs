using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Assets;
using static Reelforge.Rendering.Providers.StockSearch;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// Pixabay: `GET /api/videos/` first, then `GET /api/` for photos, the key in `?key=` as Pixabay
/// asks (so no message here ever shows a request's query). Pixabay answers a wrong key with a 400
/// whose text names the key; that fails the job like a 401.
/// </summary>
public sealed class PixabayMediaSource : IMediaSource, IDisposable
{
    private readonly ProviderHttp _http;
    private readonly StockOptions _options;
    private readonly GuardedAssetFetcher _fetcher;

    public PixabayMediaSource(IOptions<MediaOptions> options, IOptions<ProviderCallOptions> calls, GuardedAssetFetcher fetcher, TimeProvider time)
    {
        _options = options.Value.Pixabay;
        _fetcher = fetcher;
        _http = new ProviderHttp(Name, _options.BaseUrl, 30, calls.Value, time);
    }

    public string Name => "pixabay";

    public bool Configured => _options.ApiKey.Length > 0;

    public async Task<FoundMedia?> FindAsync(MediaQuery query, string directory, CancellationToken ct)
    {
        var orientation = query.Orientation switch { "landscape" => "horizontal", "portrait" => "vertical", _ => "all" };
        var common = $"key={Uri.EscapeDataString(_options.ApiKey)}&q={Uri.EscapeDataString(Trim(query.Terms))}&orientation={orientation}&safesearch=true&per_page=3";
        var videos = await GetAsync($"api/videos/?{common}", ct);
        foreach (var hit in (videos["hits"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var renditions = (hit["videos"] as JsonObject)?.Select(p => p.Value).OfType<JsonObject>().Where(r => Str(r["url"]) is not null) ?? [];
            if (Nearest(renditions, r => Int(r["width"]), r => Int(r["height"]), query) is { } file)
            {
                var credit = $"Video by {Str(hit["user"]) ?? "unknown"} on Pixabay ({Str(hit["pageURL"]) ?? "https://pixabay.com"})";
                return await DownloadAsync(_fetcher, _http, Str(file["url"])!, AssetKind.Video, directory, query, credit, ct);
            }
        }
        var images = await GetAsync($"api/?{common}&image_type=photo", ct);
        foreach (var hit in (images["hits"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((Str(hit["largeImageURL"]) ?? Str(hit["webformatURL"])) is { } link)
            {
                var credit = $"Image by {Str(hit["user"]) ?? "unknown"} on Pixabay ({Str(hit["pageURL"]) ?? "https://pixabay.com"})";
                return await DownloadAsync(_fetcher, _http, link, AssetKind.Image, directory, query, credit, ct);
            }
        }
        return null;
    }

    private async Task<JsonObject> GetAsync(string relative, CancellationToken ct)
    {
        using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _http.Url(relative)), ct);
        if ((int)response.StatusCode == 400 && (await response.Content.ReadAsStringAsync(ct)).Contains("key", StringComparison.OrdinalIgnoreCase))
        {
            throw ProviderErrors.Auth(Name, 400);
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderUnavailableException(Name, $"pixabay answered {response.RequestMessage?.RequestUri?.AbsolutePath} with HTTP {(int)response.StatusCode}");
        }
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(await ProviderHttp.ReadCappedAsync(response, 8 << 20, ct)) as JsonObject
                ?? throw new System.Text.Json.JsonException();
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ProviderUnavailableException(Name, "pixabay answered with something that is not a JSON object");
        }
    }

    /// <summary>Pixabay takes at most 100 characters of query.</summary>
    private static string Trim(string terms) => terms.Length <= 100 ? terms : terms[..100];

    public void Dispose() => _http.Dispose();
}
