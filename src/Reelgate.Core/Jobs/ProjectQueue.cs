namespace Reelgate.Core.Jobs;

/// <summary>How many jobs of one project wait, and since when the oldest of them.</summary>
public sealed record ProjectQueue(string ProjectId, long Queued, DateTimeOffset OldestQueuedAt);
