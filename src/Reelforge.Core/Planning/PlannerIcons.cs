using Microsoft.Extensions.Logging;

namespace Reelforge.Planning;

/// <summary>
/// The planner's source of scene icons: one per process (a DI singleton), holding the emoji index
/// or nothing when icons are off or CLDR's data is missing. A holder rather than a nullable
/// <see cref="EmojiIndex"/> registration, because DI cannot hand out a null singleton safely.
/// </summary>
public sealed class PlannerIcons
{
    /// <summary>No icons: every sentence gets null.</summary>
    public static readonly PlannerIcons None = new(null);

    public PlannerIcons(EmojiIndex? index) => Index = index;

    /// <summary>Null when icons are off or the data was missing.</summary>
    public EmojiIndex? Index { get; }

    /// <summary>The emoji for a scene's sentence, or null: draw no icon.</summary>
    public string? For(string sentence, int seed) => Index?.Match(sentence, seed);

    /// <summary>Loads the index (call once per process), or warns and carries on without icons.</summary>
    public static PlannerIcons Create(PlannerOptions options, ILogger logger)
    {
        if (!options.Icons)
        {
            return None;
        }
        if (options.EmojiData is not { Length: > 0 } path || !File.Exists(path))
        {
            Log.EmojiDataMissing(logger, options.EmojiData);
            return None;
        }
        return new PlannerIcons(EmojiIndex.Load(path, EmojiIndex.DerivedBeside(path)));
    }
}
