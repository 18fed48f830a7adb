using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reelgate.Vendors.Kling;

internal static class KlingServiceCollectionExtensions
{
    /// <summary>Registers the Kling adapter when it is enabled (placeholder until the adapter lands).</summary>
    public static IServiceCollection AddKlingVendor(this IServiceCollection services, IConfiguration configuration) => services;
}
