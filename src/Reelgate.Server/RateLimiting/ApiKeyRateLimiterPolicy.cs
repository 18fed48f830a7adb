using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Reelgate.Core.Jobs;
using Reelgate.Server.Errors;

namespace Reelgate.Server.RateLimiting;

/// <summary>
/// One token bucket per API key for one class of endpoints: up to <c>burst</c> requests at once,
/// refilled with one token every <c>refillInterval</c>, no queue (an empty bucket answers 429 at
/// once). The partition is a digest of the bearer token, so two keys of one project are limited
/// separately and the secret itself is never kept as a dictionary key.
/// </summary>
internal sealed class ApiKeyRateLimiterPolicy : IRateLimiterPolicy<UInt128>
{
    private const string BearerPrefix = "Bearer ";

    private readonly Func<UInt128, RateLimiter> _createLimiter;
    private readonly string _limit;
    private readonly string _rate;

    /// <param name="limit">Which limit, as the client reads it in the message: "generate" or "reads".</param>
    /// <param name="rate">The steady rate and burst in words, for the rejection message.</param>
    /// <param name="burst">Bucket size: requests a key may send at once.</param>
    /// <param name="refillInterval">Time to earn one token back.</param>
    public ApiKeyRateLimiterPolicy(string limit, string rate, int burst, TimeSpan refillInterval)
    {
        ArgumentException.ThrowIfNullOrEmpty(limit);
        ArgumentException.ThrowIfNullOrEmpty(rate);
        _limit = limit;
        _rate = rate;

        // One token per interval (rather than N per minute) makes Retry-After the time to the next
        // token, not to the next full period. AutoReplenishment is off because the partitioned
        // limiter refills every bucket from its own single timer; a timer per key would not scale.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = refillInterval,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _createLimiter = _ => new TokenBucketRateLimiter(bucket);
        OnRejected = (context, _) => RejectAsync(context);
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; }

    public RateLimitPartition<UInt128> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return RateLimitPartition.Get(PartitionKey(httpContext), _createLimiter);
    }

    /// <summary>
    /// The first 128 bits of SHA-256 over the bearer token (hashed as UTF-16, without allocating);
    /// the remote address for a request without one, which the API-key policy rejects anyway.
    /// </summary>
    internal static UInt128 PartitionKey(HttpContext httpContext)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var header = httpContext.Request.Headers.Authorization.ToString().AsSpan();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Trimmed as the authentication handler trims, so the key that authenticated is the key that is counted.
            SHA256.HashData(MemoryMarshal.AsBytes(header[BearerPrefix.Length..].Trim()), digest);
            return MemoryMarshal.Read<UInt128>(digest);
        }

        var address = httpContext.Connection.RemoteIpAddress;
        return address is not null && address.MapToIPv6().TryWriteBytes(digest, out _)
            ? MemoryMarshal.Read<UInt128>(digest)
            : UInt128.Zero;
    }

    private ValueTask RejectAsync(OnRejectedContext context)
    {
        var seconds = 1;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            seconds = (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, int.MaxValue);
        }

        var retry = seconds.ToString(CultureInfo.InvariantCulture);
        context.HttpContext.Response.Headers.RetryAfter = retry;
        var message = $"The {_limit} rate limit of this API key is used up ({_rate}); retry after {retry} s.";
        return new ValueTask(ApiError.From(new Error(ErrorCode.RateLimited, message)).ExecuteAsync(context.HttpContext));
    }
}
