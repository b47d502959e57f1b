using System.Globalization;
using System.Reflection;

namespace Reelforge.Storage;

/// <summary>A store project's numbered migrations: embedded `Migrations/NNN_name.sql` files, in order.</summary>
public static class Migrations
{
    public static IEnumerable<(long Version, string Name, string Sql)> Embedded(Assembly assembly)
    {
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource["Migrations/".Length..];
            var version = long.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
