using Reelforge.Planning;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

public sealed class PromptPlannerTests
{
    private static readonly OutputSpec Output = new() { Width = 160, Height = 90, Fps = 30 };

    [Fact]
    public void Plan_MakesOneScenePerSentence_WithDurationsThatFillTheLengthExactly()
    {
        var timeline = PromptPlanner.Plan("A cat wakes up. It stretches slowly in the sun! Then it naps?", 8, Output, seed: 1);

        Assert.Equal(["A cat wakes up.", "It stretches slowly in the sun!", "Then it naps?"], timeline.Scenes.Select(s => s.Layers.First(l => l.Type == "text").Text));
        Assert.Equal(8.0, timeline.DurationSeconds, precision: 6);
        Assert.All(timeline.Scenes, s => Assert.Equal(Math.Round(s.Seconds * 30), s.Seconds * 30, precision: 6));
        Assert.True(timeline.Scenes[1].Seconds > timeline.Scenes[0].Seconds, "the longer sentence gets more time");
    }

    [Fact]
    public void Plan_WithMoreSentencesThanSeconds_FoldsTheTailIntoTheLastScene()
    {
        var timeline = PromptPlanner.Plan("One. Two. Three. Four. Five.", 2, Output, seed: 1);

        Assert.Equal(2, timeline.Scenes.Count);
        Assert.Equal("Two. Three. Four. Five.", timeline.Scenes[1].Layers.First(l => l.Type == "text").Text);
        Assert.All(timeline.Scenes, s => Assert.True(s.Seconds >= 0.5));
    }

    [Fact]
    public void Plan_IsDeterministicForASeed_AndPutsTheImageOnTheFirstScene()
    {
        var a = PromptPlanner.Plan("Hello. World.", 4, Output, PromptPlanner.SeedOf("Hello. World."), firstImage: "blob:x.png");
        var b = PromptPlanner.Plan("Hello. World.", 4, Output, PromptPlanner.SeedOf("Hello. World."), firstImage: "blob:x.png");

        Assert.Equal(a.Scenes.Select(s => s.Background), b.Scenes.Select(s => s.Background));
        Assert.Equal("blob:x.png", a.Scenes[0].Background.Image!.Src);
        Assert.Null(a.Scenes[1].Background.Image);
    }
}
