namespace Reelgate.Vendors.Kling;

/// <summary>One output clip: an MP4 link (kept by Kling for 30 days).</summary>
internal sealed record KlingVideo
{
    public string? Id { get; init; }

    public string? Url { get; init; }

    /// <summary>Seconds, as a string ("5").</summary>
    public string? Duration { get; init; }
}
