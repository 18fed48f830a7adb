using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Kling;

internal static class KlingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kling adapter when <c>Reelgate:Vendors:Kling</c> enables it (an AccessKey/SecretKey
    /// pair, or <c>Enabled=true</c>, which then fails at start without the pair).
    /// </summary>
    public static IServiceCollection AddKlingVendor(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(KlingOptions.SectionName).Get<KlingOptions>()?.IsEnabled != true)
        {
            return services;
        }

        services.AddVendorHttpClient<KlingOptions>(KlingVendor.VendorName, KlingVendor.ConfigurationName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KlingOptions>, KlingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KlingVendor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoVendor, KlingVendor>(sp => sp.GetRequiredService<KlingVendor>()));
        return services;
    }
}
