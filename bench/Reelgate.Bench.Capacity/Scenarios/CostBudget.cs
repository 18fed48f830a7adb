using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// The cost scenario's budgets (bench/budgets/capacity.json): per store, the most database writes and
/// statements one job may cost, measured with a given number of jobs (the node's background work is
/// shared by the jobs of a run, so a smaller run costs more per job and is not checked). A run more
/// than <see cref="Tolerance"/> over a budget fails, so the cost can only go down;
/// <c>CAPACITY_UPDATE_BUDGET=1</c> writes the measured figures instead.
/// </summary>
internal sealed class CostBudget(string path)
{
    public const double Tolerance = 0.10;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The figures of <paramref name="measured"/> over their budget; null when the budgets were measured with another number of jobs (or there are none).</summary>
    public List<string>? Exceeded(string store, int jobs, IReadOnlyDictionary<string, double> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var root = Load();
        if (root["jobs"] is not JsonValue budgetJobs || budgetJobs.GetValue<int>() != jobs || root[store] is not JsonObject budgets)
        {
            return null;
        }

        var over = new List<string>();
        foreach (var (name, value) in measured)
        {
            if (budgets[name] is JsonValue budget && value > budget.GetValue<double>() * (1 + Tolerance))
            {
                over.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {value:F2} > budget {budget.GetValue<double>():F2} + {Tolerance:P0}"));
            }
        }

        return over;
    }

    /// <summary>Describes the budgets of <paramref name="store"/> for the report.</summary>
    public string Describe(string store)
    {
        var root = Load();
        return root[store] is JsonObject budgets
            ? string.Join(", ", budgets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Key.Replace('_', ' ')} ≤ {b.Value!.GetValue<double>():F2}")))
                + $" + {Tolerance:P0} (bench/budgets/capacity.json, measured with {root["jobs"]} jobs)"
            : "no budget";
    }

    public void Write(string store, int jobs, IReadOnlyDictionary<string, double> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var root = Load();
        if (root["jobs"] is JsonValue previous && previous.GetValue<int>() != jobs)
        {
            // Budgets of another run size do not compare with these: start the file again.
            root = [];
        }

        root["about"] = "Per-job database cost in the cost scenario of bench/run-capacity.sh. A run of the same number of jobs that costs more than 10% over a figure fails; lower a figure when the cost goes down (CAPACITY_UPDATE_BUDGET=1 writes the measured ones).";
        root["jobs"] = jobs;
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
