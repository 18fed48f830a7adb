namespace Reelgate.Bench.Capacity.Stub;

/// <summary>A task of the stub. It runs from its create until the first retrieval that reports it ended (or a cancel).</summary>
internal sealed class StubTask(string id, long createdAt, DateTimeOffset createdUtc)
{
    private int _ended;

    public string Id { get; } = id;

    /// <summary>A <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long CreatedAt { get; } = createdAt;

    public DateTimeOffset CreatedUtc { get; } = createdUtc;

    /// <summary>Marks the task ended; true only for the first caller, so each task leaves the running count once.</summary>
    public bool End() => Interlocked.Exchange(ref _ended, 1) == 0;
}
