namespace Reelgate.Core.Jobs;

/// <summary>The answer of an idempotent write: its value, and whether it repeats an earlier answer to the same key.</summary>
public readonly record struct Replayable<T>(T Value, bool Replayed);
