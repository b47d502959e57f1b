namespace Reelforge.Rendering.Ffmpeg;

/// <summary>FFmpeg exited badly or timed out; the message ends with the tail of its stderr.</summary>
public sealed class FfmpegException(string message) : Exception(message);
