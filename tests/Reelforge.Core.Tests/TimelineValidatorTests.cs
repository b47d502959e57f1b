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

    /// <summary>A timeline that uses every object, list and string the model has.</summary>
    private const string Everything = """
        {"output":{"width":640,"height":360,"fps":30,"quality":"draft"},"theme":"neon","text":{"color":"#FFFFFF","outline":{"color":"#000000","width":0.004},"box":{"color":"#000000","opacity":0.5,"padding":0.02}},
         "transition":{"type":"crossfade","duration":0.3},"soundtrack":{"src":"https://example.com/a.mp3"},"captions":{"mode":"highlight","color":"#FFFFFF","highlight":"#FFD60A"},
         "scenes":[
          {"duration":2,"background":{"color":"#000000","gradient":{"from":"#000000","to":"#111111"}},"transition":{"type":"fade","duration":0.2},
           "narration":{"text":"Hello there","voice":"en"},
           "layers":[{"type":"text","text":"Hi","style":"title","color":"#FFFFFF","align":"center","anchor":"center","outline":{"color":"#000000"},"box":{"color":"#000000"},
                      "animate":{"in":{"type":"fade","easing":"ease-out"},"out":"fade"}},
                     {"type":"shape","shape":"rect","fill":"#FFFFFF","stroke":{"color":"#000000","width":0.01}},
                     {"type":"icon","icon":"★"},
                     {"type":"captions","words":[{"text":"Hi","start":0,"end":0.5}],"captions":{"mode":"word","color":"#FFFFFF","highlight":"#FFFFFF"}}]},
          {"duration":2,"background":{"image":{"src":"https://example.com/a.jpg","fit":"cover","motion":"zoom-in"}},"layers":[{"type":"image","src":"https://example.com/b.png"}]},
          {"duration":2,"background":{"video":{"src":"https://example.com/a.mp4","fill":"loop"}},"text":{"color":"#FFFFFF"}}]}
        """;

    /// <summary>Every place in <paramref name="node"/> JSON can hold a value: each object member and list item.</summary>
    private static IEnumerable<(string Path, Action<System.Text.Json.Nodes.JsonNode> SetNull)> Places(System.Text.Json.Nodes.JsonNode node, string path)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var at = path + "." + key;
                    yield return (at, root => Find(root, at).Parent!.AsObject()[key] = null);
                    foreach (var place in child is null ? [] : Places(child, at))
                    {
                        yield return place;
                    }
                }
                break;
            case System.Text.Json.Nodes.JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var (index, at) = (i, $"{path}[{i}]");
                    yield return (at, root => Find(root, at).Parent!.AsArray()[index] = null);
                    foreach (var place in array[i] is null ? [] : Places(array[i]!, at))
                    {
                        yield return place;
                    }
                }
                break;
        }
    }

    private static System.Text.Json.Nodes.JsonNode Find(System.Text.Json.Nodes.JsonNode root, string path) =>
        root.AsObject().SelectMany(p => p.Value is null ? [] : Flatten(p.Value)).Prepend(root).First(n => n.GetPath() == path);

    private static IEnumerable<System.Text.Json.Nodes.JsonNode> Flatten(System.Text.Json.Nodes.JsonNode node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => o.Select(p => p.Value).OfType<System.Text.Json.Nodes.JsonNode>().SelectMany(Flatten).Prepend(node),
        System.Text.Json.Nodes.JsonArray a => a.OfType<System.Text.Json.Nodes.JsonNode>().SelectMany(Flatten).Prepend(node),
        _ => [node],
    };

    [Fact]
    public void Null_AnywhereJsonCanPutIt_IsAProblemOrAllowed_NeverACrash()
    {
        Assert.Empty(TimelineValidator.Validate(Parse(Everything), Limits));
        var places = Places(System.Text.Json.Nodes.JsonNode.Parse(Everything)!, "$").ToList();
        Assert.True(places.Count > 80, $"only {places.Count} places");
        var crashes = new List<string>();
        foreach (var (path, setNull) in places)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(Everything)!;
            setNull(json);
            Timeline timeline;
            try
            {
                timeline = json.Deserialize(TimelineJson.Default.Timeline)!;
            }
            catch (JsonException)
            {
                continue; // null where a number or a flag belongs: a shape error, a 400 already
            }
            try
            {
                if (TimelineValidator.Validate(timeline, Limits).Count == 0)
                {
                    // Null was allowed there: what is accepted must also resolve.
                    TimelineResolver.Resolve(timeline);
                }
            }
            catch (Exception ex)
            {
                crashes.Add($"{path}: {ex.GetType().Name} {ex.Message}");
            }
        }
        Assert.True(crashes.Count == 0, string.Join("\n", crashes));
    }
}
