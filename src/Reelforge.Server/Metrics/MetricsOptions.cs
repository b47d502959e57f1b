namespace Reelforge.Server.Metrics;

/// <summary>The `Metrics` section: Prometheus metrics at `/metrics`.</summary>
public sealed record MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Off: no `/metrics` anywhere (the main port answers 404) and no HTTP measurements.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Serve `/metrics` on its own listener instead of the main port, e.g. `http://0.0.0.0:9464`
    /// (keeps the scrape endpoint off a port exposed to clients). Empty: the main port.
    /// </summary>
    public string? Urls { get; init; }
}
