namespace Reelgate.Server.RateLimiting;

/// <summary>Names of the rate-limiting policies endpoints opt into with <c>RequireRateLimiting</c>.</summary>
internal static class RateLimitPolicies
{
    /// <summary><c>POST /v1/video/generate</c>: per key, <see cref="RateLimitingOptions.GeneratePerMinute"/>.</summary>
    public const string Generate = "generate";

    /// <summary>Every other <c>/v1/video</c> endpoint: per key, <see cref="RateLimitingOptions.ReadsPerSecond"/>.</summary>
    public const string Reads = "reads";
}
