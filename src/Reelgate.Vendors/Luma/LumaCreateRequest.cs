namespace Reelgate.Vendors.Luma;

/// <summary>
/// The body of <c>POST /generations</c> (the SDKs' <c>GenerationCreateParams</c>). <c>loop</c> and
/// <c>concepts</c> are never sent; absent fields are left out, not sent as null.
/// </summary>
internal sealed record LumaCreateRequest
{
    public string GenerationType { get; init; } = "video";

    public required string Model { get; init; }

    public required string Prompt { get; init; }

    /// <summary><c>540p</c>, <c>720p</c>, <c>1080p</c> or <c>4k</c>; left out for models that take none.</summary>
    public string? Resolution { get; init; }

    /// <summary><c>5s</c> or <c>9s</c>; left out for models that take none.</summary>
    public string? Duration { get; init; }

    public required string AspectRatio { get; init; }

    public LumaKeyframes? Keyframes { get; init; }

    public string? CallbackUrl { get; init; }
}
