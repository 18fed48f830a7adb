namespace Reelgate.Contracts.Video;

/// <summary>The short view of a job, answered by <c>generate</c> and <c>status</c>.</summary>
public sealed record VideoJob
{
    /// <summary>The job id (<c>vid_…</c>).</summary>
    public required string JobId { get; init; }

    /// <summary>The job's state.</summary>
    public required VideoJobState State { get; init; }

    /// <summary>A signed, short-lived URL of the MP4 when the job succeeded.</summary>
    public string? VideoUrl { get; init; }

    /// <summary>A signed, short-lived URL of the JPEG thumbnail when the job succeeded.</summary>
    public string? ThumbnailUrl { get; init; }

    /// <summary>Progress from 0 to 1 while running, when known.</summary>
    public double? Progress { get; init; }

    /// <summary>
    /// Queued: the job's place in its project's queue on this gateway (1 = the project's next job to
    /// start; projects take turns). Running: its place in the vendor's queue, when the vendor reports one.
    /// </summary>
    public int? QueuePosition { get; init; }

    /// <summary>Why the job failed.</summary>
    public VideoJobError? Error { get; init; }
}
