using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reelgate.Vendors.Luma;

internal static class LumaServiceCollectionExtensions
{
    /// <summary>Registers the Luma adapter when it is enabled (placeholder until the adapter lands).</summary>
    public static IServiceCollection AddLumaVendor(this IServiceCollection services, IConfiguration configuration) => services;
}
