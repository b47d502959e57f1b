using System.ComponentModel.DataAnnotations;

namespace Reelforge.Blobs;

/// <summary>The `Files` configuration section: signed output URLs and how long outputs are kept.</summary>
public sealed record FilesOptions
{
    public const string Section = "Files";

    /// <summary>How long a signed URL works (reported as `expires_at`).</summary>
    [Range(1, 7 * 24 * 60)] public int UrlLifetimeMinutes { get; init; } = 60;

    /// <summary>
    /// The key URLs are signed with. Empty: one is generated once and kept in the data folder
    /// (`secrets/files.key`). Machines that serve each other's URLs must share it.
    /// </summary>
    public string SigningSecret { get; init; } = "";

    /// <summary>Where clients reach this server, e.g. https://videos.example.com. Empty: the request's own scheme and host.</summary>
    public string PublicBaseUrl { get; init; } = "";

    /// <summary>Outputs are deleted this long after a video completes, and the video is marked expired. 0 keeps them.</summary>
    [Range(0, 3650)] public double RetentionDays { get; init; } = 7;

    public TimeSpan UrlLifetime => TimeSpan.FromMinutes(UrlLifetimeMinutes);
}
