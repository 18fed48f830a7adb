using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Hosting;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Local;
using Reelgate.Vendors.Media;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the vendor adapters and the media tools.</summary>
public static class VendorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the media tools (<see cref="IMediaProbe"/>: ffprobe and previews, which every output's
    /// ingest needs) and, unless <c>Reelgate:Vendors:Local:Enabled</c> is false, the <c>local</c> vendor
    /// (ffmpeg) with its work folder under the data directory.
    /// </summary>
    public static IReelgateBuilder AddLocalVendor(this IReelgateBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MediaToolsOptions>()
            .BindConfiguration(MediaToolsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<MediaProcessPool>();
        services.TryAddSingleton<IMediaProbe, FfmpegMediaProbe>();
        if (!builder.Configuration.GetValue(LocalVendorOptions.SectionName + ":" + nameof(LocalVendorOptions.Enabled), true))
        {
            return builder;
        }

        services.AddOptions<LocalVendorOptions>()
            .BindConfiguration(LocalVendorOptions.SectionName)
            .PostConfigure<IOptions<ReelgateOptions>>((local, reelgate) =>
                local.WorkDirectory ??= Path.Combine(reelgate.Value.DataDirectory, "work", "local"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<LocalRenderer>();
        services.TryAddSingleton<LocalVendor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoVendor, LocalVendor>(static sp => sp.GetRequiredService<LocalVendor>()));
        return builder;
    }
}
