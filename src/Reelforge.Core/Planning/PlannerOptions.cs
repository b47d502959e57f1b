namespace Reelforge.Planning;

/// <summary>The `Planner` configuration section.</summary>
public sealed record PlannerOptions
{
    public const string Section = "Planner";

    /// <summary>Draw one large emoji per scene, chosen from the sentence's words. False: no icons.</summary>
    public bool Icons { get; init; } = true;

    /// <summary>
    /// CLDR's English emoji annotations (Debian: `unicode-cldr-core`). The derived file
    /// (`../annotationsDerived/` under the same name) is read too when present. Missing: no icons.
    /// </summary>
    public string EmojiData { get; init; } = EmojiIndex.DebianAnnotations;
}
