namespace Reelgate.Bench.Capacity;

/// <summary>One row of the report: what ran, what was measured, against which target.</summary>
internal sealed record ScenarioResult(string Row, string Setup, string Figures, string Target, Verdict Verdict)
{
    /// <summary>The result line bench/run-capacity.sh reads: tab-separated after <c>RESULT</c>.</summary>
    public string ToLine() => string.Join('\t', "RESULT", Row, Setup, Figures, Target, Verdict.ToString().ToLowerInvariant());

    public static Verdict Judge(bool met) => met ? Verdict.Met : Verdict.Missed;
}
