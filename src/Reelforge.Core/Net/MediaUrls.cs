namespace Reelforge.Net;

/// <summary>What a request may give as an image: an http(s) URL (fetched by the worker through the guard) or a `data:image/` URL.</summary>
public static class MediaUrls
{
    public static bool IsImageSource(string url) =>
        url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
