using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Reelforge.Server.Tests.Compat;

/// <summary>Blotato's dialect (seed: blotato-get-visual-status.md; dialects.md section 4) over real HTTP.</summary>
public sealed class BlotatoTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] Order = ["queueing", "generating-script", "script-ready", "generating-media", "media-ready", "exporting", "done"];

    private HttpClient Blotato(string key = ServerFixture.DevKey)
    {
        var client = server.Client(null);
        client.BaseAddress = new Uri(server.BaseAddress, "compat/blotato/v2/");
        client.DefaultRequestHeaders.Add("blotato-api-key", key);
        return client;
    }

    private static string[] Keys(JsonNode node) => node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Polls until done or failed; returns every status word seen, in order, and the last item.</summary>
    private static async Task<(List<string> Seen, JsonObject Item)> FollowAsync(HttpClient blotato, string id)
    {
        var seen = new List<string>();
        for (var i = 0; i < 1200; i++)
        {
            var body = await (await blotato.GetAsync($"videos/creations/{id}", Ct)).JsonAsync();
            var item = body["item"]!.AsObject();
            var status = item["status"]!.GetValue<string>();
            SeedExamples.AssertSameShape(status switch
            {
                "done" => SeedExamples.BlotatoDone,
                "creation-from-template-failed" => SeedExamples.BlotatoFailed,
                _ => SeedExamples.BlotatoInProgress,
            }, body, "mediaUrl", "imageUrls");
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }
            if (status is "done" or "creation-from-template-failed")
            {
                return (seen, item);
            }
            await Task.Delay(20, Ct);
        }
        throw new TimeoutException(id);
    }

    [Fact]
    public async Task FromTemplate_PollsThroughEveryStageInOrder_ToAVideo()
    {
        using var blotato = Blotato();
        var created = await blotato.PostJsonAsync("videos/from-templates", new
        {
            templateId = "/base/v2/tweet-card/9714ae5c-7e6b-4878-be4a-4b1ba5d0cd66/v1",
            inputs = new { name = "Reelforge", handle = "@reelforge", seconds = 2 },
            prompt = "Self-hosted video, rendered on a CPU.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.JsonAsync())["item"]!;
        Assert.Equal(["id", "status"], Keys(item));
        Assert.Equal("queueing", item["status"]!.GetValue<string>());
        var id = item["id"]!.GetValue<string>();

        var (seen, done) = await FollowAsync(blotato, id);
        Assert.Equal(seen, Order.Where(seen.Contains)); // a subsequence of the documented order
        Assert.Equal(["createdAt", "id", "imageUrls", "mediaUrl", "status"], Keys(done));
        Assert.True(DateTimeOffset.TryParse(done["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
        Assert.Null(done["imageUrls"]);
        using var anonymous = new HttpClient();
        Assert.Equal("video/mp4", (await anonymous.GetAsync(done["mediaUrl"]!.GetValue<string>(), Ct)).Content.Headers.ContentType!.MediaType);

        // Every stage word, in order, from the stored history (polling may step over short stages).
        using var native = server.Client();
        var events = await (await native.GetAsync($"v1/videos/{id}/events", Ct)).Content.ReadAsStringAsync(Ct);
        var stages = events.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l[6..])!["stage"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(["queued", "generating_script", "script_ready", "generating_media", "media_ready", "exporting", "completed"], stages);

        Assert.Equal(HttpStatusCode.NoContent, (await blotato.DeleteAsync($"videos/{id}", Ct)).StatusCode);
        var gone = await blotato.GetAsync($"videos/creations/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(SeedExamples.BlotatoNotFound, await gone.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ACarousel_GivesImageUrlsOnly()
    {
        using var blotato = Blotato();
        var images = new[] { TemplateApiTests.DataUrl(SKColors.Orange), TemplateApiTests.DataUrl(SKColors.Teal), TemplateApiTests.DataUrl(SKColors.Purple) };
        var created = await (await blotato.PostJsonAsync("videos/from-templates", new { templateId = "image-carousel", inputs = new { images } })).JsonAsync();

        var (_, done) = await FollowAsync(blotato, created["item"]!["id"]!.GetValue<string>());
        Assert.Equal("done", done["status"]!.GetValue<string>());
        Assert.Null(done["mediaUrl"]);
        var slides = done["imageUrls"]!.AsArray();
        Assert.Equal(3, slides.Count);
        using var anonymous = new HttpClient();
        using var slide = SKBitmap.Decode(await anonymous.GetByteArrayAsync(slides[1]!.GetValue<string>(), Ct));
        Media.AssertClose(SKColors.Teal, slide.GetPixel(540, 540));
    }

    [Fact]
    public async Task AFailedCreation_IsTheSeedsFailedItem()
    {
        using var blotato = Blotato();
        var created = await (await blotato.PostJsonAsync("videos/from-templates",
            new { templateId = "image-slideshow", inputs = new { images = new[] { "http://localhost:9/unreachable.jpg" } } })).JsonAsync();
        var (_, failed) = await FollowAsync(blotato, created["item"]!["id"]!.GetValue<string>());
        Assert.Equal("creation-from-template-failed", failed["status"]!.GetValue<string>());
        Assert.Null(failed["mediaUrl"]);
        Assert.Null(failed["imageUrls"]);
    }

    [Fact]
    public async Task Templates_AreListedWithTheAskedFields()
    {
        using var blotato = Blotato();
        var all = (await (await blotato.GetAsync("videos/templates", Ct)).JsonAsync())["items"]!.AsArray();
        Assert.All(all, t => Assert.Equal(["description", "id", "title"], Keys(t!)));

        var found = (await (await blotato.GetAsync("videos/templates?fields=id,name,inputs&search=^quote", Ct)).JsonAsync())["items"]!.AsArray();
        var quote = Assert.Single(found)!;
        Assert.Equal("quote-card", quote["id"]!.GetValue<string>());
        Assert.Contains(quote["inputs"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "quote" && i["required"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.BadRequest, (await blotato.GetAsync("videos/templates?search=(", Ct)).StatusCode);
    }

    [Fact]
    public async Task Errors_AreBlotatosBodies_AndOnlyItsHeaderIsAccepted()
    {
        using var blotato = Blotato();
        var missing = await blotato.PostJsonAsync("videos/from-templates", new { templateId = "quote-card", inputs = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var body = await missing.JsonAsync();
        Assert.Equal(["message", "statusCode"], Keys(body));
        Assert.Contains("inputs.quote", body["message"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await blotato.PostJsonAsync("videos/from-templates", new { templateId = "nope", inputs = new { } })).StatusCode);

        using var bearer = server.Client();
        var refused = await bearer.GetAsync("compat/blotato/v2/videos/templates", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(401, (await refused.JsonAsync())["statusCode"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Blotato("rf_wrong").GetAsync("videos/templates", Ct)).StatusCode);
    }

    [Fact]
    public async Task AQuoteCardWithOnlyAPrompt_HasItsQuoteFilledFromThePromptsFirstSentence_WithNoScriptProvider()
    {
        var template = server.Services.GetRequiredService<Reelforge.Templates.TemplateLibrary>().Find("quote-card")!;
        var (inputs, gap, _) = await server.Services.GetRequiredService<Reelforge.Providers.TemplateFiller>()
            .FillAsync(template, [], "Ships come home by the light. Keepers stayed up all night.", 720, 1280, Ct);
        Assert.Null(gap);
        Assert.Equal("Ships come home by the light.", inputs["quote"]!.GetValue<string>());
        Assert.Null(inputs["author"]); // a name is never guessed from a prompt: the template's default stays

        using var blotato = Blotato();
        var created = await blotato.PostJsonAsync("videos/from-templates", new
        {
            templateId = "quote-card", inputs = new { seconds = 2 }, prompt = "Ships come home by the light. Keepers stayed up all night.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (_, done) = await FollowAsync(blotato, (await created.JsonAsync())["item"]!["id"]!.GetValue<string>());
        Assert.Equal("done", done["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnImageTemplateWithOnlyAPrompt_AndNoMediaSources_Is400_NamingTheInputAndMediaSources()
    {
        using var blotato = Blotato();
        var response = await blotato.PostJsonAsync("videos/from-templates", new { templateId = "image-slideshow", inputs = new { }, prompt = "A lighthouse at night." });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(["message", "statusCode"], Keys(body));
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        var message = body["message"]!.GetValue<string>();
        Assert.Contains("input 'images' needs a picture", message, StringComparison.Ordinal);
        Assert.Contains("Media:Sources", message, StringComparison.Ordinal);

        // A required name cannot come from a prompt either: the 400 says what would fill it.
        var tweet = await blotato.PostJsonAsync("videos/from-templates", new { templateId = "tweet-card", inputs = new { }, prompt = "Hello there." });
        Assert.Equal(HttpStatusCode.BadRequest, tweet.StatusCode);
        var said = (await tweet.JsonAsync())["message"]!.GetValue<string>();
        Assert.Contains("input 'name'", said, StringComparison.Ordinal);
        Assert.Contains("Script:Provider", said, StringComparison.Ordinal);
    }
}
