using System.Globalization;
using Reelforge.Pipeline;
using Reelforge.Rendering.Speech;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

public sealed class NarrationTests : RenderTestBase
{
    private readonly EspeakSpeechEngine _speech = new(Options);

    [Fact]
    public async Task Espeak_WritesAWav_WhoseLengthGrowsWithTheText_AndMatchesFfprobe()
    {
        var shortWav = Path.Combine(Work, "short.wav");
        var longWav = Path.Combine(Work, "long.wav");

        var brief = await _speech.SpeakAsync(new Narration { Text = "Hello." }, shortWav, Ct);
        var longer = await _speech.SpeakAsync(new Narration { Text = "Hello there. This sentence is quite a lot longer than the first one." }, longWav, Ct);

        Assert.True(longer.Seconds > brief.Seconds * 3, $"{brief.Seconds} s vs {longer.Seconds} s");
        Assert.InRange(longer.Seconds, (await Probe.ProbeAsync(longWav, Ct)).DurationSeconds - 0.05, (await Probe.ProbeAsync(longWav, Ct)).DurationSeconds + 0.05);
        Assert.Equal(13, longer.Words.Count);
        Assert.Equal(longer.Seconds, longer.Words[^1].End, precision: 6);
        Assert.True(longer.Words.Zip(longer.Words.Skip(1)).All(p => p.First.End <= p.Second.Start + 1e-9));
    }

    [Fact]
    public async Task Espeak_LeftAtTheDefaultVoice_SpeaksChineseInMandarin_NotLetterByLetterInEnglish()
    {
        const string chinese = "我们今天下午一起去公园散步。";

        var mandarin = await _speech.SpeakAsync(new Narration { Text = chinese }, Path.Combine(Work, "zh.wav"), Ct);
        var english = await _speech.SpeakAsync(new Narration { Text = chinese, Voice = "en-us" }, Path.Combine(Work, "zh-en.wav"), Ct);

        // Read in English, each character is named ("Chinese letter…"): about twice as long.
        Assert.True(mandarin.Seconds < english.Seconds * 0.7, $"{mandarin.Seconds:0.0} s in Mandarin vs {english.Seconds:0.0} s in English");
    }

    [Theory]
    [InlineData("我们今天去公园。", "cmn")]
    [InlineData("人々は電車で仕事に行きます。", "ja")]
    [InlineData("안녕하세요, 세계.", "ko")]
    [InlineData("Привет, мир.", "ru")]
    [InlineData("مرحبا بالعالم", "ar")]
    [InlineData("Hello world.", null)]
    [InlineData("Welcome to the Tokyo 東京 tour.", null)]
    public void TheDefaultVoice_FollowsTheScriptMostLettersAreIn(string text, string? voice)
    {
        Assert.Equal(voice, EspeakVoices.ForText(text));
        Assert.Equal(voice ?? "en", EspeakVoices.For(new Narration { Text = text }));
        // A voice the request names is kept.
        Assert.Equal("fr", EspeakVoices.For(new Narration { Text = text, Voice = "fr" }));
    }

    [Fact]
    public async Task Espeak_SpeaksTextThatLooksLikeOptionsOrMarkup_Literally()
    {
        var spoken = await _speech.SpeakAsync(new Narration { Text = "--help -w /etc/passwd <speak><break time='9s'/></speak>" }, Path.Combine(Work, "odd.wav"), Ct);

        Assert.InRange(spoken.Seconds, 1, 8);
        Assert.False(File.Exists("/etc/passwd.wav"));
    }

