using System.Text.Json;
using Reelforge.Jobs;
using Reelforge.Timelines;

namespace Reelforge.Rendering.Tests;

/// <summary>Every timeline in examples/ is valid and renders (scaled down to keep the suite fast).</summary>
public sealed class ExamplesTests : RenderTestBase
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task AnExampleTimeline_IsValid_AndRendersToItsLength(string name)
    {
        var path = Path.Combine(RepositoryRoot(), "examples", name);
        var timeline = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, Ct), TimelineJson.Default.Timeline)!;
        timeline = await TimelineResolver.MapSourcesAsync(timeline, (src, _, _) => Task.FromResult(Path.GetFullPath(src, Path.GetDirectoryName(path)!)));
        Assert.Empty(TimelineValidator.Validate(timeline, new TimelineLimits { AllowLocalFiles = true }));

        var width = 160;
        var height = (int)Math.Round(160.0 * timeline.Output.Height / timeline.Output.Width / 2) * 2;
        var small = TimelineResolver.Resolve(timeline with { Output = new OutputSpec { Width = width, Height = height, Fps = timeline.Output.Fps, Quality = "draft" } });
        small = await Pipeline.TimelineNarrator.ApplyAsync(small, new Speech.EspeakSpeechEngine(Options), Work, Ct);
        var clips = await RenderClipsAsync(small);
        var info = await Renderer.JoinAsync(clips, Path.Combine(Work, "example.mp4"), Ct);

        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.InRange(info.DurationSeconds, small.DurationSeconds - 0.05, small.DurationSeconds + 0.08);
        // The export reports this count without probing (and takes the last frame by it).
        Assert.Equal(FfmpegVideoRenderer.VideoFrames(small), info.Frames);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reelforge.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Not inside the Reelforge repository.");
    }
}
