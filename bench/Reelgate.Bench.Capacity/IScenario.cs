namespace Reelgate.Bench.Capacity;

/// <summary>A capacity scenario, selected by <see cref="Name"/> on the command line.</summary>
internal interface IScenario
{
    string Name { get; }

    /// <summary>Runs the scenario; answers one row per configuration it measured.</summary>
    Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
