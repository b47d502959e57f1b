using Microsoft.Extensions.Options;
using Reelforge.Net;
using Reelforge.Pipeline;
using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Rendering.Assets;

/// <summary>
/// Downloads remote media itself (FFmpeg never sees a URL): http(s) only, the address guard on
/// every connection (redirects included), a timeout, a size cap, and a check that the bytes are
/// the kind of media they claim to be.
/// </summary>
public sealed class GuardedAssetFetcher : IAssetFetcher, IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _trusted;
    private readonly AssetOptions _options;
    private readonly Ffprobe _ffprobe;

    public GuardedAssetFetcher(IOptions<AssetOptions> options, Ffprobe ffprobe)
    {
        _options = options.Value;
        _ffprobe = ffprobe;
        var handler = GuardedConnect.Handler(_options.AllowLoopback, _options.AllowPrivateNetworks, followRedirects: true);
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds) };
        _trusted = new HttpClient(GuardedConnect.Handler(allowLoopback: true, allowPrivate: true, followRedirects: false)) { Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds) };
    }

    public Task FetchAsync(Uri url, string destinationPath, AssetKind kind, CancellationToken ct) => FetchWithAsync(_http, url, destinationPath, kind, ct);

    /// <summary>
    /// A file a provider pointed to. On the provider's own configured origin (operator
    /// configuration: it may be on loopback or the LAN, like an Ollama or LocalAI box) the address
    /// guard is waived but redirects are not followed; anywhere else the guard applies as usual.
    /// The size cap and the content check always apply.
    /// </summary>
    public Task FetchFromProviderAsync(Uri url, Uri providerBase, string destinationPath, AssetKind kind, CancellationToken ct) =>
        FetchWithAsync(Uri.Compare(url, providerBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0 ? _trusted : _http,
            url, destinationPath, kind, ct);

    /// <summary>Checks a file made some other way (an image model's base64 answer, an operator's library) as a download is checked.</summary>
    public async Task CheckFileAsync(string path, AssetKind kind, string what, CancellationToken ct)
    {
        if (new FileInfo(path).Length > _options.MaxBytes)
        {
            throw new AssetRejectedException("asset_too_large", $"{what} is larger than the {_options.MaxBytes} byte limit.");
        }
        await CheckKindAsync(path, kind, what, ct);
    }

    private async Task FetchWithAsync(HttpClient http, Uri url, string destinationPath, AssetKind kind, CancellationToken ct)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            throw new AssetRejectedException("invalid_asset_url", $"Only http and https URLs can be fetched, not {url.Scheme}.");
        }
        var temp = destinationPath + ".download";
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new AssetRejectedException("asset_unavailable", $"Fetching {url} answered HTTP {(int)response.StatusCode}.");
            }
            if (response.Content.Headers.ContentLength > _options.MaxBytes)
            {
                throw TooLarge(url);
            }
            await using (var body = await response.Content.ReadAsStreamAsync(ct))
            await using (var file = File.Create(temp))
            {
                await CopyCappedAsync(body, file, url, ct);
            }
            await CheckKindAsync(temp, kind, url.ToString(), ct);
            File.Move(temp, destinationPath, overwrite: true);
        }
        catch (HttpRequestException ex)
        {
            throw new AssetRejectedException("asset_unavailable", $"Fetching {url} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new AssetRejectedException("asset_unavailable", $"Fetching {url} took longer than {_options.TimeoutSeconds} s.", ex);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _trusted.Dispose();
    }

    private async Task CopyCappedAsync(Stream body, Stream file, Uri url, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > _options.MaxBytes)
            {
                throw TooLarge(url);
            }
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private async Task CheckKindAsync(string path, AssetKind kind, string url, CancellationToken ct)
    {
        if (kind == AssetKind.Image)
        {
            if (!ImageCheck.IsImage(path))
            {
                throw new AssetRejectedException("invalid_asset", $"{url} is not a JPEG, PNG or WebP image.");
            }
            return;
        }
        MediaInfo info;
        try
        {
            info = await _ffprobe.ProbeAsync(path, ct);
        }
        catch (FfmpegException ex)
        {
            throw new AssetRejectedException("invalid_asset", $"{url} is not readable media.", ex);
        }
        if ((kind == AssetKind.Video && !info.HasVideo) || (kind == AssetKind.Audio && !info.HasAudio))
        {
            throw new AssetRejectedException("invalid_asset", $"{url} has no {kind.ToString().ToLowerInvariant()} stream.");
        }
    }

    private AssetRejectedException TooLarge(Uri url) =>
        new("asset_too_large", $"{url} is larger than the {_options.MaxBytes} byte limit.");
}
