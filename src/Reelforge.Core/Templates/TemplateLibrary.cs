using System.Reflection;
using System.Text.Json;

namespace Reelforge.Templates;

/// <summary>
/// The built-in templates (embedded `BuiltIn/*.json`) and the operator's own, dropped as `*.json`
/// files in a folder (`Templates:Directory`, default `data/templates`); an operator's file with a
/// built-in's id replaces it. The folder is read again when a file in it changes.
/// </summary>
public sealed class TemplateLibrary
{
    private readonly string _directory;
    private readonly IReadOnlyList<VideoTemplate> _builtIn;
    private (DateTime Stamp, int Count, IReadOnlyList<VideoTemplate> Templates, IReadOnlyList<string> Problems) _loaded;
    private readonly Lock _lock = new();

    public TemplateLibrary(string directory)
    {
        _directory = directory;
        _builtIn = BuiltIn();
        _loaded = (DateTime.MinValue, -1, _builtIn, []);
    }

    public IReadOnlyList<VideoTemplate> All => Current().Templates;

    /// <summary>Operator files that could not be read, with why (they are left out).</summary>
    public IReadOnlyList<string> Problems => Current().Problems;

    /// <summary>By id or alias; a hosted service's path-style id (`/base/v2/&lt;slug&gt;/&lt;uuid&gt;/v1`) is looked up by its slug.</summary>
    public VideoTemplate? Find(string id)
    {
        if (id.StartsWith("/base/", StringComparison.Ordinal) && id.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, _, var slug, ..])
        {
            id = slug;
        }
        return All.FirstOrDefault(t => t.Id == id) ?? All.FirstOrDefault(t => t.Aliases.Contains(id, StringComparer.Ordinal));
    }

    private (DateTime Stamp, int Count, IReadOnlyList<VideoTemplate> Templates, IReadOnlyList<string> Problems) Current()
    {
        var files = Directory.Exists(_directory) ? Directory.GetFiles(_directory, "*.json") : [];
        var stamp = files.Length == 0 ? DateTime.MinValue : files.Max(File.GetLastWriteTimeUtc);
        lock (_lock)
        {
            if (stamp != _loaded.Stamp || files.Length != _loaded.Count)
            {
                var problems = new List<string>();
                var own = new List<VideoTemplate>();
                foreach (var file in files.Order(StringComparer.Ordinal))
                {
                    try
                    {
                        own.Add(Parse(File.ReadAllText(file)));
                    }
                    catch (Exception ex) when (ex is JsonException or IOException or InvalidDataException)
                    {
                        problems.Add($"{Path.GetFileName(file)}: {ex.Message}");
                    }
                }
                var ids = own.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
                _loaded = (stamp, files.Length, _builtIn.Where(t => !ids.Contains(t.Id)).Concat(own).ToList(), problems);
            }
            return _loaded;
        }
    }

    public static VideoTemplate Parse(string json)
    {
        var template = JsonSerializer.Deserialize(json, TemplateJson.Default.VideoTemplate) ?? throw new InvalidDataException("empty template");
        if ((template.Timeline is null) == (template.Plan is null))
        {
            throw new InvalidDataException($"template '{template.Id}' needs exactly one of 'timeline' or 'plan'");
        }
        return template;
    }

    private static List<VideoTemplate> BuiltIn()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith("Templates/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return Parse(reader.ReadToEnd());
            }).ToList();
    }
}
