using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Server.Files;

namespace Reelforge.Server.Tests;

public sealed class FileUrlTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACompletedVideo_LinksEveryOutput_WithSignedUrlsThatNeedNoKey()
    {
        using var client = server.Client();
        var video = await client.CreateAndWaitAsync(new { prompt = "First slide. Second slide.", seconds = "2", size = "160x90" });
        var urls = video["urls"]!.AsObject();
        var expiresAt = urls["expires_at"]!.GetValue<long>();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3600 - 5, 3600 + 300 + 5);
        Assert.Equal(video["completed_at"]!.GetValue<long>() + 7 * 86_400, video["expires_at"]!.GetValue<long>());

        using var anonymous = new HttpClient();
        foreach (var (name, type, magic) in new[] { ("video", "video/mp4", "ftyp"), ("thumbnail", "image/webp", "WEBP"), ("last_frame", "image/png", "PNG"),
                                                     ("preview", "image/jpeg", ""), ("spritesheet", "image/jpeg", "") })
        {
            var response = await anonymous.GetAsync(urls[name]!.GetValue<string>(), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Contains(magic, System.Text.Encoding.Latin1.GetString(bytes, 0, 16), StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl!.Private, "a signed URL is a credential: no shared caches");
            Assert.InRange(response.Headers.CacheControl.MaxAge!.Value.TotalSeconds, 3600 - 5, 3600 + 300 + 5);
        }
        Assert.Equal(2, urls["slides"]!.AsArray().Count);
        Assert.Equal("image/jpeg", (await anonymous.GetAsync(urls["slides"]![1]!.GetValue<string>(), Ct)).Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task SignedUrls_ServeRanges()
    {
        using var client = server.Client();
        var video = await client.CreateAndWaitAsync(new { prompt = "Ranged.", seconds = "1", size = "160x90" });
        using var anonymous = new HttpClient();
        var whole = await anonymous.GetByteArrayAsync(video["urls"]!["video"]!.GetValue<string>(), Ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, video["urls"]!["video"]!.GetValue<string>());
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await anonymous.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 100-199/{whole.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(whole[100..200], await partial.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task AlteredOrExpiredUrls_Get403_AndADeletedVideosFiles404()
    {
        using var client = server.Client();
        var video = await client.CreateAndWaitAsync(new { prompt = "Guarded.", seconds = "1", size = "160x90" });
        var url = video["urls"]!["video"]!.GetValue<string>();
        var thumbnail = video["urls"]!["thumbnail"]!.GetValue<string>();
        using var anonymous = new HttpClient();

        var signature = url[(url.IndexOf("signature=", StringComparison.Ordinal) + 10)..];
        var forged = new[]
        {
            url.Replace("signature=", "signature=x", StringComparison.Ordinal),
            url.Replace("expires=", "expires=9", StringComparison.Ordinal),
            thumbnail[..thumbnail.IndexOf("signature=", StringComparison.Ordinal)] + "signature=" + signature,
            url[..url.IndexOf('?', StringComparison.Ordinal)],
        };
        foreach (var bad in forged)
        {
            var response = await anonymous.GetAsync(bad, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("invalid_signature", (await response.JsonAsync())["error"]!["code"]!.GetValue<string>());
        }

        var urls = server.Services.GetRequiredService<FileUrls>();
        var key = new Uri(url).AbsolutePath["/files/".Length..];
        var expired = urls.Sign(server.BaseAddress.ToString().TrimEnd('/'), key, DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(expired, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"v1/videos/{video["id"]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url, Ct)).StatusCode);
    }

    [Fact]
    public async Task UnfinishedVideos_HaveNoUrls()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Not yet.", seconds = "1", size = "160x90" })).JsonAsync();
        Assert.Null(created["urls"]);
        Assert.Null(created["expires_at"]);
    }
}
