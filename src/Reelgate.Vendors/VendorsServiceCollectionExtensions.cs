using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Local;
using Reelgate.Vendors.Media;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the vendor adapters and the media tools.</summary>
public static class VendorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>local</c> vendor (ffmpeg) and <see cref="IMediaProbe"/>. The vendor is always
    /// registered; the host reads <see cref="LocalVendorOptions.Enabled"/> to decide whether to route to it.
    /// </summary>
    public static IServiceCollection AddLocalVendor(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MediaToolsOptions>()
            .BindConfiguration(MediaToolsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<LocalVendorOptions>()
            .BindConfiguration(LocalVendorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<MediaProcessPool>();
        services.TryAddSingleton<IMediaProbe, FfmpegMediaProbe>();
        services.TryAddSingleton<LocalRenderer>();
        services.TryAddSingleton<LocalVendor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoVendor, LocalVendor>(static sp => sp.GetRequiredService<LocalVendor>()));
        return services;
    }
}
