using Reelforge.Pipeline;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

public sealed class CaptionFilesTests
{
    [Fact]
    public void Srt_NumbersEachCue_WithCommaMillisecondsThatRollOverTheHour()
    {
        var srt = Srt(new(3599.5, 3600.25, "last minute"), new(3600.25, 3661.002, "first hour"));

        Assert.Equal("1\n00:59:59,500 --> 01:00:00,250\nlast minute\n\n2\n01:00:00,250 --> 01:01:01,002\nfirst hour\n\n", srt);
    }

    [Fact]
    public void Vtt_StartsWithItsHeader_AndUsesDotMilliseconds()
    {
        var vtt = Vtt(new(0, 1.5, "hello"), new(3599.999, 3600.001, "there"));

        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nhello\n\n00:59:59.999 --> 01:00:00.001\nthere\n\n", vtt);
    }

    [Fact]
    public void BothFormats_SortTheCues_AndEndEachWhereTheNextBegins()
    {
        CaptionCue[] cues = [new(2, 3, "third"), new(0, 1.5, "first"), new(1, 2.5, "second")];

        Assert.Equal(
            "1\n00:00:00,000 --> 00:00:01,000\nfirst\n\n2\n00:00:01,000 --> 00:00:02,000\nsecond\n\n3\n00:00:02,000 --> 00:00:03,000\nthird\n\n",
            Srt(cues));
        Assert.Contains("00:00:01.000 --> 00:00:02.000\nsecond\n", Vtt(cues), StringComparison.Ordinal);
    }

    [Fact]
    public void CuesThatBeginTogether_BecomeOne_AndEmptyOrBackwardCuesAreLeftOut()
    {
        var srt = Srt(new(1, 2, "a"), new(1, 3, "b"), new(4, 5, "  \n "), new(6, 5, "backward"));

        Assert.Equal("1\n00:00:01,000 --> 00:00:03,000\na b\n\n", srt);
    }

    [Fact]
    public void LineBreaksInText_AreSpaces_SoABlankLineCannotEndACueEarly()
    {
        CaptionCue cue = new(0, 1, "one\r\n\r\ntwo\tthree\n");

        Assert.Equal("1\n00:00:00,000 --> 00:00:01,000\none two three\n\n", Srt(cue));
        Assert.EndsWith("\none two three\n\n", Vtt(cue), StringComparison.Ordinal);
    }

    [Fact]
    public void AnArrowInText_BecomesOneCharacter_AndVttEscapesMarkup()
    {
        CaptionCue cue = new(0, 1, "a --> b <i>&</i>");

        Assert.Equal("1\n00:00:00,000 --> 00:00:01,000\na → b <i>&</i>\n\n", Srt(cue));
        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na → b &lt;i&gt;&amp;&lt;/i&gt;\n\n", Vtt(cue));
    }

