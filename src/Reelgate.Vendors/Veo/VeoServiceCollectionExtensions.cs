using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reelgate.Vendors.Veo;

internal static class VeoServiceCollectionExtensions
{
    /// <summary>Registers the Veo adapter when it is enabled (placeholder until the adapter lands).</summary>
    public static IServiceCollection AddVeoVendor(this IServiceCollection services, IConfiguration configuration) => services;
}
