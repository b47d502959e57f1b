using Microsoft.Extensions.Logging;

namespace Reelforge.Storage.S3;

/// <summary>Never a credential or a presigned URL: keys and sizes only.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Stored {Key} in {Parts} parts ({Bytes} bytes)")]
    public static partial void UploadedInParts(ILogger logger, string key, int parts, long bytes);
}
