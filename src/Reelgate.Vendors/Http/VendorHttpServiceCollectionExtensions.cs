using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Http;

/// <summary>The per-vendor HTTP pipeline: timeouts, retries with jitter honouring Retry-After, and a circuit breaker that feeds routing.</summary>
internal static class VendorHttpServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <c>Reelgate:Vendors:{name}</c> and registers the named
    /// HttpClient <paramref name="name"/> with Polly's standard pipeline. Retries cover only safe
    /// methods: a submit is never retried here (the runner decides, per DESIGN §3).
    /// </summary>
    public static IServiceCollection AddVendorHttpClient<TOptions>(this IServiceCollection services, string name, string configurationName)
        where TOptions : VendorHttpOptions
    {
        services.AddOptions<TOptions>().BindConfiguration($"Reelgate:Vendors:{configurationName}").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<VendorCircuitHealth>();
        services.TryAddSingleton<ReferenceImageFetcher>();
        services.Replace(ServiceDescriptor.Singleton<IVendorHealth>(sp => sp.GetRequiredService<VendorCircuitHealth>()));
        services.AddHttpClient(name)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var vendor = sp.GetRequiredService<IOptions<TOptions>>().Value;

                // Calls beyond the limit queue instead of failing: a refused submit would count as the vendor's refusal.
                resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = vendor.MaxConcurrentRequests;
                resilience.RateLimiter.DefaultRateLimiterOptions.QueueLimit = int.MaxValue;

                // A 429 goes back to the runner, which holds every call to the vendor on every node for
                // its Retry-After; retried here, it would hold only this one call. Set before
                // DisableForUnsafeHttpMethods, which wraps this predicate: a submit is never retried here.
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.RequestTimeout,
                    _ => false,
                });
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.Retry.MaxRetryAttempts = 3;
                resilience.Retry.UseJitter = true;
                resilience.AttemptTimeout.Timeout = vendor.RequestTimeout;
                resilience.TotalRequestTimeout.Timeout = vendor.RequestTimeout * 4;
                resilience.CircuitBreaker.SamplingDuration = vendor.RequestTimeout * 2 > TimeSpan.FromSeconds(30) ? vendor.RequestTimeout * 2 : TimeSpan.FromSeconds(30);
                resilience.CircuitBreaker.BreakDuration = vendor.CircuitBreakDuration;
                resilience.CircuitBreaker.MinimumThroughput = vendor.CircuitMinimumThroughput;
                resilience.CircuitBreaker.FailureRatio = vendor.CircuitFailureRatio;

                // A rate limit says the vendor is busy, not broken: it is waited out (Retry-After),
                // and must not take the vendor out of routing. Only failures and 5xx count.
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } response } => (int)response.StatusCode >= 500,
                    _ => false,
                });
                var health = sp.GetRequiredService<VendorCircuitHealth>();
                resilience.CircuitBreaker.StateProvider = health.For(name);
                resilience.CircuitBreaker.OnOpened = args =>
                {
                    health.Opened(name, args.BreakDuration);
                    return ValueTask.CompletedTask;
                };
            });
        return services;
    }
}
