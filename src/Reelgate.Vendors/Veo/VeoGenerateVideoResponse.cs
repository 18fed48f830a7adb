namespace Reelgate.Vendors.Veo;

internal sealed record VeoGenerateVideoResponse
{
    public IReadOnlyList<VeoGeneratedSample>? GeneratedSamples { get; init; }

    /// <summary>How many outputs Google's safety (RAI) filters removed.</summary>
    public int? RaiMediaFilteredCount { get; init; }

    /// <summary>Why, in Google's words.</summary>
    public IReadOnlyList<string>? RaiMediaFilteredReasons { get; init; }
}
