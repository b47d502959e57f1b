using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Reelforge.Storage.S3.Tests;

namespace Reelforge.Server.Tests.S3;

/// <summary>
/// Reelforge with `Blobs:Provider=s3` on a real s3rver: one node renders into the bucket, and
/// other nodes with their own data folders serve its signed URLs from the bucket.
/// </summary>
public sealed class S3ServerTests(S3ServerTests.Cluster cluster) : IClassFixture<S3ServerTests.Cluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Key = "rf_s3_test_key";

    [Fact]
    public async Task AVideoRenderedIntoTheBucket_IsServedThroughItsSignedUrl_WholeAndByRange_AsTheObjectInTheBucket()
    {
        var (video, key) = await cluster.RenderAsync("Stored in a bucket.");
        var url = video["urls"]!["video"]!.GetValue<string>();
        var stored = await cluster.ObjectAsync(key);
        Assert.False(Directory.Exists(Path.Combine(cluster.DataA, "blobs", "jobs")), "nothing is kept in node A's data folder");

        using var anonymous = new HttpClient();
        var whole = await anonymous.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType!.MediaType);
        Assert.Equal(stored.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(stored, await whole.Content.ReadAsByteArrayAsync(Ct));

        using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await anonymous.SendAsync(ranged, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 100-199/{stored.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(stored[100..200], await partial.Content.ReadAsByteArrayAsync(Ct));

        using var tail = new HttpRequestMessage(HttpMethod.Get, url);
        tail.Headers.Range = new RangeHeaderValue(null, 10);
        Assert.Equal(stored[^10..], await (await anonymous.SendAsync(tail, Ct)).Content.ReadAsByteArrayAsync(Ct));

        using var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new RangeHeaderValue(stored.Length, null);
        var refused = await anonymous.SendAsync(beyond, Ct);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
        Assert.Equal($"bytes */{stored.Length}", refused.Content.Headers.ContentRange!.ToString());

        using var client = cluster.ClientA();
        var content = await client.GetAsync($"v1/videos/{video["id"]}/content", Ct);
        Assert.Equal(stored, await content.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ANodeWithAnotherDataFolder_ServesTheSameSignedUrls()
    {
        var (video, key) = await cluster.RenderAsync("Served anywhere.");
        var onB = cluster.OnNodeB(video["urls"]!["video"]!.GetValue<string>());

        using var anonymous = new HttpClient();
        var response = await anonymous.GetAsync(onB, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await cluster.ObjectAsync(key), await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(cluster.SigningKey(cluster.NodeA), cluster.SigningKey(cluster.NodeB));
        Assert.False(File.Exists(Path.Combine(cluster.DataB, "secrets", "files.key")), "the key is the bucket's, not the data folder's");
    }

    [Fact]
    public async Task InRedirectMode_ASignedUrl_Answers302_ToABucketUrlThatServesTheFile()
    {
        var (video, key) = await cluster.RenderAsync("Redirected.");
        var onC = cluster.OnNodeC(video["urls"]!["thumbnail"]!.GetValue<string>());

        using var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirect = await noFollow.GetAsync(onC, Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.Equal(cluster.S3.ServiceUrl.Authority, location.Authority);

        var direct = await noFollow.GetAsync(location, Ct);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal("image/webp", direct.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await cluster.ObjectAsync(key.Replace("video.mp4", "thumbnail.webp", StringComparison.Ordinal)), await direct.Content.ReadAsByteArrayAsync(Ct));

        var tampered = onC.Replace("signature=", "signature=x", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await noFollow.GetAsync(tampered, Ct)).StatusCode);
    }

    [Fact]
    public async Task Retention_DeletesTheVideosObjectsFromTheBucket()
    {
        var data = Path.Combine(Path.GetTempPath(), "rf-s3-retention-" + Guid.NewGuid().ToString("N"));
        var bucket = await cluster.S3.NewBucketAsync();
        try
        {
            await using var app = await ServerFixture.StartAsync(data, new Dictionary<string, string?>(cluster.S3.Settings(bucket, "rf"))
            {
                ["Auth:DevelopmentKey"] = Key,
                ["Files:SigningSecret"] = "retention-test-secret",
                ["Files:RetentionDays"] = (2.0 / 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            using var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(app) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            var video = await client.CreateAndWaitAsync(new { prompt = "Short-lived in a bucket.", seconds = "1", size = "160x90" });
            var id = video["id"]!.GetValue<string>();
            Assert.NotEmpty(await cluster.ListAsync(bucket, $"rf/jobs/{id}/"));

            await HttpExtensions.PollUntilAsync(async () => await (await client.GetAsync($"v1/videos/{id}", Ct)).JsonAsync(),
                v => v["urls"] is null, "the video expired", seconds: 20, everyMilliseconds: 200);

            Assert.Empty(await cluster.ListAsync(bucket, $"rf/jobs/{id}/"));
            using var anonymous = new HttpClient();
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(video["urls"]!["video"]!.GetValue<string>(), Ct)).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// s3rver and three Reelforge nodes on one bucket, each with its own data folder, no
    /// `Files:SigningSecret`: A renders; B serves (proxy); C serves by redirect.
    /// </summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private const string Prefix = "reelforge";
        private string _bucket = "";

        public S3rver S3 { get; private set; } = null!;
        public WebApplication NodeA { get; private set; } = null!;
        public WebApplication NodeB { get; private set; } = null!;
        public WebApplication NodeC { get; private set; } = null!;
        public string DataA { get; } = Temp("a");
        public string DataB { get; } = Temp("b");
        public string DataC { get; } = Temp("c");

        public async ValueTask InitializeAsync()
        {
            S3 = await S3rver.StartAsync();
            _bucket = await S3.NewBucketAsync();
            // A and B start at once: both must end with the one key kept in the bucket.
            var a = ServerFixture.StartAsync(DataA, Settings(new() { ["Auth:DevelopmentKey"] = Key }));
            var b = ServerFixture.StartAsync(DataB, Settings(new() { ["Workers:Concurrency"] = "0" }));
            (NodeA, NodeB) = (await a, await b);
            NodeC = await ServerFixture.StartAsync(DataC, Settings(new() { ["Workers:Concurrency"] = "0", ["Files:Delivery"] = "redirect" }));
        }

        private Dictionary<string, string?> Settings(Dictionary<string, string?> extra)
        {
            var all = S3.Settings(_bucket, Prefix);
            foreach (var (k, v) in extra)
            {
                all[k] = v;
            }
            return all;
        }

        public HttpClient ClientA()
        {
            var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(NodeA), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", Key);
            return client;
        }

        /// <summary>A completed video made on node A, with the blob key of its MP4.</summary>
        public async Task<(JsonObject Video, string Key)> RenderAsync(string prompt)
        {
            using var client = ClientA();
            var video = await client.CreateAndWaitAsync(new { prompt, seconds = "1", size = "160x90" });
            Assert.Equal("completed", video["status"]!.GetValue<string>());
            var url = new Uri(video["urls"]!["video"]!.GetValue<string>());
            return (video, Uri.UnescapeDataString(url.AbsolutePath["/files/".Length..]));
        }

        public async Task<byte[]> ObjectAsync(string key)
        {
            using var client = S3.Client();
            using var response = await client.GetObjectAsync(_bucket, $"{Prefix}/{key}");
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }

        public async Task<List<string>> ListAsync(string bucket, string prefix)
        {
            using var client = S3.Client();
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
            return [.. (listed.S3Objects ?? []).Select(o => o.Key)];
        }

        public string OnNodeB(string url) => Rehost(url, NodeB);

        public string OnNodeC(string url) => Rehost(url, NodeC);

        public byte[] SigningKey(WebApplication node) =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Files.FileSigningKey>(node.Services).Bytes;

        private static string Rehost(string url, WebApplication node)
        {
            var target = ServerFixture.AddressOf(node);
            return new UriBuilder(url) { Host = target.Host, Port = target.Port }.Uri.ToString();
        }

        private static string Temp(string node) => Path.Combine(Path.GetTempPath(), $"rf-s3-node-{node}-" + Guid.NewGuid().ToString("N"));

        public async ValueTask DisposeAsync()
        {
            foreach (var node in new[] { NodeA, NodeB, NodeC })
            {
                if (node is not null)
                {
                    await node.StopAsync();
                    await node.DisposeAsync();
                }
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var dir in new[] { DataA, DataB, DataC })
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            if (S3 is not null)
            {
                await S3.DisposeAsync();
            }
        }
    }
}
