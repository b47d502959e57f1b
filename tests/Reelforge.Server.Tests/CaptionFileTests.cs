using System.Globalization;
using System.Net;

namespace Reelforge.Server.Tests;

public sealed class CaptionFileTests(ServerFixture server)
{
    private const double Frame = 1.0 / 30;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoryVideo_LinksSrtAndVttCaptions_WithTheNarratedWordsTimedToTheSpeech()
    {
        const string Prompt = "A keeper climbs the stairs. The lamp turns all night.";
        using var client = server.Client();
        var done = await client.CreateAndWaitAsync(new { prompt = Prompt, size = "160x90", style = "story" });
        var duration = done["duration_seconds"]!.GetValue<double>();
        using var anonymous = new HttpClient();

        var srt = await anonymous.GetAsync(done["urls"]!["captions_srt"]!.GetValue<string>(), Ct);
        var vtt = await anonymous.GetAsync(done["urls"]!["captions_vtt"]!.GetValue<string>(), Ct);

        Assert.Equal(HttpStatusCode.OK, srt.StatusCode);
        Assert.Equal(HttpStatusCode.OK, vtt.StatusCode);
        Assert.Equal("application/x-subrip", srt.Content.Headers.ContentType!.MediaType);
        Assert.Equal("text/vtt", vtt.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", vtt.Content.Headers.ContentType.CharSet);
        var cues = ParseSrt(await srt.Content.ReadAsStringAsync(Ct));
        Assert.Equal(cues, ParseVtt(await vtt.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(Prompt, string.Join(' ', cues.Select(c => c.Text)));
        // The first scene's clip starts the video, and its speech starts with it.
        Assert.InRange(cues[0].Start, 0, Frame);
        Assert.All(cues, c => Assert.True(0 <= c.Start && c.Start < c.End && c.End <= duration, $"{c} outside 0-{duration}"));
        Assert.All(cues.Zip(cues.Skip(1)), p => Assert.True(p.First.End <= p.Second.Start, $"{p.First} overlaps {p.Second}"));
        // The second sentence waits for the 0.4 s crossfade to finish, so the captions pause that
        // long (to within the frame the scene's length is rounded to).
        var second = cues.FindIndex(c => c.Text.StartsWith("The ", StringComparison.Ordinal));
        Assert.InRange(cues[second].Start - cues[second - 1].End, 0.4 - Frame, 0.4 + Frame);
    }

    [Fact]
    public async Task ASlidesVideo_HasNoCaptionUrls()
    {
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Nothing is spoken here.", seconds = "1", size = "160x90" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.NotNull(done["urls"]!["video"]);
        Assert.Null(done["urls"]!["captions_srt"]);
        Assert.Null(done["urls"]!["captions_vtt"]);
    }

    private sealed record Cue(double Start, double End, string Text);

    /// <summary>Blocks of a number, `HH:MM:SS,mmm --> HH:MM:SS,mmm` and one text line.</summary>
    private static List<Cue> ParseSrt(string text)
    {
        var cues = new List<Cue>();
        foreach (var (block, i) in Blocks(text).Select((b, i) => (b, i)))
        {
            Assert.Equal(3, block.Length);
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), block[0]);
            cues.Add(Parse(block[1], block[2], ','));
        }
        return cues;
    }

    /// <summary>The `WEBVTT` header, then blocks of `HH:MM:SS.mmm --> HH:MM:SS.mmm` and one text line.</summary>
    private static List<Cue> ParseVtt(string text)
    {
        var blocks = Blocks(text);
        Assert.Equal(["WEBVTT"], blocks[0]);
        return blocks.Skip(1).Select(b =>
        {
            Assert.Equal(2, b.Length);
            return Parse(b[0], b[1], '.');
        }).ToList();
    }

    private static List<string[]> Blocks(string text)
    {
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        return text.TrimEnd('\n').Split("\n\n").Select(b => b.Split('\n')).ToList();
    }

    private static Cue Parse(string timing, string text, char separator)
    {
        var times = timing.Split(" --> ");
        Assert.Equal(2, times.Length);
        return new Cue(Seconds(times[0], separator), Seconds(times[1], separator), text);
    }

    private static double Seconds(string time, char separator)
    {
        Assert.Matches($@"^\d\d:\d\d:\d\d\{separator}\d\d\d$", time);
        var parts = time.Split(':', separator).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return parts[0] * 3600 + parts[1] * 60 + parts[2] + parts[3] / 1000.0;
    }
}
