using System.Text.Json;
using Reelforge.Jobs;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

public sealed class TimelineValidatorTests
{
    private static readonly TimelineLimits Limits = new();

    private static Timeline Parse(string json) => JsonSerializer.Deserialize(json, TimelineJson.Default.Timeline)!;

    [Fact]
    public void AGoodTimeline_HasNoProblems()
    {
        var timeline = Parse("""
            {"output":{"width":1280,"height":720,"fps":30},"transition":{"type":"crossfade","duration":0.5},
             "text":{"color":"#FFEEDD"},
             "scenes":[{"duration":3,"background":{"gradient":{"from":"#000000","to":"#223344"}},"layers":[{"text":"Hi"}]},
                       {"duration":2.5,"background":{"image":{"src":"https://example.com/a.jpg","motion":"zoom-in"}},
                        "layers":[{"type":"image","src":"https://example.com/logo.png","anchor":"top-right","start":0.5}]}]}
            """);

        Assert.Empty(TimelineValidator.Validate(timeline, Limits));
    }

    [Fact]
    public void EveryProblem_IsReported_WithItsPath()
    {
        var timeline = Parse("""
            {"output":{"width":1279,"fps":29,"quality":"ultra"},
             "scenes":[{"duration":0,"background":{"color":"red"},"layers":[{"type":"text"},{"type":"image","opacity":2}]},
                       {"background":{"image":{"src":"file:///etc/passwd","motion":"spin"}},"transition":{"type":"morph"}}]}
            """);

        var problems = TimelineValidator.Validate(timeline, Limits).Select(p => p.Path).ToList();

        Assert.Equal(
        [
            "timeline.output.width", "timeline.output.fps", "timeline.output.quality",
            "timeline.scenes[0].duration", "timeline.scenes[0].background.color",
            "timeline.scenes[0].layers[0].text", "timeline.scenes[0].layers[1].src", "timeline.scenes[0].layers[1].opacity",
            "timeline.scenes[1].duration", "timeline.scenes[1].background.image.src", "timeline.scenes[1].background.image.motion",
            "timeline.scenes[1].transition.type",
        ], problems);
    }

    [Fact]
    public void AScene_MustHoldTheTransitionsInAndOut()
    {
        var timeline = Parse("""
            {"transition":{"type":"crossfade","duration":0.8},
             "scenes":[{"duration":2},{"duration":1.5},{"duration":2}]}
            """);

        var problem = Assert.Single(TimelineValidator.Validate(timeline, Limits));
        Assert.Equal("timeline.scenes[1].duration", problem.Path);
    }

    [Fact]
    public void TheWholeTimeline_MustFitTheLengthLimit()
    {
        var timeline = Parse("""{"scenes":[{"duration":40},{"duration":30}]}""");

        Assert.Equal("timeline.scenes", Assert.Single(TimelineValidator.Validate(timeline, Limits)).Path);
    }

    [Fact]
    public void Resolve_CascadesTextStyles_TimelineThenSceneThenLayer_AndFillsTransitions()
    {
        var timeline = TimelineResolver.Resolve(Parse("""
            {"text":{"color":"#111111","size":0.05},"transition":{"type":"fade","duration":0.3},
             "scenes":[{"duration":2,"text":{"color":"#222222"},"layers":[{"text":"a"},{"text":"b","color":"#333333","style":"caption"}]},
                       {"duration":2,"layers":[{"text":"c"}]}]}
            """));

        var (a, b, c) = (timeline.Scenes[0].Layers[0], timeline.Scenes[0].Layers[1], timeline.Scenes[1].Layers[0]);
        Assert.Equal(("#222222", 0.05, "center"), (a.Color, a.Size, a.Anchor));
        Assert.Equal(("#333333", "bottom"), (b.Color, b.Anchor));
        Assert.NotNull(b.Box);
        Assert.Equal(("#111111", "title"), (c.Color, c.Style));
        Assert.Equal("fade", timeline.Scenes[0].Transition!.Type);
        Assert.Null(timeline.Scenes[1].Transition);
        Assert.Equal(3.7, timeline.DurationSeconds, precision: 6);
    }

    [Fact]
    public void Duration_ReadsSecondsOrAuto()
    {
        var timeline = Parse("""{"scenes":[{"duration":2.5},{"duration":"auto"}]}""");

        Assert.Equal(2.5, timeline.Scenes[0].Duration!.Value.Seconds);
        Assert.True(timeline.Scenes[1].Duration!.Value.IsAuto);
        Assert.Contains("\"auto\"", JsonSerializer.Serialize(timeline, TimelineJson.Default.Timeline), StringComparison.Ordinal);
    }
}
