using System.Net;
using System.Text.Json.Nodes;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests.Compat;

/// <summary>Prism's dialect (seed: prism-get-generation.txt; dialects.md section 5) over real HTTP.</summary>
public sealed class PrismTests(ServerFixture server) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private HttpClient Prism(string? key = ServerFixture.DevKey)
    {
        var client = server.Client(key);
        client.BaseAddress = new Uri(server.BaseAddress, "compat/prism/api/");
        return client;
    }

    private static string[] Keys(JsonNode node) => node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    private static async Task<JsonObject> WaitAsync(HttpClient prism, string id)
    {
        for (var i = 0; i < 600; i++)
        {
            var generation = await (await prism.GetAsync($"generations/{id}", Ct)).JsonAsync();
            if (generation["status"]!.GetValue<string>() != "generating")
            {
                return generation;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException(id);
    }

    [Fact]
    public async Task Generate_Poll_Download_AndTheWebhookCarriesTheSameBody()
    {
        using var prism = Prism();
        var generated = await (await prism.PostJsonAsync("templates/quote-card/generate", new
        {
            variables = new { quote = "Make it work, make it right, make it fast.", author = "Kent Beck", seconds = "2" },
            webhook_url = _receiver.Url("/prism").ToString(),
        })).JsonAsync();
        Assert.Equal(["credits_charged", "generations", "latency_estimate_sec", "template_id"], Keys(generated));
        var entry = Assert.Single(generated["generations"]!.AsArray())!;
        Assert.Equal(["generation_id", "status"], Keys(entry));
        Assert.Equal(("generating", "quote-card", 2), (entry["status"]!.GetValue<string>(), generated["template_id"]!.GetValue<string>(), generated["credits_charged"]!.GetValue<int>()));
        var id = entry["generation_id"]!.GetValue<string>();

        var generating = await (await prism.GetAsync($"generations/{id}", Ct)).JsonAsync();
        if (generating["status"]!.GetValue<string>() == "generating")
        {
            SeedExamples.AssertSameShape(SeedExamples.PrismGenerating, generating);
        }

        var done = await WaitAsync(prism, id);
        SeedExamples.AssertSameShape(SeedExamples.PrismCompleted, done);
        Assert.Equal(("completed", "quote-card"), (done["status"]!.GetValue<string>(), done["template_id"]!.GetValue<string>()));
        Assert.Null(done["error"]);
        Assert.EndsWith("Z", done["completed_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse(done["completed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            >= DateTimeOffset.Parse(done["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        using var anonymous = new HttpClient();
        var mp4 = await anonymous.GetAsync(done["video_url"]!.GetValue<string>(), Ct);
        Assert.Equal("video/mp4", mp4.Content.Headers.ContentType!.MediaType);

        var delivery = Assert.Single(await _receiver.WaitForAsync("/prism", 1));
        var hook = JsonNode.Parse(delivery.Body)!;
        SeedExamples.AssertSameShape(SeedExamples.PrismCompleted, hook);
        Assert.Equal(("completed", id), (hook["status"]!.GetValue<string>(), hook["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AFailedGeneration_HasTheErrorString()
    {
        using var prism = Prism();
        var generated = await (await prism.PostJsonAsync("templates/image-slideshow/generate",
            new { variables = new { images = new[] { "http://localhost:9/unreachable.png" } } })).JsonAsync();
        var failed = await WaitAsync(prism, generated["generations"]![0]!["generation_id"]!.GetValue<string>());
        SeedExamples.AssertSameShape(SeedExamples.PrismFailed, failed);
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Null(failed["video_url"]);
        Assert.Null(failed["completed_at"]);
        Assert.False(string.IsNullOrEmpty(failed["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Templates_ArePaged_WithInputVariables()
    {
        using var prism = Prism();
        var page = await (await prism.GetAsync("templates?limit=2&offset=1", Ct)).JsonAsync();
        Assert.Equal(2, page["data"]!.AsArray().Count);
        Assert.Equal((1, 2, true), (page["pagination"]!["offset"]!.GetValue<int>(), page["pagination"]!["limit"]!.GetValue<int>(), page["pagination"]!["has_more"]!.GetValue<bool>()));

        var listing = (await (await prism.GetAsync("templates/property-listing", Ct)).JsonAsync())["data"]!;
        Assert.Equal("real-estate", listing["category"]!.GetValue<string>());
        var photos = listing["input_variables"]!.AsArray().Single(v => v!["key"]!.GetValue<string>() == "photos")!;
        Assert.Equal(("image", true), (photos["type"]!.GetValue<string>(), photos["required"]!.GetValue<bool>()));
        var category = await (await prism.GetAsync("templates?category=social", Ct)).JsonAsync();
        Assert.All(category["data"]!.AsArray(), t => Assert.Equal("social", t!["category"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Errors_AreFlat_WithPrismsCodes()
    {
        using var prism = Prism();
        using var noScope = Prism(await server.NewAccountKeyAsync(Scopes.VideosRead, Scopes.VideosWrite));
        using var stranger = Prism(await server.NewAccountKeyAsync(Scopes.VideosRead, Scopes.VideosWrite, Scopes.TemplatesRead));
        using var anonymous = Prism(null);
        using var otherHeader = Prism(null);
        otherHeader.DefaultRequestHeaders.Add("x-api-key", ServerFixture.DevKey);
        var mine = await (await prism.PostJsonAsync("templates/quote-card/generate", new { variables = new { quote = "Mine.", seconds = 2 } })).JsonAsync();
        var mineId = mine["generations"]![0]!["generation_id"]!.GetValue<string>();

        Directory.CreateDirectory(Path.Combine(server.DataDirectory, "templates"));
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "templates", "too-long.json"), """
            {"id":"too-long","name":"Too long","variables":[{"key":"title","required":true}],
             "timeline":{"scenes":[{"duration":999,"layers":[{"text":"{{title}}"}]}]}}
            """, Ct);

        foreach (var (response, status, code) in new[]
        {
            (await noScope.GetAsync("templates", Ct), 403, "forbidden"),
            (await anonymous.GetAsync("templates", Ct), 401, "unauthorized"),
            (await otherHeader.GetAsync("templates", Ct), 401, "unauthorized"),
            (await stranger.GetAsync($"generations/{mineId}", Ct), 404, "not_found"),
            (await prism.PostJsonAsync("templates/quote-card/generate", new { variables = new { author = "No quote" } }), 400, "validation_error"),
            (await prism.PostJsonAsync("templates/nope/generate", new { variables = new { } }), 404, "not_found"),
            (await prism.PostJsonAsync("templates/too-long/generate", new { variables = new { title = "x" } }), 422, "invalid_template"),
        })
        {
            Assert.Equal((HttpStatusCode)status, response.StatusCode);
            var body = await response.JsonAsync();
            Assert.Equal(["error", "message"], Keys(body));
            Assert.Equal(code, body["error"]!.GetValue<string>());
        }
    }
}
