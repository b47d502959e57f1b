using System.Text.Json;
using Reelforge.Jobs;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

/// <summary>The timeline's motion fields: how they read, how they are checked, how themes and `random` resolve.</summary>
public sealed class MotionTimelineTests
{
    private static Timeline Parse(string json) => JsonSerializer.Deserialize(json, TimelineJson.Default.Timeline)!;

    private static IReadOnlyList<TimelineProblem> Problems(string json) => TimelineValidator.Validate(Parse(json), new TimelineLimits());

    [Fact]
    public void Animate_ReadsAPresetName_ForBothEntranceAndExit()
    {
        var layer = Parse("""{"scenes":[{"duration":2,"layers":[{"text":"Hi","animate":"pop"}]}]}""").Scenes[0].Layers[0];

        Assert.Equal("pop", layer.Animate!.In!.Type);
        Assert.Equal("pop", layer.Animate.Out!.Type);
    }

    [Fact]
    public void Animate_ReadsTheLongForm_AndWritesItBackTheSame()
    {
        const string json = """{"scenes":[{"duration":2,"layers":[{"text":"Hi","animate":{"in":{"type":"slide-up","duration":0.5,"delay":0.2,"easing":"ease-out"},"out":"fade","float":true}}]}]}""";
        var animate = Parse(json).Scenes[0].Layers[0].Animate!;

        Assert.Equal(new Animation { Type = "slide-up", Duration = 0.5, Delay = 0.2, Easing = "ease-out" }, animate.In);
        Assert.Equal(new Animation { Type = "fade" }, animate.Out);
        Assert.True(animate.Float);
        var again = JsonSerializer.Deserialize(JsonSerializer.Serialize(Parse(json), JobJson.Default.Timeline), JobJson.Default.Timeline)!;
        Assert.Equal(animate, again.Scenes[0].Layers[0].Animate);
    }

    [Theory]
    [InlineData("""{"in":{"type":"fade","speed":2}}""")]
    [InlineData("""{"inn":"fade"}""")]
    [InlineData("""{"float":"yes"}""")]
    [InlineData("42")]
    public void Animate_RefusesWhatItDoesNotKnow(string animate) =>
        Assert.Throws<JsonException>(() => Parse($$"""{"scenes":[{"duration":2,"layers":[{"text":"Hi","animate":{{animate}}}]}]}"""));

