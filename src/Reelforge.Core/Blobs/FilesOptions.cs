using System.ComponentModel.DataAnnotations;

namespace Reelforge.Blobs;

/// <summary>The `Files` configuration section: signed output URLs and how long outputs are kept.</summary>
public sealed record FilesOptions
{
    public const string Section = "Files";

    /// <summary>How long a signed URL works (reported as `expires_at`).</summary>
    [Range(1, 7 * 24 * 60)] public int UrlLifetimeMinutes { get; init; } = 60;

    /// <summary>
    /// The key URLs are signed with. Empty: one is generated once and kept in the bucket
    /// (`secrets/files.key`) when blobs are in S3, so every node shares it, else in the data folder
    /// (`secrets/files.key`). Machines that serve each other's URLs must share it.
    /// </summary>
    public string SigningSecret { get; init; } = "";

    /// <summary>Where clients reach this server, e.g. https://videos.example.com. Empty: the request's own scheme and host.</summary>
    public string PublicBaseUrl { get; init; } = "";

    /// <summary>Outputs are deleted this long after a video completes, and the video is marked expired. 0 keeps them.</summary>
    [Range(0, 3650)] public double RetentionDays { get; init; } = 7;

    /// <summary>
    /// How `/files/…` answers: `proxy` streams the file through this server; `redirect` answers 302
    /// with a URL of the blob store itself (a presigned bucket URL that expires with the signed URL),
    /// or streams when the store has no URLs (the local folder).
    /// </summary>
    [RegularExpression("^(proxy|redirect)$", ErrorMessage = "Files:Delivery must be 'proxy' or 'redirect'.")]
    public string Delivery { get; init; } = "proxy";

    public bool Redirects => Delivery == "redirect";

    public TimeSpan UrlLifetime => TimeSpan.FromMinutes(UrlLifetimeMinutes);
}
