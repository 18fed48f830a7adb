using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reelgate.Vendors.Runway;

internal static class RunwayServiceCollectionExtensions
{
    /// <summary>Registers the Runway adapter when it is enabled (placeholder until the adapter lands).</summary>
    public static IServiceCollection AddRunwayVendor(this IServiceCollection services, IConfiguration configuration) => services;
}
