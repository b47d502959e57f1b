namespace Reelforge.Jobs;

/// <summary>
/// The stages a job moves through. Each line says who moves a job out of the stage.
/// </summary>
public enum JobStage
{
    /// <summary>Accepted. A worker's claim moves it on; a cancel ends it.</summary>
    Queued,
    /// <summary>The request is being planned into scenes. The worker holding the lease moves it on.</summary>
    GeneratingScript,
    /// <summary>The scene list is fixed and stored. The worker moves it on.</summary>
    ScriptReady,
    /// <summary>Per-scene media is being made. The worker moves it on, or the rescuer requeues it.</summary>
    GeneratingMedia,
    /// <summary>Every scene is ready. The worker moves it on.</summary>
    MediaReady,
    /// <summary>Final encode and artifacts. The worker completes or fails it.</summary>
    Exporting,
    /// <summary>Terminal: outputs stored.</summary>
    Completed,
    /// <summary>Terminal: attempts exhausted or a permanent error.</summary>
    Failed,
    /// <summary>Terminal: cancelled by its owner.</summary>
    Cancelled,
}

public static class JobStages
{
    private static readonly string[] WireNames =
    [
        "queued", "generating_script", "script_ready", "generating_media", "media_ready",
        "exporting", "completed", "failed", "cancelled",
    ];

    public static string ToWire(this JobStage stage) => WireNames[(int)stage];

    public static JobStage Parse(string wire)
    {
        var index = Array.IndexOf(WireNames, wire);
        return index >= 0 ? (JobStage)index : throw new FormatException($"Unknown job stage '{wire}'.");
    }

    public static bool IsTerminal(this JobStage stage) =>
        stage is JobStage.Completed or JobStage.Failed or JobStage.Cancelled;
}
