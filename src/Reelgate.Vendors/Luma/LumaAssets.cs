namespace Reelgate.Vendors.Luma;

/// <summary>Output URLs of a completed generation: the MP4 and a still image we keep as the thumbnail.</summary>
internal sealed record LumaAssets
{
    public string? Video { get; init; }

    public string? Image { get; init; }
}
