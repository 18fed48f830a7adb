using System.ComponentModel.DataAnnotations;

namespace Reelgate.Server.RateLimiting;

/// <summary>
/// Per-API-key request limits, bound from <c>Reelgate:RateLimits</c>. Each key has two token
/// buckets: one for <c>generate</c> and one for every other <c>/v1/video</c> endpoint ("reads").
/// A bucket holds up to its burst and refills at its steady rate; an empty bucket answers 429.
/// </summary>
internal sealed class RateLimitingOptions
{
    public const string SectionName = "Reelgate:RateLimits";

    /// <summary>When <see langword="false"/>, no request is ever limited.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Steady rate of <c>generate</c> requests per key, per minute.</summary>
    /// <value>The default value is 60.</value>
    [Range(1, 1_000_000)]
    public int GeneratePerMinute { get; set; } = 60;

    /// <summary>How many <c>generate</c> requests a key may send at once before the steady rate applies.</summary>
    /// <value>The default value is 20.</value>
    [Range(1, 1_000_000)]
    public int GenerateBurst { get; set; } = 20;

    /// <summary>Steady rate of the other <c>/v1/video</c> requests (status, get, list, …) per key, per second.</summary>
    /// <value>The default value is 50.</value>
    [Range(1, 1_000_000)]
    public int ReadsPerSecond { get; set; } = 50;

    /// <summary>How many of the other <c>/v1/video</c> requests a key may send at once before the steady rate applies.</summary>
    /// <value>The default value is 100.</value>
    [Range(1, 1_000_000)]
    public int ReadsBurst { get; set; } = 100;
}
