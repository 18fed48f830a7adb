namespace Reelgate.Contracts.Video;

/// <summary>Optional body of <c>POST /v1/video/cancel/{id}</c>.</summary>
public sealed record CancelVideoRequest
{
    /// <summary>When given, must equal the path id.</summary>
    public string? JobId { get; init; }
}
