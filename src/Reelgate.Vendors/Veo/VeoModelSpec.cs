using Reelgate.Core.Jobs;

namespace Reelgate.Vendors.Veo;

/// <summary>What the adapter knows about one Veo model beyond what the router reads.</summary>
/// <param name="Id">The Gemini API model id.</param>
/// <param name="QualityRank">See <see cref="VeoModels"/> for the ranking.</param>
/// <param name="PriceMicros">Published price per second of output by resolution (micro-USD); the keys are the resolutions it renders.</param>
/// <param name="Durations">The exact set of <c>durationSeconds</c> it accepts.</param>
/// <param name="SendsResolution">False for models that take no <c>resolution</c> parameter (Veo 2, 720p only).</param>
/// <param name="EightSecondsOnly">Resolutions at which Google accepts only 8 s.</param>
internal sealed record VeoModelSpec(
    string Id,
    int QualityRank,
    IReadOnlyDictionary<Resolution, long> PriceMicros,
    IReadOnlyList<int> Durations,
    bool SendsResolution,
    IReadOnlyList<Resolution> EightSecondsOnly)
{
    public DateOnly? DeprecatedAfter { get; init; }
    public DateOnly? RemovedAfter { get; init; }
}
