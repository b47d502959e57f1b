namespace Reelforge.Rendering.Ffmpeg;

/// <summary>FFmpeg exited badly or timed out; the message ends with the tail of its stderr.</summary>
/// <param name="reason">Why, as the metrics label it: one of <see cref="Engine.FfmpegFailure"/>'s values.</param>
public sealed class FfmpegException(string message, string reason = Engine.FfmpegFailure.ExitCode) : Exception(message)
{
    public string Reason { get; } = reason;
}
