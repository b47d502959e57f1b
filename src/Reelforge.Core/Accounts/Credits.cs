using System.ComponentModel.DataAnnotations;

namespace Reelforge.Accounts;

/// <summary>
/// The `Credits` configuration section: what a second of video costs. Accounts without a balance
/// are unlimited; for the others, a create reserves the price of the seconds asked for, completion
/// charges the seconds rendered (never more than reserved) and gives back the rest, and a failure
/// or cancel gives everything back.
/// </summary>
public sealed record CreditsOptions
{
    public const string Section = "Credits";

    [Range(0, 1_000_000)] public decimal PricePerSecond { get; init; } = 1;

    /// <summary>
    /// Prices per second by model name, over <see cref="PricePerSecond"/>. A dialect may add its
    /// service's documented prices as defaults beneath this (Pictory's models do); configuration
    /// adds to them and can change them.
    /// </summary>
    public Dictionary<string, decimal> ModelPrices { get; init; } = new(StringComparer.Ordinal);

    public decimal PriceOf(string model) => ModelPrices.TryGetValue(model, out var price) ? price : PricePerSecond;
}

/// <summary>Credits are kept as whole thousandths, so sums stay exact.</summary>
public static class Credits
{
    public static long ToMilli(decimal credits) => (long)Math.Round(credits * 1000m, MidpointRounding.AwayFromZero);

    public static decimal FromMilli(long milli) => milli / 1000m;
}

/// <summary>A create that the account's balance cannot cover; answered as 402 in every dialect.</summary>
public sealed class InsufficientCreditsException(decimal needed, decimal available)
    : Exception($"This video needs {needed} credits; the account has {available}.")
{
    public decimal Needed { get; } = needed;
    public decimal Available { get; } = available;
}
