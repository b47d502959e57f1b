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

        var speech = (await Probe.ProbeAsync(TimelineNarrator.AudioPath(Work, 0), Ct)).DurationSeconds;
        var info = await Probe.ProbeAsync(clip, Ct);
        Assert.InRange(info.DurationSeconds, speech + TimelineNarrator.Pause - 0.05, speech + TimelineNarrator.Pause + 0.1);
        Assert.True(await MeanVolumeAsync(clip) > -45, "the narration is in the audio track");
        Assert.Equal(4, narrated.Scenes[0].Layers.Count(l => l.Style == "caption"));

        var frame = await FrameAtAsync(clip, speech * 0.3);
        using var bitmap = SKBitmap.Decode(frame);
        var yellow = Enumerable.Range(0, 320).SelectMany(x => Enumerable.Range(120, 60).Select(y => bitmap.GetPixel(x, y)))
            .Count(c => c.Red > 200 && c.Green > 170 && c.Blue < 90);
        Assert.True(yellow > 20, $"the current caption group is drawn in the highlight colour ({yellow} pixels)");
    }

    private async Task<double> MeanVolumeAsync(string media)
    {
        var log = Path.Combine(Work, "volume.log");
        await Runner.RunAsync(["-i", media, "-map", "0:a", "-af", "volumedetect", "-f", "null", "-"], 0, log, null, Ct);
        var line = File.ReadLines(log).Last(l => l.Contains("mean_volume:", StringComparison.Ordinal));
        return double.Parse(line[(line.IndexOf("mean_volume:", StringComparison.Ordinal) + 12)..].Replace("dB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
    }
}
