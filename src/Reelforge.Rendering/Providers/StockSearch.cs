using System.Text.Json.Nodes;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Assets;

namespace Reelforge.Rendering.Providers;

/// <summary>What the stock sources share: picking a clip's rendition and downloading the pick.</summary>
internal static class StockSearch
{
    /// <summary>The rendition closest to the frame's larger side, preferring one at least that large (sharper) but not far larger (smaller download).</summary>
    public static T? Nearest<T>(IEnumerable<T> renditions, Func<T, int> width, Func<T, int> height, MediaQuery query) where T : class
    {
        var target = Math.Max(query.Width, query.Height);
        return renditions
            .Where(r => width(r) > 0 && height(r) > 0)
            .OrderBy(r => Math.Max(width(r), height(r)) >= target ? 0 : 1)
            .ThenBy(r => Math.Abs(Math.Max(width(r), height(r)) - target))
            .FirstOrDefault();
    }

    public static async Task<FoundMedia> DownloadAsync(GuardedAssetFetcher fetcher, ProviderHttp http, string url, AssetKind kind, string directory,
        MediaQuery query, string? credit, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ProviderUnavailableException(http.Provider, $"{http.Provider} answered with a file link that is not a URL");
        }
        var extension = kind == AssetKind.Video ? ".mp4" : ".jpg";
        var local = Path.Combine(directory, $"{http.Provider}-scene{query.Scene}{extension}");
        await fetcher.FetchFromProviderAsync(uri, http.BaseUrl, local, kind, ct);
        if (kind == AssetKind.Image && ImageCheck.ExtensionOf(await File.ReadAllBytesAsync(local, ct)) is { } real && real != extension)
        {
            // The renderer reads by content, but the stored name should not lie.
            var renamed = Path.ChangeExtension(local, real);
            File.Move(local, renamed, overwrite: true);
            local = renamed;
        }
        return new FoundMedia(local, kind, credit);
    }

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    public static int Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
}
