using System.Net;
using System.Net.Sockets;
using Reelforge.Pipeline;
using Reelforge.Rendering.Assets;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

/// <summary>A real HTTP server on loopback serving test bodies to the real fetcher.</summary>
public sealed class AssetFetcherTests : RenderTestBase, IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly string _base;

    public AssetFetcherTests()
    {
        var port = FreePort();
        _base = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_base);
        _listener.Start();
        _ = ServeAsync();
    }

    private GuardedAssetFetcher Fetcher(bool allowLoopback, long maxBytes = 1_000_000) =>
        new(Microsoft.Extensions.Options.Options.Create(new AssetOptions { AllowLoopback = allowLoopback, MaxBytes = maxBytes }), Probe);

    [Fact]
    public async Task Fetch_FromLoopback_IsRefusedByDefault()
    {
        _bodies["/a.png"] = Png();
        using var fetcher = Fetcher(allowLoopback: false);

        var error = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            fetcher.FetchAsync(new Uri(_base + "a.png"), Path.Combine(Work, "a.png"), AssetKind.Image, Ct));

        Assert.Equal("asset_unavailable", error.Code);
        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Work, "a.png")));
    }

    [Fact]
    public async Task Fetch_WhenLoopbackIsAllowed_StoresTheImage()
    {
        _bodies["/a.png"] = Png();
        using var fetcher = Fetcher(allowLoopback: true);

        await fetcher.FetchAsync(new Uri(_base + "a.png"), Path.Combine(Work, "a.png"), AssetKind.Image, Ct);

        Assert.Equal(_bodies["/a.png"], await File.ReadAllBytesAsync(Path.Combine(Work, "a.png"), Ct));
    }

    [Fact]
    public async Task Fetch_OfSomethingLargerThanTheCap_IsRefused()
    {
        _bodies["/big.png"] = new byte[200_000];
        using var fetcher = Fetcher(allowLoopback: true, maxBytes: 100_000);

        var error = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            fetcher.FetchAsync(new Uri(_base + "big.png"), Path.Combine(Work, "big.png"), AssetKind.Image, Ct));

        Assert.Equal("asset_too_large", error.Code);
    }

    [Fact]
    public async Task Fetch_OfBytesThatAreNotTheDeclaredKind_IsRefused()
    {
        _bodies["/fake.png"] = "<html>not an image</html>"u8.ToArray();
        using var fetcher = Fetcher(allowLoopback: true);

        var image = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            fetcher.FetchAsync(new Uri(_base + "fake.png"), Path.Combine(Work, "fake.png"), AssetKind.Image, Ct));
        var video = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            fetcher.FetchAsync(new Uri(_base + "fake.png"), Path.Combine(Work, "fake.mp4"), AssetKind.Video, Ct));

        Assert.Equal(("invalid_asset", "invalid_asset"), (image.Code, video.Code));
    }

    [Fact]
    public async Task Fetch_OfAnythingButHttp_IsRefused()
    {
        using var fetcher = Fetcher(allowLoopback: true);

        var error = await Assert.ThrowsAsync<AssetRejectedException>(() =>
            fetcher.FetchAsync(new Uri("file:///etc/passwd"), Path.Combine(Work, "x"), AssetKind.Image, Ct));

        Assert.Equal("invalid_asset_url", error.Code);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            if (_bodies.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
            {
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(8, 8);
        bitmap.Erase(SKColors.Orange);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        return ValueTask.CompletedTask;
    }
}