    [Fact]
    public void BadAnimations_AreProblems_AtTheirPaths()
    {
        var problems = Problems("""
            {"scenes":[{"duration":2,"layers":[
              {"text":"Hi","animate":{"in":{"type":"spin"},"out":{"type":"fade","duration":0,"easing":"wobbly"}}},
              {"type":"shape","shape":"rect","animate":"typewriter"}]}]}
            """);

        Assert.Equal(
            ["timeline.scenes[0].layers[0].animate.in.type", "timeline.scenes[0].layers[0].animate.out.duration", "timeline.scenes[0].layers[0].animate.out.easing",
             "timeline.scenes[0].layers[1].animate.in.type", "timeline.scenes[0].layers[1].animate.out.type"],
            problems.Select(p => p.Path));
        Assert.Contains("needs a text layer", problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTransition_IsRefused_ListingEveryValidName()
    {
        var problem = Assert.Single(Problems("""{"transition":{"type":"morph"},"scenes":[{"duration":2},{"duration":2}]}"""));

        Assert.Equal("timeline.transition.type", problem.Path);
        Assert.Contains("circle-open", problem.Message, StringComparison.Ordinal);
        Assert.Contains("squeeze-vertical", problem.Message, StringComparison.Ordinal);
        Assert.Contains("random", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transitions_CoverEveryXfadeOfFfmpeg51_UnderDistinctNames()
    {
        // FFmpeg 5.1's xfade has 46 named transitions (`custom` aside); each is reachable once.
        Assert.Equal(46, Transition.Xfade.Values.Distinct().Count());
        Assert.Equal(Transition.Xfade.Count, Transition.Xfade.Values.Distinct().Count());
        Assert.All(Transition.RandomChoices, name => Assert.True(Transition.Xfade.ContainsKey(name)));
    }

    [Fact]
    public void Random_PicksFromTheTastefulSet_TheSameForTheSameSeed_AndVariesAcrossScenes()
    {
        Timeline Make(int seed) => new()
        {
            Seed = seed,
            Transition = new Transition { Type = "random", Duration = 0.3 },
            Scenes = [.. Enumerable.Range(0, 12).Select(_ => new Scene { Duration = 1 })],
        };

        var a = TimelineResolver.Resolve(Make(7)).Scenes.SkipLast(1).Select(s => s.Transition!.Type).ToList();
        var b = TimelineResolver.Resolve(Make(7)).Scenes.SkipLast(1).Select(s => s.Transition!.Type).ToList();
        var c = TimelineResolver.Resolve(Make(8)).Scenes.SkipLast(1).Select(s => s.Transition!.Type).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, t => Assert.Contains(t, Transition.RandomChoices));
        Assert.True(a.Distinct().Count() > 3, "scenes do not all get the same one");
    }

    [Fact]
    public void ShapesIconsAndCaptions_AreChecked()
    {
        var problems = Problems("""
            {"scenes":[{"duration":2,"layers":[
              {"type":"shape","shape":"star","fill":"red"},
              {"type":"icon"},
              {"type":"captions","words":[{"text":"a","start":1,"end":0.5}],"captions":{"mode":"disco","position":"left"}}]}]}
            """);

        Assert.Equal(
            ["timeline.scenes[0].layers[0].shape", "timeline.scenes[0].layers[0].fill", "timeline.scenes[0].layers[1].icon",
             "timeline.scenes[0].layers[2].words[0]", "timeline.scenes[0].layers[2].captions.mode", "timeline.scenes[0].layers[2].captions.position"],
            problems.Select(p => p.Path));
    }

    [Fact]
    public void AnUnknownTheme_IsRefused()
    {
        var problem = Assert.Single(Problems("""{"theme":"gothic","scenes":[{"duration":2}]}"""));

        Assert.Equal("timeline.theme", problem.Path);
        Assert.Contains("neon", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATheme_FillsWhatTheTimelineLeftOut_AndKeepsWhatItSays()
    {
        var resolved = TimelineResolver.Resolve(new Timeline
        {
            Theme = "bold",
            Scenes =
            [
                new Scene { Duration = 2, Layers = [new Layer { Text = "Hello there", Style = "title" }, new Layer { Text = "Mine", Style = "body", Color = "#123456", Animate = Animate.Both("fade") }] },
                new Scene { Duration = 2, Background = new Background { Color = "#FF0000" } },
            ],
        });
        var (title, body) = (resolved.Scenes[0].Layers[0], resolved.Scenes[0].Layers[1]);
        var bold = Themes.All["bold"];

        Assert.Equal("Bebas Neue", title.Font);
        Assert.Equal("HELLO THERE", title.Text);
        Assert.Equal(bold.TitleMotion, title.Animate);
        Assert.Equal("#123456", body.Color);
        Assert.Equal(Animate.Both("fade"), body.Animate);
        Assert.True(resolved.Scenes[0].Background.Gradient is { Animate: true });
        Assert.Equal("#FF0000", resolved.Scenes[1].Background.Color);
        Assert.Null(resolved.Scenes[1].Background.Gradient);
        Assert.Equal(bold.Transition.Type, resolved.Scenes[0].Transition!.Type);
        Assert.Equal(bold.CaptionMode, resolved.Captions!.Mode);
    }

    [Fact]
    public void GivenCaptions_KeepTheirMode_AndTakeTheThemesAccentAndFont_WhereTheyNameNone()
    {
        var resolved = TimelineResolver.Resolve(new Timeline { Theme = "neon", Seed = 0, Captions = new Captions { Mode = "word" }, Scenes = [new Scene { Duration = 1 }] });
        var mine = TimelineResolver.Resolve(new Timeline { Theme = "neon", Captions = new Captions { Highlight = "#123456" }, Scenes = [new Scene { Duration = 1 }] });

        Assert.Equal(("word", Themes.All["neon"].Palettes[0].Accent, "League Spartan"), (resolved.Captions!.Mode, resolved.Captions.Highlight, resolved.Captions.Font));
        Assert.Equal("#123456", mine.Captions!.Highlight);
        Assert.Null(TimelineResolver.Resolve(new Timeline { Captions = new Captions(), Scenes = [new Scene { Duration = 1 }] }).Captions!.Highlight);
        var paper = TimelineResolver.Resolve(new Timeline { Theme = "paper", Scenes = [new Scene { Duration = 1 }] }).Captions!;
        Assert.Equal((Themes.All["paper"].Palettes[0].Text, false), (paper.Color, paper.Outline));
    }

    [Theory]
    [InlineData("plain", 3, 8, new[] { 4, 4 })]
    [InlineData("plain", 3, 15, new[] { 5, 5, 5 })]
    [InlineData("pop", 3, 8, new[] { 3, 3, 2 })]
    [InlineData("word", 3, 3, new[] { 1, 1, 1 })]
    public void CaptionGroups_AreBalanced_SoNoWordIsLeftAlone(string mode, int words, int count, int[] sizes) =>
        Assert.Equal(sizes, new Captions { Mode = mode, Words = words }.Groups(count).Select(g => g.End.Value - g.Start.Value));
}
