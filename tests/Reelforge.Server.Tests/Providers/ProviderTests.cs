using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace Reelforge.Server.Tests.Providers;

/// <summary>Scripts, pictures and voices from providers, end to end through the server and real renders.</summary>
public sealed class ProviderTests(ProviderServer server) : IClassFixture<ProviderServer>
{
    private static readonly SKColor Yellow = new(0xF0, 0xD2, 0x1E), Magenta = new(0xC8, 0x28, 0xC8), Blue = new(0x1E, 0x50, 0xDC),
        Green = new(0x28, 0xB4, 0x3C), Red = new(0xDC, 0x28, 0x28);

    private FakeProviders Fake => server.Fake;

    [Fact]
    public async Task ATopic_BecomesAWrittenNarratedScript_WithMatchingPictures_FromTheLibraryThenPexels()
    {
        var speeches = 0;
        Fake.Reset((call, n) => call.Path switch
        {
            "/v1/chat/completions" => Wire.Chat(Wire.Scenes(
                ("Lighthouses guard the coast", "Every night a lighthouse keeps ships off the rocks.", "lighthouse night"),
                ("Storms test them", "When the storm comes, the waves hit the tower.", "stormy sea waves"))),
            // The first answer is WAV as asked; the second MP3, as some servers send whatever they like.
            "/v1/audio/speech" => Results.Bytes(Fake.Bytes(Interlocked.Increment(ref speeches) == 1 ? "speech.wav" : "speech.mp3"), "audio/wav"),
            "/pexels/videos/search" => Wire.PexelsVideos(Fake.BaseAddress, "clip.mp4"),
            _ => null,
        });
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new
        {
            prompt = "Why lighthouses matter", script = "write", style = "story", voice = "am_adam", size = "256x144",
        });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var chat = Assert.Single(Fake.At("/v1/chat/completions"));
        Assert.Equal("Bearer " + ProviderServer.ScriptKey, chat.Authorization);
        var asked = JsonNode.Parse(chat.Body)!;
        Assert.Equal("llama3", asked["model"]!.GetValue<string>());
        Assert.Equal("json_schema", asked["response_format"]!["type"]!.GetValue<string>());
        Assert.NotNull(asked["response_format"]!["json_schema"]!["schema"]!["properties"]!["scenes"]);
        Assert.Contains("Why lighthouses matter", asked["messages"]!.AsArray()[1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // The narration is what is spoken, in the voice asked for; the on-screen text is not.
        var spoken = Fake.At("/v1/audio/speech");
        Assert.Equal(2, spoken.Count);
        Assert.All(spoken, s => Assert.Equal("Bearer " + ProviderServer.SpeechKey, s.Authorization));
        Assert.Equal(["Every night a lighthouse keeps ships off the rocks.", "When the storm comes, the waves hit the tower."],
            spoken.Select(s => JsonNode.Parse(s.Body)!["input"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray());
        Assert.All(spoken, s => Assert.Equal("am_adam", JsonNode.Parse(s.Body)!["voice"]!.GetValue<string>()));

        // Scene 1 matched the library; scene 2 had no library match and came from Pexels' video search.
        var search = Assert.Single(Fake.At("/pexels/videos/search"));
        Assert.Equal(ProviderServer.PexelsKey, search.Authorization);
        Assert.Equal("stormy sea waves", search.Query["query"].ToString());
        Assert.Equal("landscape", search.Query["orientation"].ToString());
        Assert.Empty(Fake.At("/pexels/v1/search"));

        Assert.Equal(2, done["scenes"]!.AsArray().Count);
        var duration = done["duration_seconds"]!.GetValue<double>();
        Assert.InRange(duration, 3, 6);
        var video = await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content");
        Media.AssertClose(Yellow, await Media.PixelAsync(video, 0.6, 4, 4), tolerance: 24);
        Media.AssertClose(Blue, await Media.PixelAsync(video, duration - 0.4, 4, 4), tolerance: 24);
        var vtt = await client.GetStringAsync(done["urls"]!["captions_vtt"]!.GetValue<string>());
        Assert.Contains("rocks", vtt, StringComparison.Ordinal);

        var notes = await server.NotesAsync(done);
        Assert.Contains(notes, n => n.StartsWith("script: script provider llama3 wrote 2 scenes", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("scene 1: image from library", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("scene 2: video from pexels", StringComparison.Ordinal)
            && n.Contains("credit: Video by Ana Keeper on Pexels (https://www.pexels.com/video/clip-1000/)", StringComparison.Ordinal));
        await server.AssertNoKeyLeaksAsync(client, done);
    }

    [Fact]
    public async Task ALibraryFolder_IsMatchedBySidecarTags_WithNoNetwork_AndTheSameSeedPicksTheSame()
    {
        Fake.Reset((_, _) => null);
        using var client = server.Client();

        var first = await client.CreateAndWaitAsync(new { prompt = "Fishing boats rest in the harbour.", seconds = 2, size = "256x144", visuals = "library", seed = 5 });
        var again = await client.CreateAndWaitAsync(new { prompt = "Fishing boats rest in the harbour.", seconds = 2, size = "256x144", visuals = "library", seed = 5 });

        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Empty(Fake.Calls);
        Media.AssertClose(Magenta, await Media.PixelAsync(await client.GetByteArrayAsync($"v1/videos/{first["id"]}/content"), 1.0, 4, 4), tolerance: 24);
        var notes = await server.NotesAsync(first);
        Assert.Contains(notes, n => n.Contains("scene 1: image from library for \"fishing boats rest harbour\"", StringComparison.Ordinal));
        Assert.Equal(notes.Select(Untimed), (await server.NotesAsync(again)).Select(Untimed));
    }

    [Fact]
    public async Task StockSources_AreTriedInOrder_ADownPexelsIsRetriedThenPixabaysPhotoIsUsed()
    {
        Fake.Reset((call, _) => call.Path switch
        {
            "/pexels/videos/search" or "/pexels/v1/search" => Wire.Status(500),
            "/pixabay/api/videos/" => Wire.PixabayVideos(Fake.BaseAddress),
            "/pixabay/api/" => Wire.PixabayImages(Fake.BaseAddress, "photo.jpg"),
            _ => null,
        });
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Waves crash on the sea.", seconds = 2, size = "256x144" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var pexels = Fake.At("/pexels/videos/search");
        Assert.Equal(3, pexels.Count); // one call and two retries
        var pixabay = Fake.Calls.Where(c => c.Path.StartsWith("/pixabay/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/pixabay/api/videos/", "/pixabay/api/"], pixabay.Select(c => c.Path));
        Assert.True(pixabay[0].At >= pexels[^1].At);
        Assert.All(pixabay, c =>
        {
            Assert.Equal(ProviderServer.PixabayKey, c.Query["key"].ToString());
            Assert.Equal("", c.Authorization);
            Assert.Equal("waves crash sea", c.Query["q"].ToString());
            Assert.Equal("horizontal", c.Query["orientation"].ToString());
        });
        Assert.Empty(Fake.At("/v1/images/generations"));
        Media.AssertClose(Green, await Media.PixelAsync(await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content"), 1.0, 4, 4), tolerance: 24);
        var notes = await server.NotesAsync(done);
        Assert.Contains(notes, n => n.Contains("scene 1: pexels failed", StringComparison.Ordinal) && n.Contains("HTTP 500, 3 times", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("image from pixabay", StringComparison.Ordinal) && n.Contains("Image by cara_sea on Pixabay", StringComparison.Ordinal));
        await server.AssertNoKeyLeaksAsync(client, done);
    }

    [Fact]
    public async Task AnImageModel_IsAskedAtTheSizeNearestTheOutput_AndItsBase64PictureIsUsed()
    {
        Fake.Reset((call, _) => call.Path == "/v1/images/generations" ? Wire.Image(Fake.Bytes("generated.png")) : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "A quiet harbour at dawn.", seconds = 2, size = "144x256", visuals = "openai-images" });

        var asked = Assert.Single(Fake.At("/v1/images/generations"));
        Assert.Equal("Bearer " + ProviderServer.ImagesKey, asked.Authorization);
        var body = JsonNode.Parse(asked.Body)!;
        Assert.Equal("1024x1536", body["size"]!.GetValue<string>());
        Assert.Equal("gpt-image-1", body["model"]!.GetValue<string>());
        Assert.Contains("quiet harbour dawn", body["prompt"]!.GetValue<string>(), StringComparison.Ordinal);
        Media.AssertClose(Red, await Media.PixelAsync(await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content"), 1.0, 4, 60), tolerance: 24);
    }

    [Fact]
    public async Task WhenNoSourceGivesAPicture_TheVideoHasTheOfflineLook_AndAnEventSaysWhy()
    {
        Fake.Reset((call, _) => call.Path.StartsWith("/pexels/", StringComparison.Ordinal) ? Wire.Status(503) : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Nothing to see.", seconds = 1, size = "160x90", visuals = "pexels" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(3, Fake.At("/pexels/videos/search").Count);
        Assert.Contains(await server.NotesAsync(done), n => n.StartsWith("media: scene 1: no source gave a picture (pexels: pexels: GET /pexels/videos/search answered HTTP 503", StringComparison.Ordinal)
            && n.EndsWith("it gets the offline look", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http429_WaitsAsLongAsRetryAfterSays_ThenUsesTheAnswer()
    {
        Fake.Reset((call, n) => call.Path switch
        {
            "/pexels/videos/search" => n == 1 ? Wire.Status(429, retryAfter: "1") : Wire.PexelsVideos(Fake.BaseAddress, "clip.mp4"),
            _ => null,
        });
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Rain on the window.", seconds = 1, size = "160x90", visuals = "pexels" });

        var calls = Fake.At("/pexels/videos/search");
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), $"waited only {(calls[1].At - calls[0].At).TotalSeconds} s");
        Assert.Contains(await server.NotesAsync(done), n => n.Contains("video from pexels", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pexels", 401)]
    [InlineData("pixabay", 403)]
    [InlineData("openai-images", 401)]
    public async Task ARefusedKey_FailsTheJobWithProviderAuthFailed_NamingTheProviderButNeverTheKey(string source, int status)
    {
        Fake.Reset((call, _) => call.Path.StartsWith("/files/", StringComparison.Ordinal) ? null : Wire.Status(status));
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Keys matter.", seconds = 1, size = "160x90", visuals = source });

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("provider_auth_failed", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains($"The {source} provider refused", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Fake.Calls); // never retried
        await server.AssertNoKeyLeaksAsync(client, done);
    }

    [Fact]
    public async Task AScriptProviderRefusingItsKey_FailsTheJob()
    {
        Fake.Reset((_, _) => Wire.Status(401));
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Topic.", script = "write", seconds = 1, size = "160x90", visuals = "none" });

        Assert.Equal("provider_auth_failed", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("The script provider refused", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageFromAStockLink_IsRefusedByTheContentCheck_AndTheSceneFallsBack()
    {
        Fake.Reset((call, _) => call.Path switch
        {
            "/pexels/videos/search" => Wire.PexelsVideos(Fake.BaseAddress, "clip.mp4"),
            "/files/clip.mp4" => Results.Text("<html>not a video</html>", "video/mp4"),
            "/pixabay/api/videos/" => Wire.PixabayVideos(Fake.BaseAddress, "clip.mp4"),
            "/pixabay/api/" => Wire.PixabayImages(Fake.BaseAddress),
            "/v1/images/generations" => Wire.Image("not a picture at all"u8.ToArray()),
            _ => null,
        });
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Clouds over hills.", seconds = 1, size = "160x90" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var notes = await server.NotesAsync(done);
        Assert.Contains(notes, n => n.Contains("pexels failed", StringComparison.Ordinal) && n.Contains("is not readable media", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("pixabay failed", StringComparison.Ordinal) && n.Contains("is not readable media", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("openai-images failed", StringComparison.Ordinal) && n.Contains("not a JPEG, PNG or WebP image", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("no source gave a picture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALinkOffTheProvidersOwnOrigin_StillGoesThroughTheAddressGuard()
    {
        // The same fake, named `localhost` instead of the configured 127.0.0.1: another origin, so loopback is refused.
        var elsewhere = new Uri($"http://localhost:{Fake.BaseAddress.Port}");
        Fake.Reset((call, _) => call.Path == "/pexels/videos/search" ? Wire.PexelsVideos(elsewhere, "clip.mp4") : call.Path == "/pexels/v1/search" ? Wire.PexelsPhotos(Fake.BaseAddress) : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Far away.", seconds = 1, size = "160x90", visuals = "pexels" });

        Assert.Empty(Fake.At("/files/clip.mp4"));
        Assert.Contains(await server.NotesAsync(done), n => n.Contains("pexels failed", StringComparison.Ordinal) && n.Contains("are not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpeechThatIsNotAudio_FailsTheJob()
    {
        Fake.Reset((call, _) => call.Path == "/v1/audio/speech" ? Results.Text("{\"oops\": true}", "audio/wav") : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Say something.", style = "story", script = "literal", size = "160x90", visuals = "none" });

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Empty(Fake.At("/v1/chat/completions")); // `literal` keeps the story's own words
        Assert.Equal("invalid_speech", done["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMalformedScript_GetsOneRepairRequest_ThenTheBuiltInPlannerIsUsed_AndAnEventSaysSo()
    {
        Fake.Reset((call, _) => call.Path == "/v1/chat/completions" ? Wire.Chat("Sure! Scene one: lighthouses. Scene two: storms.") : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Lighthouses. Storms.", script = "write", seconds = 2, size = "160x90", visuals = "none" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var chats = Fake.At("/v1/chat/completions");
        Assert.Equal(2, chats.Count);
        var repair = JsonNode.Parse(chats[1].Body)!["messages"]!.AsArray();
        Assert.Equal("assistant", repair[2]!["role"]!.GetValue<string>());
        Assert.Contains("could not be used (held no JSON object)", repair[3]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, done["scenes"]!.AsArray().Count); // the prompt's two sentences
        Assert.Contains(await server.NotesAsync(done), n => n.Contains("malformed answer twice", StringComparison.Ordinal)
            && n.EndsWith("the built-in planner made the scenes from the prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AScriptFencedAsJson_AfterOneRepair_IsUsed()
    {
        Fake.Reset((call, n) => call.Path == "/v1/chat/completions"
            ? Wire.Chat(n == 1 ? "{\"scenes\": [" : "Here you go:\n```json\n" + Wire.Scenes(("One", "One.", "a"), ("Two", "Two.", "b"), ("Three", "Three.", "c")) + "\n```")
            : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Counting", script = "write", seconds = 3, size = "160x90", visuals = "none" });

        Assert.Equal(3, done["scenes"]!.AsArray().Count);
        Assert.Contains(await server.NotesAsync(done), n => n.Contains("wrote 3 scenes", StringComparison.Ordinal) && n.Contains("after one repair request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AScriptProviderThatIsDown_IsRetried_ThenTheBuiltInPlannerIsUsed()
    {
        Fake.Reset((call, _) => call.Path == "/v1/chat/completions" ? Wire.Status(502) : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Down. Still fine.", script = "write", seconds = 2, size = "160x90", visuals = "none" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(3, Fake.At("/v1/chat/completions").Count);
        Assert.Contains(await server.NotesAsync(done), n => n.Contains("answered HTTP 502, 3 times", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("script", "poem")]
    [InlineData("visuals", "flickr")]
    [InlineData("voice", "a voice with spaces")]
    public async Task BadProviderFields_AreRefusedNamingTheField(string field, string value)
    {
        using var client = server.Client();

        var response = await client.PostJsonAsync("v1/videos", new Dictionary<string, string> { ["prompt"] = "Hi.", [field] = value });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.JsonAsync())["error"]!["param"]!.GetValue<string>());
    }

    /// <summary>A note without its measured latency, to compare two runs.</summary>
    private static string Untimed(string note) => System.Text.RegularExpressions.Regex.Replace(note, @"\d+ ms", "_ ms");
}
