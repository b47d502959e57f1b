namespace Reelforge.Timelines;

/// <summary>
/// The declarative description every request compiles to: what the renderer draws, scene by
/// scene. Sources name where media comes from (a blob key, a URL, a local file); the pipeline
/// resolves them to local files before the renderer sees the timeline.
/// </summary>
public sealed record Timeline
{
    public required OutputSpec Output { get; init; }
    public required IReadOnlyList<Scene> Scenes { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public double DurationSeconds => Scenes.Sum(s => s.Duration);
}

public sealed record OutputSpec(int Width, int Height, int Fps);

public sealed record Scene
{
    public required double Duration { get; init; }
    public Background Background { get; init; } = new();
    public TextLayer? Text { get; init; }
}

/// <summary>A solid colour, optionally covered by an image or a video clip.</summary>
public sealed record Background
{
    /// <summary>`#RRGGBB`.</summary>
    public string Color { get; init; } = "#000000";
    /// <summary>Image source, scaled to cover the frame.</summary>
    public string? Image { get; init; }
    /// <summary>Video source, scaled to cover the frame and played from its start.</summary>
    public string? Video { get; init; }
}

public sealed record TextLayer
{
    public required string Content { get; init; }
    /// <summary>`#RRGGBB`.</summary>
    public string Color { get; init; } = "#FFFFFF";
}
