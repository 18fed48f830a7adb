using System.ComponentModel.DataAnnotations;

namespace Reelgate.Contracts.Video;

/// <summary>The full view of a job, answered by <c>get</c> and <c>list</c>.</summary>
public sealed record VideoJobDetails
{
    /// <summary>The job id (<c>vid_…</c>).</summary>
    public required string JobId { get; init; }

    /// <summary>The job's state.</summary>
    public required VideoJobState State { get; init; }

    /// <summary>A signed, short-lived URL of the MP4 when the job succeeded.</summary>
    public string? VideoUrl { get; init; }

    /// <summary>A signed, short-lived URL of the JPEG thumbnail when the job succeeded.</summary>
    public string? ThumbnailUrl { get; init; }

    /// <summary>Why the job failed.</summary>
    public VideoJobError? Error { get; init; }

    /// <summary>The prompt as submitted (trimmed).</summary>
    public required string Prompt { get; init; }

    /// <summary>The reference image URL, when one was given.</summary>
    public string? ReferenceImageUrl { get; init; }

    /// <summary>Ordered clip length in seconds.</summary>
    public required int DurationSeconds { get; init; }

    /// <summary>Ordered resolution.</summary>
    [AllowedValues("720p", "1080p", "4k")]
    public required string Resolution { get; init; }

    /// <summary>Ordered aspect ratio.</summary>
    [AllowedValues("16:9", "9:16", "1:1")]
    public required string Aspect { get; init; }

    /// <summary>The routing strategy used.</summary>
    [AllowedValues("balanced", "cheapest", "smartest")]
    public required string Prefer { get; init; }

    /// <summary>The vendor chosen (or running) for this job.</summary>
    public required string Vendor { get; init; }

    /// <summary>The model chosen (or running) for this job.</summary>
    public required string Model { get; init; }

    /// <summary>Progress from 0 to 1.</summary>
    public required double Progress { get; init; }

    /// <summary>How many times a vendor was asked to run this job.</summary>
    public required int Attempts { get; init; }

    /// <summary>Each vendor attempt, first to last (answered by <c>get</c>; fallback shows as several).</summary>
    public IReadOnlyList<VideoJobAttempt>? AttemptDetails { get; init; }

    /// <summary>
    /// Queued: the job's place in its project's queue on this gateway (1 = the project's next job to
    /// start; projects take turns). Running: its place in the vendor's queue, when the vendor reports one.
    /// </summary>
    public int? QueuePosition { get; init; }

    /// <summary>When the job was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the job reached a terminal state.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Retention window in days, counted from completion.</summary>
    public required int RetentionDays { get; init; }

    /// <summary>When the artifacts will be removed (succeeded jobs).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What the job cost in USD (0 until it succeeds).</summary>
    public required decimal CostUsd { get; init; }

    /// <summary>Caller-defined metadata.</summary>
    public Dictionary<string, string>? Metadata { get; init; }
}
