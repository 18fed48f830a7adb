using Reelgate.Contracts.Video;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Jobs;

/// <summary>A job as stored. Immutable snapshot; the store is the source of truth.</summary>
public sealed record Job
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required VideoJobState State { get; init; }
    public required JobSpec Spec { get; init; }

    /// <summary>The eligible models in the order the router chose; fallback walks it.</summary>
    public required IReadOnlyList<ModelRef> Plan { get; init; }

    /// <summary>Index into <see cref="Plan"/> of the model in use.</summary>
    public int PlanIndex { get; init; }

    public ModelRef CurrentModel => Plan[Math.Min(PlanIndex, Plan.Count - 1)];

    public string? VendorJobId { get; init; }
    public double Progress { get; init; }

    /// <summary>
    /// Running: the job's place in the vendor's queue, when the vendor reports one. Queued, as read by
    /// <see cref="Ports.IJobStore.GetJobAsync"/>: its place in its project's queue (1 = next to start).
    /// </summary>
    public int? QueuePosition { get; init; }
    public int Attempts { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public required int RetentionDays { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long CostMicros { get; init; }

    /// <summary>Credit still held for this job (the worst-case quote until it settles, then 0).</summary>
    public long HoldMicros { get; init; }
    public JobArtifacts? Artifacts { get; init; }
    /// <summary>The dispatcher node running the job; null while it waits (queued, or running and handed back).</summary>
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public bool IsTerminal => State is not (VideoJobState.Queued or VideoJobState.Running);
}

/// <summary>Where a succeeded job's files are and what they are.</summary>
public sealed record JobArtifacts(
    string VideoKey,
    string ThumbnailKey,
    long VideoBytes,
    string VideoSha256,
    int Width,
    int Height,
    double DurationSeconds);
