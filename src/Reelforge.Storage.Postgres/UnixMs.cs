namespace Reelforge.Storage.Postgres;

/// <summary>Times are stored as Unix milliseconds.</summary>
internal static class UnixMs
{
    public static DateTimeOffset? ToTime(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
