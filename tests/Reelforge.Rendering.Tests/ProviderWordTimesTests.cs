using System.Text.Json.Nodes;
using Reelforge.Rendering.Providers;

namespace Reelforge.Rendering.Tests;

public sealed class ProviderWordTimesTests
{
    private static JsonArray Times(params (string Word, double Start, double End)[] words) =>
        new(words.Select(w => (JsonNode)new JsonObject { ["word"] = w.Word, ["start_time"] = w.Start, ["end_time"] = w.End }).ToArray());

    [Fact]
    public void WordsThatLineUp_KeepTheNarrationsSpelling_AtTheProvidersTimes()
    {
        var words = ProviderWordTimes.From(Times(("hello", 0.1, 0.3), (",", 0.3, 0.31), ("world", 0.4, 0.9), (".", 0.9, 0.95)), "Hello, world.", 1.2)!;

        Assert.Equal(["Hello,", "world."], words.Select(w => w.Text));
        Assert.Equal([0.1, 0.4], words.Select(w => w.Start));
    }

    [Fact]
    public void WordsThatDoNotLineUp_AreShownAsSpoken()
    {
        // The server read "$5" as two words: show what was said.
        var words = ProviderWordTimes.From(Times(("five", 0.0, 0.3), ("dollars", 0.3, 0.8)), "$5", 1.0)!;

        Assert.Equal(["five", "dollars"], words.Select(w => w.Text));
    }

    [Fact]
    public void TimesAreKeptInOrderAndInsideTheAudio()
    {
        var words = ProviderWordTimes.From(Times(("one", 0.5, 0.4), ("two", 0.2, 9.0)), "one two", 1.0)!;

        Assert.Equal((0.5, 0.51), (words[0].Start, words[0].End), (a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-9 && Math.Abs(a.Item2 - b.Item2) < 1e-9);
        Assert.Equal((0.5, 1.0), (words[1].Start, words[1].End));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[]")]
    [InlineData("""[{"word": ".", "start_time": 0, "end_time": 0.1}]""")]
    [InlineData("""[{"word": "hi", "start_time": "soon", "end_time": -1}]""")]
    public void AnswersWithoutUsableTimes_GiveNone(string? json)
    {
        Assert.Null(ProviderWordTimes.From(json is null ? null : (JsonArray)JsonNode.Parse(json)!, "hi", 1.0));
    }
}
