namespace Reelgate.Core.Jobs;

/// <summary>The jobs waiting for a dispatcher: how many, and when the oldest of them was accepted.</summary>
public sealed record JobQueue(long Queued, DateTimeOffset? OldestQueuedAt);
