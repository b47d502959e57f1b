using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Assets;
using static Reelforge.Rendering.Providers.StockSearch;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// Pexels: `GET /videos/search` first (clips give motion), then `GET /v1/search` for photos, both with
/// the orientation of the output, the key in `Authorization` as Pexels asks. The credit line
/// ("Video by … on Pexels") goes to the job's events.
/// </summary>
public sealed class PexelsMediaSource : IMediaSource, IDisposable
{
    private readonly ProviderHttp _http;
    private readonly StockOptions _options;
    private readonly GuardedAssetFetcher _fetcher;

    public PexelsMediaSource(IOptions<MediaOptions> options, IOptions<ProviderCallOptions> calls, GuardedAssetFetcher fetcher, TimeProvider time)
    {
        _options = options.Value.Pexels;
        _fetcher = fetcher;
        _http = new ProviderHttp(Name, _options.BaseUrl, 30, calls.Value, time);
    }

    public string Name => "pexels";

    public bool Configured => _options.ApiKey.Length > 0;

    public async Task<FoundMedia?> FindAsync(MediaQuery query, string directory, CancellationToken ct)
    {
        var terms = Uri.EscapeDataString(query.Terms);
        var videos = await GetAsync($"videos/search?query={terms}&orientation={query.Orientation}&per_page=5", ct);
        foreach (var video in (videos["videos"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var file = Nearest((video["video_files"] as JsonArray ?? []).OfType<JsonObject>().Where(f => Str(f["file_type"]) is null or "video/mp4" && Str(f["link"]) is not null),
                f => Int(f["width"]), f => Int(f["height"]), query);
            if (file is not null)
            {
                var credit = $"Video by {Str(video["user"]?["name"]) ?? "unknown"} on Pexels ({Str(video["url"]) ?? "https://www.pexels.com"})";
                return await DownloadAsync(_fetcher, _http, Str(file["link"])!, AssetKind.Video, directory, query, credit, ct);
            }
        }
        var photos = await GetAsync($"v1/search?query={terms}&orientation={query.Orientation}&per_page=5", ct);
        foreach (var photo in (photos["photos"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var src = photo["src"];
            var link = Str(src?[query.Orientation == "portrait" ? "portrait" : query.Orientation == "landscape" ? "landscape" : "large"])
                ?? Str(src?["large2x"]) ?? Str(src?["original"]);
            if (link is not null)
            {
                var credit = $"Photo by {Str(photo["photographer"]) ?? "unknown"} on Pexels ({Str(photo["url"]) ?? "https://www.pexels.com"})";
                return await DownloadAsync(_fetcher, _http, link, AssetKind.Image, directory, query, credit, ct);
            }
        }
        return null;
    }

    private Task<JsonObject> GetAsync(string relative, CancellationToken ct) => _http.JsonAsync(() =>
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _http.Url(relative));
        // Pexels takes the bare key, not `Bearer …`.
        request.Headers.TryAddWithoutValidation("Authorization", _options.ApiKey);
        return request;
    }, ct);

    public void Dispose() => _http.Dispose();
}
