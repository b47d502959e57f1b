using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Reelforge.Server.Dashboard;

/// <summary>
/// The web dashboard: static files embedded in this assembly (Dashboard/wwwroot), served at `/app/`
/// with `/` sending browsers there. Nothing is fetched at run time, so it works offline. The pages
/// call the API with the key the user typed (kept in the tab's sessionStorage), never a cookie, so
/// these routes need no authentication and give no access by themselves.
/// </summary>
public static class DashboardApi
{
    public const string Prefix = "/app/";
    private const string ResourcePrefix = "dashboard/";

    // The pages load only their own scripts and styles; media and pictures come from signed
    // /files/ links, which Files:BaseUrl may put on another origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob: http: https:; media-src 'self' blob: http: https:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(Prefix)).ExcludeFromDescription();
        app.MapGet(Prefix + "{**path}", Serve).ExcludeFromDescription();
        return app;
    }

    /// <summary>A dashboard file; the pages route by `#/…`, so any other path is a 404.</summary>
    public static IResult Serve(string? path, HttpContext http)
    {
        if (string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/'))
        {
            // `/app` matches too; the page's relative links need the slash.
            return Results.Redirect(Prefix);
        }
        if (!Assets.Value.TryGetValue(string.IsNullOrEmpty(path) ? "index.html" : path, out var asset))
        {
            return Results.NotFound();
        }
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidated every time: an upgraded server's pages are seen at once, and a 304 costs nothing.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>The embedded files by their path under wwwroot, read once.</summary>
    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardApi).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var type = Types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            assets[path] = new Asset(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
