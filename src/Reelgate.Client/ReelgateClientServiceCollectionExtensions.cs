using Microsoft.Extensions.Options;
using Reelgate.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ReelgateClient"/> as a typed HTTP client.</summary>
public static class ReelgateClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ReelgateClient"/> (transient, over an <see cref="IHttpClientFactory"/>-managed
    /// <see cref="HttpClient"/>) with the base address, API key, timeout and retry settings of
    /// <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="ReelgateClientOptions.BaseAddress"/>, <see cref="ReelgateClientOptions.ApiKey"/> and the rest.</param>
    /// <returns>The HTTP client builder, to add handlers (for example a resilience pipeline) to.</returns>
    public static IHttpClientBuilder AddReelgateClient(this IServiceCollection services, Action<ReelgateClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ReelgateClientOptions>().Configure(configure);
        return services
            .AddHttpClient(nameof(ReelgateClient), (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ReelgateClientOptions>>().Value;
                http.BaseAddress = WithTrailingSlash(options.BaseAddress);
                http.Timeout = options.Timeout;
            })
            .AddHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ReelgateClientOptions>>().Value;
                return new ApiKeyHandler(options.BaseAddress, options.ApiKey ?? string.Empty);
            })
            .AddTypedClient((http, sp) => new ReelgateClient(http, sp.GetRequiredService<IOptions<ReelgateClientOptions>>().Value));
    }

    /// <summary>Relative API paths resolve under the base path only when it ends with a slash (<c>https://host/reelgate/</c>).</summary>
    private static Uri WithTrailingSlash(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }
}
