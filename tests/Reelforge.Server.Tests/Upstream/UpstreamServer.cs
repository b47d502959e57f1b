using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Jobs;
using Reelforge.Server.Tests.Providers;

namespace Reelforge.Server.Tests.Upstream;

/// <summary>
/// A Reelforge whose upstream video service is a <see cref="FakeProviders"/> speaking OpenAI's
/// Videos API under `/up/v1`, forwarding the model `up-video`, with a library folder of one
/// picture. Each test scripts the fake with <see cref="Videos"/>; status polls wait 5 ms.
/// </summary>
public sealed class UpstreamServer : IAsyncLifetime
{
    public const string Key = "sk-upstream-secret-7", Model = "up-video";

    private WebApplication? _app;

    public FakeProviders Fake { get; private set; } = null!;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "rf-upstream-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeProviders.StartAsync();
        var library = Path.Combine(DataDirectory, "library");
        Directory.CreateDirectory(library);
        File.Copy(Path.Combine(Fake.Directory, "yellow.jpg"), Path.Combine(library, "lighthouse.jpg"));
        _app = await ServerFixture.StartAsync(DataDirectory, new Dictionary<string, string?>
        {
            ["Auth:DevelopmentKey"] = ServerFixture.DevKey,
            ["Workers:Concurrency"] = "2",
            ["Upstream:BaseUrl"] = Fake.Url("/up/v1").ToString(), ["Upstream:ApiKey"] = Key, ["Upstream:Models:0"] = Model,
            ["Upstream:PollMilliseconds"] = "5",
            ["Media:Library:Directory"] = library,
            ["Providers:RetryDelayMilliseconds"] = "20",
        });
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(_app!), Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerFixture.DevKey);
        return client;
    }

    public Task<IReadOnlyList<JobEvent>> EventsAsync(JsonObject video) =>
        _app!.Services.GetRequiredService<IJobStore>().ListEventsAsync(video["id"]!.GetValue<string>(), 0, CancellationToken.None);

    /// <summary>
    /// Answers as an OpenAI Videos service: a create is `queued`; each status read moves it along
    /// <paramref name="statuses"/> (the last repeats), then `/content` serves the FFmpeg-made blue clip.
    /// </summary>
    public void Videos(params (string Status, int Progress)[] statuses) => Fake.Reset((call, n) => call switch
    {
        { Method: "POST", Path: "/up/v1/videos" } => VideoAnswer("video_up" + n, JsonNode.Parse(call.Body)!, "queued", 0),
        { Method: "GET", Path: var p } when p.EndsWith("/content", StringComparison.Ordinal) => Results.File(Path.Combine(Fake.Directory, "clip.mp4"), "video/mp4"),
        { Method: "GET", Path: var p } when p.StartsWith("/up/v1/videos/", StringComparison.Ordinal) =>
            VideoAnswer(p[14..], null, statuses[Math.Min(n, statuses.Length) - 1].Status, statuses[Math.Min(n, statuses.Length) - 1].Progress),
        { Method: "DELETE", Path: var p } => Results.Json(new { id = p[14..], @object = "video.deleted", deleted = true }),
        _ => null,
    });

    private static IResult VideoAnswer(string id, JsonNode? asked, string status, int progress) => new WithPollAfter(Results.Json(new
    {
        id, @object = "video", status, progress, model = Model, seconds = "2", size = "320x180", created_at = 1_700_000_000,
        prompt = asked?["prompt"]?.GetValue<string>(),
        error = status == "failed" ? new { code = "moderation_blocked", message = "The prompt was blocked upstream." } : null,
    }), status is "completed" or "failed" ? null : "3");

    private sealed class WithPollAfter(IResult inner, string? ms) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            if (ms is not null)
            {
                http.Response.Headers["openai-poll-after-ms"] = ms;
            }
            return inner.ExecuteAsync(http);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
