using Reelgate.Core.Hosting;
using Reelgate.Vendors.Kling;
using Reelgate.Vendors.Luma;
using Reelgate.Vendors.Runway;
using Reelgate.Vendors.Veo;

namespace Microsoft.Extensions.DependencyInjection;

public static class HttpVendorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the third-party adapters. Each one is added only when enabled: it has credentials in
    /// <c>Reelgate:Vendors:{Name}</c> and <c>Enabled</c> is not false (DESIGN §7).
    /// </summary>
    public static IReelgateBuilder AddHttpVendors(this IReelgateBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddVeoVendor(builder.Configuration)
            .AddRunwayVendor(builder.Configuration)
            .AddLumaVendor(builder.Configuration)
            .AddKlingVendor(builder.Configuration);
        return builder;
    }
}
