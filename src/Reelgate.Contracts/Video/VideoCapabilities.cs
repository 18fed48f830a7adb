namespace Reelgate.Contracts.Video;

/// <summary>Answer of <c>capabilities</c>: the enabled vendors.</summary>
/// <param name="Vendors">One entry per enabled vendor.</param>
public sealed record VideoCapabilities(IReadOnlyList<VendorCapability> Vendors);

/// <summary>What one vendor can do.</summary>
public sealed record VendorCapability
{
    /// <summary>Vendor name, usable as <c>vendor</c> in <c>generate</c>.</summary>
    public required string Vendor { get; init; }

    /// <summary>Model ids, usable as <c>model</c> in <c>generate</c>.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Union of the models' resolutions.</summary>
    public required IReadOnlyList<string> Resolutions { get; init; }

    /// <summary>Longest clip any model makes.</summary>
    public required int MaxDurationSeconds { get; init; }

    /// <summary>Whether any model can extend a clip.</summary>
    public required bool SupportsExtend { get; init; }

    /// <summary>Whether any model can upscale a clip.</summary>
    public required bool SupportsUpscale { get; init; }

    /// <summary><c>healthy</c> or <c>unavailable</c>.</summary>
    public required string Health { get; init; }

    /// <summary>Per-model details.</summary>
    public required IReadOnlyList<ModelCapability> ModelDetails { get; init; }
}

/// <summary>What one model can do and what it costs.</summary>
public sealed record ModelCapability
{
    /// <summary>Model id.</summary>
    public required string Model { get; init; }

    /// <summary>Resolutions it renders.</summary>
    public required IReadOnlyList<string> Resolutions { get; init; }

    /// <summary>Durations in seconds it accepts.</summary>
    public required IReadOnlyList<int> Durations { get; init; }

    /// <summary>Where a resolution accepts fewer durations than <see cref="Durations"/>, the exact set for it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>>? DurationsByResolution { get; init; }

    /// <summary>Aspect ratios it renders.</summary>
    public required IReadOnlyList<string> Aspects { get; init; }

    /// <summary>Whether it takes <c>reference_image_url</c>.</summary>
    public required bool SupportsReferenceImage { get; init; }

    /// <summary>Whether it can extend a clip.</summary>
    public required bool SupportsExtend { get; init; }

    /// <summary>Whether it can upscale a clip.</summary>
    public required bool SupportsUpscale { get; init; }

    /// <summary>Relative quality used by <c>prefer: smartest</c> (higher is better).</summary>
    public required int QualityRank { get; init; }

    /// <summary>Price per second of output in USD, by resolution.</summary>
    public required IReadOnlyDictionary<string, decimal> PricePerSecondUsd { get; init; }

    /// <summary>Date after which the vendor deprecates the model, when announced.</summary>
    public DateOnly? DeprecatedAfter { get; init; }

    /// <summary>Date after which the vendor removes the model, when announced.</summary>
    public DateOnly? RemovedAfter { get; init; }
}
