using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Runway;

internal static class RunwayServiceCollectionExtensions
{
    public const string ConfigurationName = "Runway";

    /// <summary>Registers the Runway adapter when <c>Reelgate:Vendors:Runway</c> enables it (an API key, or <c>Enabled=true</c>).</summary>
    public static IServiceCollection AddRunwayVendor(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection($"Reelgate:Vendors:{ConfigurationName}").Get<RunwayOptions>()?.IsEnabled != true)
        {
            return services;
        }

        services.AddVendorHttpClient<RunwayOptions>(RunwayVendor.VendorName, ConfigurationName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunwayOptions>, RunwayOptionsValidator>());
        services.TryAddSingleton<RunwayReferenceImages>();
        services.TryAddSingleton<RunwayVendor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoVendor, RunwayVendor>(static sp => sp.GetRequiredService<RunwayVendor>()));
        return services;
    }
}
