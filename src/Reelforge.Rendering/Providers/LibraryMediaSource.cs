using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Assets;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// An operator's folder of images and clips, no network. A file's words are its name's words
/// (`harbour-lighthouse-night.jpg`) and those of a sidecar with the same name, `.txt` (words) or
/// `.json` (a list of tags, or `{"tags": [...]}`). The file sharing most words with the query wins;
/// ties are broken by a hash of the seed, the scene and the path, so a seed always gives the same
/// pick and neighbouring scenes tend to differ.
/// </summary>
public sealed class LibraryMediaSource(IOptions<MediaOptions> options, GuardedAssetFetcher checker) : IMediaSource
{
    private static readonly HashSet<string> Images = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".webp" };
    private static readonly HashSet<string> Clips = new(StringComparer.OrdinalIgnoreCase) { ".mp4", ".mov", ".webm", ".mkv", ".m4v" };

    public string Name => "library";

    public bool Configured => Directory.Exists(options.Value.Library.Directory);

    public async Task<FoundMedia?> FindAsync(MediaQuery query, string directory, CancellationToken ct)
    {
        var wanted = SearchTerms.Stems(query.Terms).ToHashSet(StringComparer.Ordinal);
        var best = Directory.EnumerateFiles(options.Value.Library.Directory, "*", SearchOption.AllDirectories)
            .Where(f => Images.Contains(Path.GetExtension(f)) || Clips.Contains(Path.GetExtension(f)))
            .Select(f => (File: f, Score: Tags(f).Count(wanted.Contains)))
            .Where(c => c.Score > 0)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => Tiebreak(query.Seed, query.Scene, Path.GetRelativePath(options.Value.Library.Directory, c.File)))
            .Select(c => c.File)
            .FirstOrDefault();
        if (best is null)
        {
            return null;
        }
        var kind = Clips.Contains(Path.GetExtension(best)) ? AssetKind.Video : AssetKind.Image;
        var local = Path.Combine(directory, $"library-scene{query.Scene}{Path.GetExtension(best).ToLowerInvariant()}");
        File.Copy(best, local, overwrite: true);
        // The operator's files are checked like downloads: a broken one must not reach FFmpeg.
        await checker.CheckFileAsync(local, kind, "library file " + Path.GetFileName(best), ct);
        return new FoundMedia(local, kind, null);
    }

    private static HashSet<string> Tags(string file)
    {
        var words = SearchTerms.Stems(Path.GetFileNameWithoutExtension(file)).ToHashSet(StringComparer.Ordinal);
        var stem = Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file));
        if (File.Exists(stem + ".txt"))
        {
            words.UnionWith(SearchTerms.Stems(File.ReadAllText(stem + ".txt")));
        }
        if (File.Exists(stem + ".json"))
        {
            try
            {
                var node = JsonNode.Parse(File.ReadAllText(stem + ".json"));
                var tags = node as JsonArray ?? node?["tags"] as JsonArray;
                foreach (var tag in tags ?? [])
                {
                    if (tag is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        words.UnionWith(SearchTerms.Stems(s));
                    }
                }
            }
            catch (JsonException)
            {
                // A broken sidecar adds no words; the file name still counts.
            }
        }
        return words;
    }

    private static uint Tiebreak(int seed, int scene, string path)
    {
        var hash = 2166136261u ^ (uint)seed ^ ((uint)scene * 0x9E3779B9u);
        foreach (var c in path)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
