using Reelgate.Core.Jobs;

namespace Reelgate.Core.Routing;

/// <summary>What one vendor model declares about itself; the router reads only this.</summary>
public sealed record VendorModel
{
    public required string Vendor { get; init; }
    public required string Model { get; init; }
    public required IReadOnlyList<Resolution> Resolutions { get; init; }

    /// <summary>Accepted durations in whole seconds (vendors often allow only a few, e.g. 4, 6, 8).</summary>
    public required IReadOnlyList<int> Durations { get; init; }
    /// <summary>
    /// Where a resolution accepts fewer durations than <see cref="Durations"/> (Veo takes only 8 s
    /// at 1080p and 4k), the exact set for that resolution.
    /// </summary>
    public IReadOnlyDictionary<Resolution, IReadOnlyList<int>>? DurationsByResolution { get; init; }

    public required IReadOnlyList<Aspect> Aspects { get; init; }
    public bool SupportsReferenceImage { get; init; }
    public bool SupportsExtend { get; init; }
    public bool SupportsUpscale { get; init; }

    /// <summary>Higher is better; used by <c>smartest</c> and <c>balanced</c>.</summary>
    public required int QualityRank { get; init; }

    /// <summary>Price per second of output in micro-USD, by resolution.</summary>
    public required IReadOnlyDictionary<Resolution, long> PricePerSecondMicros { get; init; }

    public DateOnly? DeprecatedAfter { get; init; }
    public DateOnly? RemovedAfter { get; init; }

    public ModelRef Ref => new(Vendor, Model);

    public long QuoteMicros(Resolution resolution, int durationSeconds)
        => PricePerSecondMicros.TryGetValue(resolution, out var perSecond) ? perSecond * durationSeconds : 0;

    public bool IsRemoved(DateOnly today) => RemovedAfter is { } removed && today > removed;

    /// <summary>The durations the model accepts at <paramref name="resolution"/>.</summary>
    public IReadOnlyList<int> DurationsAt(Resolution resolution)
        => DurationsByResolution is not null && DurationsByResolution.TryGetValue(resolution, out var exact) ? exact : Durations;

    public bool Supports(JobSpec spec)
        => Resolutions.Contains(spec.Resolution)
           && DurationsAt(spec.Resolution).Contains(spec.DurationSeconds)
           && Aspects.Contains(spec.Aspect)
           && (spec.ReferenceImageUrl is null || SupportsReferenceImage);
}
