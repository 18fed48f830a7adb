namespace Reelgate.Contracts.Video;

/// <summary>Body of <c>POST /v1/video/set_retention/{id}</c>.</summary>
public sealed record SetRetentionRequest
{
    /// <summary>When given, must equal the path id.</summary>
    public string? JobId { get; init; }

    /// <summary>Retention window in whole days, 1..90.</summary>
    public double? Days { get; init; }

    /// <summary>De-duplication key.</summary>
    public string? IdempotencyKey { get; init; }
}
