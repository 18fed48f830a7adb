namespace Reelgate.Vendors.Runway;

/// <summary>Answer of <c>GET /v1/tasks/{id}</c>.</summary>
internal sealed record RunwayTask
{
    public string? Id { get; init; }

    /// <summary><c>PENDING</c>, <c>THROTTLED</c>, <c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c> or <c>CANCELLED</c>.</summary>
    public string? Status { get; init; }

    /// <summary>0..1 while running.</summary>
    public double? Progress { get; init; }

    /// <summary>Signed output URLs once succeeded (they expire in 24–48 h).</summary>
    public IReadOnlyList<string>? Output { get; init; }

    /// <summary>Human-readable reason of a failure.</summary>
    public string? Failure { get; init; }

    /// <summary>Dotted machine code of a failure, generic to specific (<c>SAFETY.INPUT.TEXT</c>).</summary>
    public string? FailureCode { get; init; }
}
