namespace Reelgate.Vendors.Veo;

/// <summary>The <c>parameters</c> object: the SDKs' <c>GenerateVideosConfig</c> in wire names.</summary>
internal sealed record VeoParameters
{
    /// <summary><c>16:9</c> or <c>9:16</c>.</summary>
    public required string AspectRatio { get; init; }

    /// <summary><c>720p</c>, <c>1080p</c> or <c>4k</c>; left out for Veo 2, which renders 720p only.</summary>
    public string? Resolution { get; init; }

    /// <summary>Whole seconds, sent as a JSON number (the SDKs' <c>duration_seconds: int</c>).</summary>
    public required int DurationSeconds { get; init; }

    /// <summary>The SDKs' <c>number_of_videos</c>; always 1.</summary>
    public int? SampleCount { get; init; }
}