    [Theory]
    [InlineData("highlight")]
    [InlineData("word")]
    public async Task Cues_FromTwoNarratedScenesJoinedByACrossfade_AreSubtitleSized_WhateverTheMode_TimedInTheWholeVideo(string mode)
    {
        // Every word lasts 0.4 s. Scene 0: 5 words = 2 s, + 0.3 pause + 0.5 crossfade out = 2.8 s.
        // Scene 1 starts at 2.8 - 0.5 = 2.3 and speaks once the crossfade is over, at 2.8.
        var timeline = new Timeline
        {
            Captions = new Captions { Mode = mode, Words = 2 },
            Scenes =
            [
                new Scene
                {
                    Duration = SceneLength.Auto,
                    Layers = [new Layer { Type = "text", Text = "A title", Style = "title" }],
                    Narration = new Narration { Text = "one two three four five" },
                    Transition = new Transition { Type = "crossfade", Duration = 0.5 },
                },
                new Scene { Duration = SceneLength.Auto, Narration = new Narration { Text = "six seven" } },
            ],
        };
        var narrated = await TimelineNarrator.ApplyAsync(timeline, new EvenSpeech(0.4), Path.GetTempPath(), TestContext.Current.CancellationToken);

        var cues = CaptionFiles.Cues(narrated);

        // Files are read, not watched: up to seven words a cue, however the picture shows them.
        Assert.Equal(["one two three four five", "six seven"], cues.Select(c => c.Text));
        Assert.Equal([0, 2.8], cues.Select(c => c.Start), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal([2.3, 3.9], cues.Select(c => c.End), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(narrated.ClipStart(1), cues[1].Start, precision: 9);
        Assert.Equal(narrated.DurationSeconds, cues[^1].End, precision: 9);
    }

    [Fact]
    public async Task Cues_StartEachSceneOnAWholeFrame_AsTheVideoDoes()
    {
        // 1.01 s is 30.3 frames at 30 fps: each scene lasts 30 frames in the file, so the third starts at 2 s, not 2.02.
        var scenes = Enumerable.Range(0, 3).Select(_ => new Scene
        {
            Duration = 1.01,
            Narration = new Narration { Text = "word" },
            Transition = new Transition { Type = "cut" },
        }).ToList();
        var timeline = new Timeline { Output = new OutputSpec { Fps = 30 }, Captions = new Captions(), Scenes = scenes };
        var narrated = await TimelineNarrator.ApplyAsync(timeline, new EvenSpeech(0.4), Path.GetTempPath(), TestContext.Current.CancellationToken);

        var cues = CaptionFiles.Cues(narrated);

        Assert.Equal([0, 1, 2], cues.Select(c => c.Start), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void Cues_IgnoreCaptionStyledLayersInScenesWithoutNarration()
    {
        var timeline = new Timeline
        {
            Scenes = [new Scene { Duration = 2, Layers = [new Layer { Type = "text", Text = "Chapter one", Style = "caption", Start = 0, End = 1 }] }],
        };

        Assert.Empty(CaptionFiles.Cues(timeline));
    }

    private static string Srt(params CaptionCue[] cues)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        CaptionFiles.WriteSrt(cues, writer);
        return writer.ToString();
    }

    private static string Vtt(params CaptionCue[] cues)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        CaptionFiles.WriteVtt(cues, writer);
        return writer.ToString();
    }

    /// <summary>Speech with known word times; espeak-ng's own times are checked end to end in the server tests.</summary>
    [Fact]
    public async Task Narration_GivesEachSceneOneCaptionsLayer_ThatNeverMeetsTheNextScenesAcrossTheTransition()
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Captions = new Captions { Mode = "karaoke" },
            Transition = new Transition { Type = "circle-open", Duration = 0.5 },
            Scenes =
            [
                new Scene { Duration = SceneLength.Auto, Narration = new Narration { Text = "one two three" } },
                new Scene { Duration = SceneLength.Auto, Narration = new Narration { Text = "four five" } },
            ],
        });

        var narrated = await TimelineNarrator.ApplyAsync(timeline, new EvenSpeech(0.4), Path.GetTempPath(), TestContext.Current.CancellationToken);

        var (first, second) = (narrated.Scenes[0].Layers.Single(l => l.Type == "captions"), narrated.Scenes[1].Layers.Single(l => l.Type == "captions"));
        // In the whole video: the first scene's captions are gone before the transition starts, the
        // second's begin only once it has ended.
        var firstGone = narrated.SceneStart(0) + first.End!.Value;
        var secondShown = narrated.SceneStart(1) + second.Words![0].Start;
        Assert.True(firstGone <= narrated.SceneStart(1) + 1e-9, $"first captions end at {firstGone}, the transition starts at {narrated.SceneStart(1)}");
        Assert.True(secondShown >= narrated.ClipStart(1) - 1e-9, $"second captions start at {secondShown}, the transition ends at {narrated.ClipStart(1)}");
        Assert.Equal("karaoke", first.Captions!.Mode);
        Assert.NotNull(narrated.Scenes[0].Narration!.AudioPath);
    }

    private sealed class EvenSpeech(double wordSeconds) : ISpeechEngine
    {
        public Task<Speech> SpeakAsync(Narration narration, string wavPath, CancellationToken ct)
        {
            var words = narration.Text.Split(' ').Select((w, i) => new SpokenWord(w, i * wordSeconds, (i + 1) * wordSeconds)).ToList();
            return Task.FromResult(new Speech(words.Count * wordSeconds, words));
        }
    }
}
