using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// The cost scenario's budgets (bench/budgets/capacity.json): per store, the most database writes and
/// statements one job may cost. A run more than <see cref="Tolerance"/> over a budget fails, so the
/// cost can only go down; <c>CAPACITY_UPDATE_BUDGET=1</c> writes the measured figures instead.
/// </summary>
internal sealed class CostBudget(string path)
{
    public const double Tolerance = 0.10;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Compares <paramref name="measured"/> with the budgets of <paramref name="store"/>; answers the figures over budget.</summary>
    public List<string> Exceeded(string store, IReadOnlyDictionary<string, double> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var budgets = Load()[store] as JsonObject;
        var over = new List<string>();
        foreach (var (name, value) in measured)
        {
            if (budgets?[name] is JsonValue budget && value > budget.GetValue<double>() * (1 + Tolerance))
            {
                over.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {value:F2} > budget {budget.GetValue<double>():F2} + {Tolerance:P0}"));
            }
        }

        return over;
    }

    /// <summary>Describes the budgets of <paramref name="store"/> for the report.</summary>
    public string Describe(string store)
        => Load()[store] is JsonObject budgets
            ? string.Join(", ", budgets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Key.Replace('_', ' ')} ≤ {b.Value!.GetValue<double>():F2}")))
            : "no budget";

    public void Write(string store, IReadOnlyDictionary<string, double> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var root = Load();
        root["about"] ??= "Per-job database cost of the capacity bench's cost scenario (bench/run-capacity.sh cost): a run more than 10% over a figure fails. Lower a figure when the cost goes down (CAPACITY_UPDATE_BUDGET=1 writes the measured ones).";
        var budgets = new JsonObject();
        foreach (var (name, value) in measured)
        {
            budgets[name] = Math.Round(value, 2);
        }

        root[store] = budgets;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString(Indented) + "\n");
    }

    private JsonObject Load() => File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
}
