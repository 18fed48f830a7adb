namespace Reelgate.Bench.Capacity.Stub;

/// <summary>How the stub behaves.</summary>
internal sealed record RunwayStubOptions
{
    /// <summary>How long a task runs from its create; null means it never finishes.</summary>
    public required TimeSpan? TaskDuration { get; init; }

    /// <summary>The MP4 every finished task outputs (1280x720, <see cref="ClipSeconds"/> long).</summary>
    public required byte[] Clip { get; init; }

    /// <summary>The clip's length: creates for another duration are refused.</summary>
    public required int ClipSeconds { get; init; }

    /// <summary>The only ratio the stub accepts (its clip's size).</summary>
    public string Ratio { get; init; } = "1280:720";
}
