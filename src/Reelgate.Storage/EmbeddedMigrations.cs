using System.Globalization;

namespace Reelgate.Storage;

/// <summary>The numbered <c>{Dialect}/Migrations/NNN_name.sql</c> files embedded in this assembly.</summary>
internal static class EmbeddedMigrations
{
    /// <summary>The dialect's migrations in version order.</summary>
    public static IEnumerable<(int Version, string Name, string Sql)> Load(string dialect)
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var marker = $".{dialect}.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
