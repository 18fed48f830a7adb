namespace Reelgate.Vendors.Luma;

/// <summary>The answer of <c>GET /generations?limit=&amp;offset=</c>.</summary>
internal sealed record LumaGenerationList
{
    public IReadOnlyList<LumaGeneration> Generations { get; init; } = [];

    public bool? HasMore { get; init; }
}
