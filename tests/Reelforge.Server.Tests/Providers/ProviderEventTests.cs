using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Rendering.Providers;
using Reelforge.Timelines;

namespace Reelforge.Server.Tests.Providers;

/// <summary>
/// What providers did shows in the job's `note` events (AI-fill, speech); speech word times from
/// the provider time the captions; a template's `prompt` goes through the script writer.
/// </summary>
public sealed class ProviderEventTests(ProviderServer server) : IClassFixture<ProviderServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly System.Text.RegularExpressions.Regex Latency = new(@" \d+ ms");

    private FakeProviders Fake => server.Fake;

    [Fact]
    public async Task BlotatoAiFill_ItsMessagesAndEachProviderCallsLatency_AreTheJobsNotes()
    {
        Fake.Reset((call, _) => call.Path == "/v1/chat/completions" ? Wire.Chat("""{"title": "Lighthouses"}""") : null);
        using var blotato = server.Client();
        blotato.DefaultRequestHeaders.Authorization = null;
        blotato.DefaultRequestHeaders.Add("blotato-api-key", ServerFixture.DevKey);

        var created = await blotato.PostJsonAsync("compat/blotato/v2/videos/from-templates", new
        {
            templateId = "image-slideshow", inputs = new { seconds_per_image = 1 }, prompt = "A lighthouse at night.",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var native = server.Client();
        var done = await native.WaitForVideoAsync((await created.JsonAsync())["item"]!["id"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var notes = await server.NotesAsync(done);
        Assert.Contains(notes, n => n.StartsWith("inputs: script provider llama3 wrote 1 of 1 text inputs in ", StringComparison.Ordinal) && Latency.IsMatch(n));
        Assert.Contains(notes, n => n.StartsWith("inputs: images 1: image from library for \"lighthouse night\" in ", StringComparison.Ordinal) && Latency.IsMatch(n));
        await server.AssertNoKeyLeaksAsync(native, done);
    }

    [Fact]
    public async Task EachSpeechCall_IsANote_WithItsLatency_AndWhereTheWordTimesCameFrom()
    {
        Fake.Reset((call, _) => call.Path == "/v1/audio/speech" ? Results.Bytes(Fake.Bytes("speech.wav"), "audio/wav") : null);
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Ships come home. The light stays on.", style = "story", script = "literal", size = "160x90", visuals = "none" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var spoken = (await server.NotesAsync(done)).Where(n => n.StartsWith("speech: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, spoken.Count);
        Assert.All(spoken, n => Assert.Matches(@"^speech: scene \d: kokoro spoke 1\.50 s in \d+ ms; word times shared over the measured length$", n));
    }

    private OpenAiSpeechEngine CaptionedEngine() => new(
        Options.Create(new SpeechOptions
        {
            Provider = "openai", BaseUrl = Fake.Url("/v1").ToString(), ApiKey = ProviderServer.SpeechKey, Model = "kokoro", Voice = "af_bella", WordTimings = "captioned",
        }),
        Options.Create(new ProviderCallOptions { RetryDelayMilliseconds = 20 }),
        server.Services.GetRequiredService<FfmpegRunner>(), server.Services.GetRequiredService<Ffprobe>(), TimeProvider.System);

    [Fact]
    public async Task KokorosCaptionedSpeech_TimesTheCaptionsByTheProvidersWordTimes()
    {
        Fake.Reset((call, _) => call.Path == "/dev/captioned_speech" ? Results.Json(new
        {
            audio = Convert.ToBase64String(Fake.Bytes("speech.wav")), audio_format = "audio/wav",
            timestamps = new object[]
            {
                new { word = "Ships", start_time = 0.10, end_time = 0.40 }, new { word = "come", start_time = 0.45, end_time = 0.70 },
                new { word = "home", start_time = 0.75, end_time = 1.20 }, new { word = ".", start_time = 1.20, end_time = 1.25 },
            },
        }) : null);
        using var engine = CaptionedEngine();
        var work = Directory.CreateTempSubdirectory("rf-captioned-").FullName;
        var timeline = new Timeline
        {
            Output = new OutputSpec { Width = 160, Height = 90, Fps = 25 },
            Scenes = [new Scene { Duration = SceneLength.Auto, Narration = new Narration { Text = "Ships come home." } }],
        };

        var narrated = await TimelineNarrator.ApplyAsync(timeline, engine, work, Ct);

        var asked = JsonNode.Parse(Assert.Single(Fake.At("/dev/captioned_speech")).Body)!;
        Assert.Equal((false, true, "Ships come home."), (asked["stream"]!.GetValue<bool>(), asked["return_timestamps"]!.GetValue<bool>(), asked["input"]!.GetValue<string>()));
        Assert.Equal("Bearer " + ProviderServer.SpeechKey, Fake.At("/dev/captioned_speech")[0].Authorization);
        Assert.Empty(Fake.At("/v1/audio/speech"));
        var words = narrated.Scenes[0].Layers.Single(l => l.Type == "captions").Words!;
        Assert.Equal(["Ships", "come", "home."], words.Select(w => w.Text));
        Assert.Equal([0.10, 0.45, 0.75], words.Select(w => w.Start), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal([0.40, 0.70, 1.20], words.Select(w => w.End), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.True(File.Exists(narrated.Scenes[0].Narration!.AudioPath));
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task ASpeechServerWithoutCaptionedSpeech_IsAskedPlainly_AndTheLengthIsSharedAmongTheWords()
    {
        Fake.Reset((call, _) => call.Path == "/v1/audio/speech" ? Results.Bytes(Fake.Bytes("speech.wav"), "audio/wav") : null);
        using var engine = CaptionedEngine();
        var wav = Path.Combine(Directory.CreateTempSubdirectory("rf-plain-").FullName, "n.wav");

        var speech = await engine.SpeakAsync(new Narration { Text = "Ships come home." }, wav, Ct);

        Assert.Single(Fake.At("/dev/captioned_speech"));
        Assert.Single(Fake.At("/v1/audio/speech"));
        Assert.Equal(0, speech.Words[0].Start);
        Assert.Equal(1.5, speech.Words[^1].End, precision: 2);
        Assert.Matches("word times shared over the measured length; ../dev/captioned_speech answered HTTP 404", speech.Note!);
        Directory.Delete(Path.GetDirectoryName(wav)!, recursive: true);
    }

    [Fact]
    public async Task ATemplatesPrompt_IsWrittenByTheScriptProvider()
    {
        Fake.Reset((call, _) => call.Path switch
        {
            "/v1/chat/completions" => Wire.Chat(Wire.Scenes(("Keepers", "Keepers climbed the tower every night.", "lighthouse keeper"))),
            "/v1/audio/speech" => Results.Bytes(Fake.Bytes("speech.wav"), "audio/wav"),
            _ => null,
        });
        using var client = server.Client();

        var created = await (await client.PostJsonAsync("v1/videos", new
        {
            template = "narrated-story", inputs = new { prompt = "The history of lighthouse keepers", size = "1280x720" },
        })).JsonAsync();

        var id = created["id"]!.GetValue<string>();
        // The written narration is what gets spoken (the render itself is not waited for).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Fake.At("/v1/audio/speech").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }
        var chat = JsonNode.Parse(Assert.Single(Fake.At("/v1/chat/completions")).Body)!;
        Assert.Contains("The history of lighthouse keepers", chat["messages"]!.AsArray()[1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var spoken = JsonNode.Parse(Assert.Single(Fake.At("/v1/audio/speech")).Body)!;
        Assert.Equal("Keepers climbed the tower every night.", spoken["input"]!.GetValue<string>());
        Assert.Contains(await server.NotesAsync(created), n => n.StartsWith("script: script provider llama3 wrote 1 scenes", StringComparison.Ordinal));
        await client.DeleteAsync($"v1/videos/{id}", Ct);
    }
}
