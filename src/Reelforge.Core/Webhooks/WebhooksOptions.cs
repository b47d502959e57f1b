using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Reelforge.Webhooks;

/// <summary>The `Webhooks` configuration section.</summary>
public sealed record WebhooksOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Waits between attempts, as one comma-separated string so one setting (or environment
    /// variable) replaces it whole: "5s, 1m, 5m, 30m, 2h, 6h, 15h" is 8 attempts over about 24 h.
    /// Units: ms, s, m, h. Each wait gets up to 20% jitter added.
    /// </summary>
    public string RetrySchedule { get; init; } = "5s, 1m, 5m, 30m, 2h, 6h, 15h";
    /// <summary>How long one attempt may take; anything slower counts as a failed attempt.</summary>
    [Range(1, 300)] public int TimeoutSeconds { get; init; } = 10;
    /// <summary>
    /// A claimed delivery is held this long past its attempt's timeout: the time a slow process may
    /// take to record the attempt. After it, another process sends it again (same webhook-id), so a
    /// delivery claimed by a process that died is not lost, only late by timeout plus this.
    /// </summary>
    [Range(1, 3600)] public int ClaimGraceSeconds { get; init; } = 30;
    /// <summary>Deliveries this process sends at once.</summary>
    [Range(1, 256)] public int Concurrency { get; init; } = 8;
    /// <summary>Fallback wake-up for deliveries queued by other processes; local events wake the dispatcher at once.</summary>
    [Range(50, 60_000)] public int PollMilliseconds { get; init; } = 1000;
    public bool AllowLoopback { get; init; }
    public bool AllowPrivateNetworks { get; init; }

    public IReadOnlyList<TimeSpan> Delays => ParseSchedule(RetrySchedule);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem = null;
        try
        {
            _ = ParseSchedule(RetrySchedule);
        }
        catch (FormatException ex)
        {
            problem = ex.Message;
        }
        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(RetrySchedule)]);
        }
    }

    public static IReadOnlyList<TimeSpan> ParseSchedule(string schedule) =>
        schedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseDelay).ToList();

    private static TimeSpan ParseDelay(string text)
    {
        var unitStart = text.AsSpan().IndexOfAnyExcept("0123456789.");
        if (unitStart > 0 && double.TryParse(text.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            switch (text[unitStart..].Trim())
            {
                case "ms": return TimeSpan.FromMilliseconds(amount);
                case "s": return TimeSpan.FromSeconds(amount);
                case "m": return TimeSpan.FromMinutes(amount);
                case "h": return TimeSpan.FromHours(amount);
            }
        }
        throw new FormatException($"Webhooks:RetrySchedule: '{text}' is not a delay like 500ms, 5s, 30m or 2h.");
    }
}
