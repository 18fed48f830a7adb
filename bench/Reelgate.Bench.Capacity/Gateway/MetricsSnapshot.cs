using System.Globalization;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>One scrape of <c>GET /metrics</c> (Prometheus text): sums of series by name and label.</summary>
internal sealed class MetricsSnapshot
{
    private readonly List<(string Name, string Labels, double Value)> _series = [];

    public static MetricsSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var snapshot = new MetricsSnapshot();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var name = brace >= 0 && brace < space ? line[..brace] : line[..space];
            var labels = brace >= 0 && brace < space ? line[brace..line.LastIndexOf('}')] : "";
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                snapshot._series.Add((name, labels, value));
            }
        }

        return snapshot;
    }

    /// <summary>The sum of every series of <paramref name="name"/> that has the label pair <c>label="value"</c> (every series when null).</summary>
    public double Sum(string name, string? label = null, string? value = null)
    {
        var pair = label is null ? null : $"{label}=\"{value}\"";
        return _series.Where(s => s.Name == name && (pair is null || s.Labels.Contains(pair, StringComparison.Ordinal))).Sum(s => s.Value);
    }
}
