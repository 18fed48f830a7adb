namespace Reelgate.Core.Jobs;

/// <summary>What the caller ordered, validated and with defaults applied.</summary>
public sealed record JobSpec
{
    public required string Prompt { get; init; }
    public string? ReferenceImageUrl { get; init; }
    public required int DurationSeconds { get; init; }
    public required Aspect Aspect { get; init; }
    public required Resolution Resolution { get; init; }
    public required Prefer Prefer { get; init; }
    public string? VendorPin { get; init; }
    public string? ModelPin { get; init; }
    public string? CallbackUrl { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public (int Width, int Height) PixelSize => VideoFormats.PixelSize(Resolution, Aspect);
}
