namespace Reelgate.Contracts.Video;

/// <summary>One try of one vendor model for a job.</summary>
public sealed record VideoJobAttempt
{
    /// <summary>1 for the first.</summary>
    public required int Attempt { get; init; }

    /// <summary>The vendor asked.</summary>
    public required string Vendor { get; init; }

    /// <summary>The model asked.</summary>
    public required string Model { get; init; }

    /// <summary>The vendor's id for the job, once it accepted it.</summary>
    public string? VendorJobId { get; init; }

    /// <summary>When the attempt started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary><c>succeeded</c>, or the failure code that ended it.</summary>
    public string? Outcome { get; init; }

    /// <summary>The vendor's reason when it failed.</summary>
    public string? Message { get; init; }
}
