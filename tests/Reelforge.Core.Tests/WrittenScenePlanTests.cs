using Reelforge.Planning;
using Reelforge.Providers;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

/// <summary>A script writer's scenes go through the same layouts as a prompt's sentences.</summary>
public sealed class WrittenScenePlanTests
{
    private static readonly OutputSpec Output = new() { Width = 160, Height = 90, Fps = 30 };

    [Fact]
    public void AStory_SpeaksTheNarration_AndItsLayoutsShowTheWrittenText()
    {
        var timeline = PromptPlanner.Plan(
            [new WrittenScene("Lighthouses guard the coast", "Every night a lighthouse keeps ships off the rocks.", "lighthouse"),
             new WrittenScene("Storms test them", "When the storm comes, the waves hit the tower.", "storm sea")],
            20, Output, seed: 3, style: "story");

        Assert.Equal(["Every night a lighthouse keeps ships off the rocks.", "When the storm comes, the waves hit the tower."],
            timeline.Scenes.Select(s => s.Narration!.Text));
        Assert.All(timeline.Scenes, s => Assert.True(s.Duration!.Value.IsAuto));
        Assert.Contains(timeline.Scenes[1].Layers, l => l.Text == "Storms test them");
    }

    [Fact]
    public void ASceneWithAPicture_HasItAsBackground_AndItsTextOnADarkBox()
    {
        var picture = new Background { Video = new VideoFill { Src = "blob:clip.mp4", Fill = "loop" } };
        var timeline = PromptPlanner.Plan(
            [new WrittenScene("Waves", "Waves", "waves") { Picture = picture }, new WrittenScene("Then calm.", "Then calm.", "calm")], 4, Output, seed: 1);

        Assert.Equal("blob:clip.mp4", timeline.Scenes[0].Background.Video!.Src);
        Assert.All(timeline.Scenes[0].Layers.Where(l => l.Type == "text"), l => Assert.NotNull(l.Box));
        Assert.Null(timeline.Scenes[1].Background.Video);
        Assert.All(timeline.Scenes[1].Layers.Where(l => l.Type == "text"), l => Assert.Null(l.Box));
        Assert.Equal(4.0, timeline.DurationSeconds, precision: 6);
    }

    [Fact]
    public void ThePromptOverload_IsTheWrittenOverloadWithTheSentencesAsScenes()
    {
        const string prompt = "Three tips: sleep, eat and walk. 90% of people skip one. Follow for more.";
        var byPrompt = PromptPlanner.Plan(prompt, 6, Output, seed: 2, firstImage: "blob:first.png");
        var scenes = PromptPlanner.Sentences(prompt, 6, "slides").Select((s, i) => new WrittenScene(s, s, s)
        {
            Picture = i == 0 ? new Background { Image = new ImageFill { Src = "blob:first.png", Motion = "zoom-in" } } : null,
        }).ToList();

        var byScenes = PromptPlanner.Plan(scenes, 6, Output, seed: 2);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(byPrompt, Jobs.JobJson.Default.Timeline),
            System.Text.Json.JsonSerializer.Serialize(byScenes, Jobs.JobJson.Default.Timeline));
    }
}
