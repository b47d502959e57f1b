using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Jobs;

namespace Reelforge.Server.Files;

/// <summary>
/// Signed, expiring URLs for stored outputs: `/files/{key}?expires={unix s}&amp;signature={HMAC}`,
/// the HMAC-SHA256 of "{key}\n{expires}" under the server's secret. Expiry is rounded up to a
/// step of a twelfth of the lifetime, so the same video reads the same (and keeps its ETag) for
/// that long, while every URL handed out still works for at least the whole lifetime.
/// </summary>
public sealed class FileUrls
{
    public const string RoutePrefix = "/files/";
    private readonly byte[] _key;
    private readonly FilesOptions _options;
    private readonly TimeProvider _time;
    private readonly long _step;
    private const int MaxCached = 50_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OutputUrls> _signed = new(StringComparer.Ordinal);

    private readonly IServer _server;

    public FileUrls(IOptions<FilesOptions> options, FileSigningKey key, TimeProvider time, IServer server)
    {
        _server = server;
        _options = options.Value;
        _time = time;
        _key = key.Bytes;
        _step = Math.Max(1, (long)_options.UrlLifetime.TotalSeconds / 12);
    }

    /// <summary>When URLs signed now expire (unix seconds).</summary>
    public long CurrentExpiry()
    {
        var at = _time.GetUtcNow().ToUnixTimeSeconds() + (long)_options.UrlLifetime.TotalSeconds;
        return (at + _step - 1) / _step * _step;
    }

    public string Sign(string baseUrl, string key, long expires) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseUrl}{RoutePrefix}{key}?expires={expires}&signature={Mac(key, expires)}");

    /// <summary>
    /// The outputs of a completed video, signed for the current window; null when there are none
    /// to give. Signed once per video and window: status polls then cost a dictionary read.
    /// </summary>
    public OutputUrls? For(Job job, string baseUrl)
    {
        if (job is not { Stage: JobStage.Completed, Outputs: { } o } || job.ExpiredAt is not null)
        {
            return null;
        }
        var expires = CurrentExpiry();
        if (_signed.TryGetValue(job.Id, out var hit) && hit.ExpiresAt == expires
            && hit.Video.StartsWith(baseUrl, StringComparison.Ordinal) && hit.Video.AsSpan(baseUrl.Length).StartsWith(RoutePrefix, StringComparison.Ordinal))
        {
            return hit;
        }
        string? Url(string? key) => key is null ? null : Sign(baseUrl, key, expires);
        var urls = new OutputUrls(Url(o.VideoKey)!, Url(o.ThumbnailKey)!, Url(o.LastFrameKey)!, Url(o.PreviewKey), Url(o.SpritesheetKey)!,
            o.SlideKeys.Select(k => Url(k)!).ToList(), Url(o.CaptionsSrtKey), Url(o.CaptionsVttKey), expires);
        if (_signed.Count >= MaxCached)
        {
            _signed.Clear();
        }
        _signed[job.Id] = urls;
        return urls;
    }

    /// <summary>
    /// The base of every URL: `Files:PublicBaseUrl`; else the scheme and host the client used; else,
    /// outside a request (a webhook body), the first address this server listens on.
    /// </summary>
    public string BaseUrl(HttpRequest? request) =>
        _options.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/')
        : request is not null ? $"{request.Scheme}://{request.Host}{request.PathBase}"
        : _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "http://localhost";

    /// <summary>
    /// The blob key of a URL this server signed and that has not expired, whatever host it names:
    /// a client may hand an output back (Pictory's `lastFrameImageUrl` as the next `firstFrameImageUrl`),
    /// and it is then read from the store, not fetched over the network.
    /// </summary>
    public string? OwnKey(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.AbsolutePath.StartsWith(RoutePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var query = QueryHelpers.ParseQuery(uri.Query);
        var key = Uri.UnescapeDataString(uri.AbsolutePath[RoutePrefix.Length..]);
        return IsValid(key, query["expires"].ToString(), query["signature"].ToString()) ? key : null;
    }

    public bool IsValid(string key, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var at) || signature is null
            || at < _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, at)), Encoding.ASCII.GetBytes(signature));
    }

    private string Mac(string key, long expires) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}\n{expires}"))));
}

/// <summary>`urls` on the Video object. The captions are null when nothing in the video is narrated.</summary>
public sealed record OutputUrls(string Video, string Thumbnail, string LastFrame, string? Preview, string Spritesheet, IReadOnlyList<string> Slides,
    string? CaptionsSrt, string? CaptionsVtt, long ExpiresAt);
