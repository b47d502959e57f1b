using Reelforge.Jobs;

namespace Reelforge.Server.Compat;

public enum Service { OpenAi, Blotato, Pictory, Prism, IACrea }

/// <summary>
/// How each service names a job's stage, in one place (docs/compat.md shows each dialect's words). Poe uses OpenAI's words.
/// </summary>
public static class StatusWords
{
    //                           OpenAI / Poe    Blotato                          Pictory        Prism         IACrea
    private static readonly string[][] Table =
    [
        /* queued */            ["queued",      "queueing",                      "in-progress", "generating", "PENDING"],
        /* generating_script */ ["in_progress", "generating-script",             "in-progress", "generating", "GENERATING_VIDEO"],
        /* script_ready */      ["in_progress", "script-ready",                  "in-progress", "generating", "GENERATING_VIDEO"],
        /* generating_media */  ["in_progress", "generating-media",              "in-progress", "generating", "GENERATING_VIDEO"],
        /* media_ready */       ["in_progress", "media-ready",                   "in-progress", "generating", "START_RENDERING_VIDEO"],
        /* exporting */         ["in_progress", "exporting",                     "in-progress", "generating", "RENDERING_VIDEO"],
        /* completed */         ["completed",   "done",                          "completed",   "completed",  "DONE"],
        /* failed */            ["failed",      "creation-from-template-failed", "failed",      "failed",     "ERROR"],
        /* cancelled */         ["failed",      "creation-from-template-failed", "failed",      "failed",     "ERROR"],
    ];

    /// <summary>While a failed scene is made again (the job is `retrying`).</summary>
    private static readonly string[] Retrying = ["in_progress", "generating-media", "in-progress", "generating", "PENDING"];

    public static string Of(Job job, Service service) => job is { Retrying: true, Stage: JobStage.GeneratingMedia }
        ? Retrying[(int)service]
        : Table[(int)job.Stage][(int)service];
}
