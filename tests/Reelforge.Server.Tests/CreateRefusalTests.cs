using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Accounts;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using SkiaSharp;

namespace Reelforge.Server.Tests;

/// <summary>
/// Creates refused for their length, their asset URLs or anything after an upload was stored, on a
/// server of its own without workers, so its blob folder holds only what these tests leave.
/// </summary>
public sealed class CreateRefusalTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rf-refusals-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string JobsFolder => Path.Combine(_data, "blobs", "jobs");

    public async ValueTask InitializeAsync() => _app = await ServerFixture.StartAsync(_data, new Dictionary<string, string?>
    {
        ["Workers:Concurrency"] = "0",
        ["Videos:MaxSeconds"] = "60",
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<HttpClient> ClientAsync(decimal? credits = null)
    {
        var accounts = _app.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.EnsureAccountAsync("acct-" + Guid.NewGuid().ToString("N")[..8], Ct);
        await accounts.SetCreditsAsync(account.Id, credits, add: false, Ct);
        var key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, key, Scopes.All, Ct);
        var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(_app) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private IReadOnlyList<string> StoredJobs() =>
        Directory.Exists(JobsFolder) ? Directory.GetDirectories(JobsFolder).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList() : [];

    private static string LongStory(int words) => string.Join(' ', Enumerable.Range(0, words).Select(i => i % 12 == 11 ? "end." : "word"));

    [Fact]
    public async Task AStory_LongerThanMaxSeconds_IsA400_SayingHowLongItsNarrationWouldBe()
    {
        using var client = await ClientAsync();

        var story = await client.PostJsonAsync("v1/videos", new { prompt = LongStory(400), style = "story", size = "160x90" });
        var template = await client.PostJsonAsync("v1/videos", new { template = "narrated-story", inputs = new { prompt = LongStory(400) } });

        foreach (var (response, param) in new[] { (story, "prompt"), (template, "inputs") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.JsonAsync())["error"]!;
            Assert.Equal(param, error["param"]!.GetValue<string>());
            var message = error["message"]!.GetValue<string>();
            Assert.Matches(@"narrated for about 1[0-9]{2} s; the limit is 60 s", message);
        }
        // A short one is still taken.
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("v1/videos", new { prompt = LongStory(30), style = "story", size = "160x90" })).StatusCode);
    }

    [Fact]
    public async Task ARefusedCreate_LeavesNoBlobBehind_WhateverRefusedIt()
    {
        using var client = await ClientAsync();
        using var broke = await ClientAsync(credits: 0);
        var png = Media.SolidPng(64, 36, SKColors.Teal);
        var before = StoredJobs();

        MultipartFormDataContent Upload(params (string Name, string Value)[] fields)
        {
            var form = new MultipartFormDataContent { { new StringContent("An upload."), "prompt" }, { new StringContent("160x90"), "size" } };
            var image = new ByteArrayContent(png);
            image.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
            form.Add(image, "input_reference", "a.png");
            foreach (var (name, value) in fields)
            {
                form.Add(new StringContent(value), name);
            }
            return form;
        }
        var dataUrl = "data:image/png;base64," + Convert.ToBase64String(png);
        var refusals = new List<HttpResponseMessage>
        {
            await client.PostAsync("v1/videos", Upload(("webhook_url", "not a url")), Ct),
            await broke.PostAsync("v1/videos", Upload(), Ct),
            await client.PostJsonAsync("v1/videos", new
            {
                timeline = new
                {
                    output = new { width = 160, height = 90 },
                    scenes = new object[]
                    {
                        new { duration = 1, background = new { image = new { src = dataUrl } } },
                        new { duration = 1, background = new { image = new { src = "http://10.0.0.1/a.png" } } },
                    },
                },
            }),
        };
        using (var request = new HttpRequestMessage(HttpMethod.Post, "compat/iacrea/api/video-editor/generate/video")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                video = new { format = "square", colors = new[] { "#000000", "#FFFFFF" }, sequences = new[] { new { order = 0, duration = 2, type = "image", data = new { url = dataUrl } } } },
            }),
        })
        {
            request.Headers.TryAddWithoutValidation("x-api-key", broke.DefaultRequestHeaders.Authorization!.Parameter);
            refusals.Add(await client.SendAsync(request, Ct));
        }
        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/videos") { Content = Upload() })
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
            refusals.Add(await client.SendAsync(request, Ct));
        }

        Assert.All(refusals, r => Assert.True((int)r.StatusCode is 400 or 402, $"{r.StatusCode}: {r.Content.ReadAsStringAsync().Result}"));
        Assert.Equal(before, StoredJobs());
    }

    [Fact]
    public async Task OrphanSweeper_DeletesOldFoldersNoJobOwns_AndNothingElse()
    {
        using var client = await ClientAsync();
        var created = await client.PostAsync("v1/videos", new MultipartFormDataContent
        {
            { new StringContent("Kept."), "prompt" }, { new StringContent("160x90"), "size" },
            { new ByteArrayContent(Media.SolidPng(64, 36, SKColors.Teal)) { Headers = { ContentType = new("image/png") } }, "input_reference", "a.png" },
        }, Ct);
        var owned = (await created.JsonAsync())["id"]!.GetValue<string>();
        var (old, young) = ("video_orphanold" + Guid.NewGuid().ToString("N")[..6], "video_orphanyoung" + Guid.NewGuid().ToString("N")[..6]);
        var hoursAgo = DateTime.UtcNow.AddHours(-2);
        foreach (var id in new[] { old, young })
        {
            Directory.CreateDirectory(Path.Combine(JobsFolder, id));
            await File.WriteAllBytesAsync(Path.Combine(JobsFolder, id, "input.png"), [1, 2, 3], Ct);
        }
        foreach (var id in new[] { old, owned })
        {
            File.SetLastWriteTimeUtc(Path.Combine(JobsFolder, id, "input.png"), hoursAgo);
            Directory.SetLastWriteTimeUtc(Path.Combine(JobsFolder, id), hoursAgo);
        }
        var sweeper = new OrphanSweeper(_app.Services.GetRequiredService<IJobStore>(), _app.Services.GetRequiredService<IBlobStore>(),
            TimeProvider.System, NullLogger<OrphanSweeper>.Instance);

        var deleted = await sweeper.SweepAsync(Ct);

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(Path.Combine(JobsFolder, old)));
        Assert.True(Directory.Exists(Path.Combine(JobsFolder, young)), "written within the hour: maybe a create in flight");
        Assert.True(Directory.Exists(Path.Combine(JobsFolder, owned)), "its job exists");
    }

    [Fact]
    public async Task LiteralInternalAddresses_InAssetUrls_AreRefusedAtCreate_InEveryDialect()
    {
        using var client = await ClientAsync();
        var cases = new (string Path, object Body, string Param)[]
        {
            ("v1/videos", new { prompt = "x", size = "160x90", input_reference = new { image_url = "http://127.0.0.1:8080/a.png" } }, "input_reference"),
            ("v1/videos", new { timeline = new { scenes = new[] { new { duration = 1, background = new { image = new { src = "http://[64:ff9b::a9fe:a9fe]/latest" } } } } } },
                "timeline.scenes[0].background.image.src"),
            ("v1/videos", new { timeline = new { soundtrack = new { src = "https://[::ffff:10.0.0.1]/a.mp3" }, scenes = new[] { new { duration = 1 } } } }, "timeline.soundtrack.src"),
            ("v1/videos", new { template = "image-slideshow", inputs = new { images = new[] { "http://192.168.1.1/a.png" } } }, "inputs.scenes[0].background.image.src"),
        };
        foreach (var (path, body, param) in cases)
        {
            var response = await client.PostJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.JsonAsync())["error"]!;
            Assert.Equal(param, error["param"]!.GetValue<string>());
            Assert.Contains("loopback, private or reserved", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using var pictory = new HttpClient { BaseAddress = new Uri(ServerFixture.AddressOf(_app), "compat/pictory/pictoryapis/") };
        pictory.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", client.DefaultRequestHeaders.Authorization!.Parameter);
        var refused = await (await pictory.PostJsonAsync("v1/aistudio/videos", new { prompt = "From the metadata service.", firstFrameImageUrl = "http://169.254.169.254/latest" })).JsonAsync();
        Assert.Equal("firstFrameImageUrl", refused["fields"]![0]!["name"]!.GetValue<string>());

        using var iacrea = new HttpClient { BaseAddress = new Uri(ServerFixture.AddressOf(_app), "compat/iacrea/") };
        iacrea.DefaultRequestHeaders.TryAddWithoutValidation("x-api-key", client.DefaultRequestHeaders.Authorization!.Parameter);
        var answer = await iacrea.PostJsonAsync("api/video-editor/generate/video", new
        {
            video = new { format = "square", colors = new[] { "#000000", "#FFFFFF" }, sequences = new[] { new { order = 0, duration = 2, type = "image", data = new { url = "http://[2002:7f00:1::1]/a.jpg" } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("video.scenes[0].background.image.src", (await answer.JsonAsync())["field"]!.GetValue<string>());

        // A name is not judged here: it is checked on the address connected to, by the worker.
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("v1/videos", new { prompt = "x", size = "160x90", input_reference = new { image_url = "http://localhost:9/a.png" } })).StatusCode);
    }
}
