namespace Reelforge.Jobs;

public static class JobIds
{
    /// <summary>`video_` and 32 hex digits, time-ordered (UUID v7) so ids sort roughly by creation.</summary>
    public static string NewVideoId() => "video_" + Guid.CreateVersion7().ToString("N");
}
