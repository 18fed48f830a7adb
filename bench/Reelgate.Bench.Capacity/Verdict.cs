namespace Reelgate.Bench.Capacity;

internal enum Verdict
{
    /// <summary>The target was met.</summary>
    Met,

    /// <summary>The figure is reported; the target was missed.</summary>
    Missed,

    /// <summary>A figure without a target.</summary>
    Reported,

    /// <summary>The run is not valid (jobs failed, the stub saw bad requests) or a budget was exceeded: the bench exits non-zero.</summary>
    Failed,
}
