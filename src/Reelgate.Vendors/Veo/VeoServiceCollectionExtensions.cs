using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Veo;

internal static class VeoServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Veo adapter when it is enabled: an API key in <c>Reelgate:Vendors:Veo</c> and
    /// <c>Enabled</c> not false (DESIGN §7).
    /// </summary>
    public static IServiceCollection AddVeoVendor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetSection(VeoOptions.SectionName).Get<VeoOptions>()?.IsEnabled != true)
        {
            return services;
        }

        services.AddVendorHttpClient<VeoOptions>(VeoVendor.VendorName, VeoOptions.ConfigurationName);

        // Redirects are followed by the adapter, which sends the API key only to Veo's own host: the
        // handler would carry the x-goog-api-key header to wherever a file download redirects.
        services.AddHttpClient(VeoVendor.VendorName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.TryAddSingleton<VeoVendor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoVendor, VeoVendor>(static sp => sp.GetRequiredService<VeoVendor>()));
        return services;
    }
}
