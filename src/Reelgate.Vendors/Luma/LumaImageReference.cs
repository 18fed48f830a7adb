namespace Reelgate.Vendors.Luma;

/// <summary>A keyframe given as an image: Luma fetches it from a public URL (no inline bytes in its schema).</summary>
internal sealed record LumaImageReference
{
    public string Type { get; init; } = "image";

    public required string Url { get; init; }
}