    [Fact]
    public async Task AnAutoScene_LastsAsLongAsItsSpeech_IsHeard_AndShowsHighlightedCaptions()
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = new OutputSpec { Width = 320, Height = 180, Fps = 30 },
            Captions = new Captions { Mode = "highlight", Words = 2 },
            Scenes =
            [
                new Scene
                {
                    Duration = SceneLength.Auto,
                    Background = new Background { Color = "#204060" },
                    Narration = new Narration { Text = "Reelforge speaks every word of this sentence aloud." },
                },
            ],
        });

        var narrated = await TimelineNarrator.ApplyAsync(timeline, _speech, Work, Ct);
        var clip = Path.Combine(Work, "scene-000.mp4");
        await Renderer.RenderSceneAsync(narrated, 0, clip, _ => ValueTask.CompletedTask, Ct);

        var speech = (await Probe.ProbeAsync(narrated.Scenes[0].Narration!.AudioPath!, Ct)).DurationSeconds;
        var info = await Probe.ProbeAsync(clip, Ct);
        Assert.InRange(info.DurationSeconds, speech + TimelineNarrator.Pause - 0.05, speech + TimelineNarrator.Pause + 0.1);
        Assert.True(await MeanVolumeAsync(clip) > -45, "the narration is in the audio track");
        var captions = Assert.Single(narrated.Scenes[0].Layers, l => l.Type == "captions");
        Assert.Equal(["Reelforge", "speaks", "every", "word", "of", "this", "sentence", "aloud."], captions.Words!.Select(w => w.Text));

        var frame = await FrameAtAsync(clip, speech * 0.3);
        using var bitmap = SKBitmap.Decode(frame);
        var yellow = Enumerable.Range(0, 320).SelectMany(x => Enumerable.Range(120, 60).Select(y => bitmap.GetPixel(x, y)))
            .Count(c => c.Red > 200 && c.Green > 170 && c.Blue < 90);
        Assert.True(yellow > 20, $"the current caption group is drawn in the highlight colour ({yellow} pixels)");
    }

    [Fact]
    public async Task ASoundtrack_LoopsToFillTheVideo_AcrossScenes()
    {
        var music = await ToneAsync("tone.wav", 0.5);
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = new OutputSpec { Width = 160, Height = 90, Fps = 30 },
            Soundtrack = new Soundtrack { Src = music, Volume = 1, Loop = true },
            Scenes = [new Scene { Duration = 1 }, new Scene { Duration = 1 }],
        });

        var video = await RenderAllAsync(timeline);

        Assert.True(await MeanVolumeAsync(video, from: 1.6, length: 0.3) > -30, "the half-second tone is still playing near the end");
    }

    [Fact]
    public async Task ASoundtrack_IsLoweredUnderNarration_WhenDucking()
    {
        var music = await ToneAsync("tone.wav", 10);
        Timeline Make(bool duck) => TimelineResolver.Resolve(new Timeline
        {
            Output = new OutputSpec { Width = 160, Height = 90, Fps = 30 },
            Captions = new Captions { Mode = "off" },
            Soundtrack = new Soundtrack { Src = music, Volume = 0.5, Duck = duck },
            Scenes = [new Scene { Duration = SceneLength.Auto, Narration = new Narration { Text = "Speaking over the music for a little while now." } }],
        });

        var ducked = await MeanVolumeAsync(await RenderAllAsync(Make(duck: true), "ducked"), 0.5, 1, band: 1000);
        var plain = await MeanVolumeAsync(await RenderAllAsync(Make(duck: false), "plain"), 0.5, 1, band: 1000);

        Assert.True(plain - ducked > 4, $"music at 1 kHz: {plain} dB without ducking, {ducked} dB with");
    }

    private async Task<string> ToneAsync(string name, double seconds)
    {
        var path = Path.Combine(Work, name);
        await Runner.RunAsync(["-f", "lavfi", "-i", $"sine=frequency=1000:duration={seconds.ToString(CultureInfo.InvariantCulture)}", path], 0, Path.Combine(Work, "tone.log"), null, Ct);
        return path;
    }

    private async Task<string> RenderAllAsync(Timeline timeline, string name = "all")
    {
        var dir = Directory.CreateDirectory(Path.Combine(Work, name)).FullName;
        var narrated = await TimelineNarrator.ApplyAsync(timeline, _speech, dir, Ct);
        var clips = await RenderClipsAsync(narrated, dir);
        var output = Path.Combine(dir, "video.mp4");
        await Renderer.ConcatAsync(clips, output, Ct);
        return output;
    }

    private async Task<double> MeanVolumeAsync(string media, double from = 0, double length = 3600, int band = 0)
    {
        var log = Path.Combine(Work, $"volume-{Guid.NewGuid():N}.log");
        var filter = (band > 0 ? $"bandpass=f={band}:width_type=q:w=8," : "") + "volumedetect";
        await Runner.RunAsync(["-ss", from.ToString(CultureInfo.InvariantCulture), "-t", length.ToString(CultureInfo.InvariantCulture), "-i", media, "-map", "0:a", "-af", filter, "-f", "null", "-"], 0, log, null, Ct);
        var line = File.ReadLines(log).Last(l => l.Contains("mean_volume:", StringComparison.Ordinal));
        return double.Parse(line[(line.IndexOf("mean_volume:", StringComparison.Ordinal) + 12)..].Replace("dB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
    }
}
