namespace Reelgate.Vendors.Kling;

/// <summary>
/// The body of <c>POST /v1/videos/text2video</c> and <c>/v1/videos/image2video</c> (null fields are left
/// out: image-to-video takes no <c>aspect_ratio</c>, text-to-video no <c>image</c>).
/// </summary>
internal sealed record KlingCreateRequest
{
    public required string ModelName { get; init; }

    public string? Prompt { get; init; }

    /// <summary><c>std</c> (720p) or <c>pro</c> (1080p).</summary>
    public required string Mode { get; init; }

    /// <summary><c>16:9</c>, <c>9:16</c> or <c>1:1</c>; text-to-video only.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>Seconds as a string: <c>"5"</c>, <c>"10"</c> (v3: <c>"3"</c>…<c>"15"</c>).</summary>
    public required string Duration { get; init; }

    /// <summary><c>off</c> on models that can add audio (v2.6+), which would cost more.</summary>
    public string? Sound { get; init; }

    /// <summary>First frame as a URL; image-to-video only.</summary>
    public string? Image { get; init; }

    /// <summary>Our id for the task, unique in the account; lets a lost create be found.</summary>
    public required string ExternalTaskId { get; init; }
}
