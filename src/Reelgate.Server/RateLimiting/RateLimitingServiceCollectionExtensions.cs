using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Reelgate.Server.RateLimiting;

/// <summary>Registers the per-API-key limits of <see cref="RateLimitingOptions"/> with ASP.NET Core's rate limiter.</summary>
internal static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="RateLimitPolicies"/>; endpoints opt in with <c>RequireRateLimiting</c>
    /// and the pipeline needs <c>UseRateLimiter()</c> after authorization (unauthenticated requests
    /// get their 401 first and never touch a bucket).
    /// </summary>
    public static IServiceCollection AddReelgateRateLimiting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter => limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests);
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            if (!limits.Enabled)
            {
                // The endpoints still name the policies, so they must exist; they never limit.
                limiter.AddPolicy(RateLimitPolicies.Generate, static _ => RateLimitPartition.GetNoLimiter(0));
                limiter.AddPolicy(RateLimitPolicies.Reads, static _ => RateLimitPartition.GetNoLimiter(0));
                return;
            }

            limiter.AddPolicy(RateLimitPolicies.Generate, new ApiKeyRateLimiterPolicy(
                "generate",
                string.Create(CultureInfo.InvariantCulture, $"{limits.GeneratePerMinute} per minute, bursts of {limits.GenerateBurst}"),
                limits.GenerateBurst,
                TimeSpan.FromMinutes(1) / limits.GeneratePerMinute));
            limiter.AddPolicy(RateLimitPolicies.Reads, new ApiKeyRateLimiterPolicy(
                "reads",
                string.Create(CultureInfo.InvariantCulture, $"{limits.ReadsPerSecond} per second, bursts of {limits.ReadsBurst}"),
                limits.ReadsBurst,
                TimeSpan.FromSeconds(1) / limits.ReadsPerSecond));
        });
        return services;
    }
}
