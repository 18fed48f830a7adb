using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Luma;

internal static class LumaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>luma</c> vendor when <c>Reelgate:Vendors:Luma</c> enables it (an <c>ApiKey</c>,
    /// and <c>Enabled</c> not false), with its resilient HttpClient <c>luma</c>.
    /// </summary>
    public static IServiceCollection AddLumaVendor(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(LumaOptions.SectionName).Get<LumaOptions>()?.IsEnabled != true)
        {
            return services;
        }

        services.AddVendorHttpClient<LumaOptions>(LumaVendor.VendorName, "Luma");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LumaVendor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoVendor, LumaVendor>(static sp => sp.GetRequiredService<LumaVendor>()));
        return services;
    }
}
