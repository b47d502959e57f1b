using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Decisions;

public sealed class CheckpointEventTests
{
    [Fact]
    public void ACheckpoint_AppendsStage_ThenScene_ThenNote_ThenProgress_ByWhatItCarries()
    {
        var media = JobStage.GeneratingMedia;
        var scenes = new[] { new SceneState(0, SceneStatus.Succeeded) };

        Assert.Equal("stage", new JobCheckpoint(media, 40) { Scenes = scenes, Note = "n" }.EventType(JobStage.GeneratingScript));
        Assert.Equal("scene", new JobCheckpoint(media, 40) { Scenes = scenes, Note = "n" }.EventType(media));
        Assert.Equal("note", new JobCheckpoint(media, 40) { Note = "n" }.EventType(media));
        Assert.Equal("progress", new JobCheckpoint(media, 40).EventType(media));
    }
}
