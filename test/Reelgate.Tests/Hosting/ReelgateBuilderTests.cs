using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Local;

namespace Reelgate.Tests.Hosting;

/// <summary>The composition seam: each part decides at registration from the configuration.</summary>
public sealed class ReelgateBuilderTests
{
    [Fact]
    public void AddLocalVendor_with_Enabled_false_registers_no_local_vendor_but_keeps_the_media_tools()
    {
        using var provider = Build(new() { ["Reelgate:Vendors:Local:Enabled"] = "false" }, b => b.AddLocalVendor());

        Assert.Empty(provider.GetServices<IVideoVendor>());
        Assert.NotNull(provider.GetService<IMediaProbe>());
    }

    [Fact]
    public void AddLocalVendor_renders_under_the_data_directory_unless_told_otherwise()
    {
        using var byDefault = Build(new() { ["Reelgate:DataDirectory"] = "/srv/reelgate" }, b => b.AddLocalVendor());
        using var chosen = Build(new() { ["Reelgate:DataDirectory"] = "/srv/reelgate", ["Reelgate:Vendors:Local:WorkDirectory"] = "/scratch" }, b => b.AddLocalVendor());

        Assert.Equal("local", Assert.Single(byDefault.GetServices<IVideoVendor>()).Name);
        Assert.Equal(Path.Combine("/srv/reelgate", "work", "local"), byDefault.GetRequiredService<IOptions<LocalVendorOptions>>().Value.WorkDirectory);
        Assert.Equal("/scratch", chosen.GetRequiredService<IOptions<LocalVendorOptions>>().Value.WorkDirectory);
    }

    [Fact]
    public void AddHttpVendors_adds_only_the_vendors_that_have_credentials_and_are_not_switched_off()
    {
        using var provider = Build(
            new()
            {
                ["Reelgate:Vendors:Runway:ApiKey"] = "key",
                ["Reelgate:Vendors:Luma:ApiKey"] = "key",
                ["Reelgate:Vendors:Luma:Enabled"] = "false",
                ["Reelgate:Vendors:Kling:AccessKey"] = "only half of a key pair",
            },
            b => b.AddHttpVendors());

        Assert.Equal(["runway"], provider.GetServices<IVideoVendor>().Select(v => v.Name));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<Core.Hosting.IReelgateBuilder> configure)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        configure(services.AddReelgate(configuration));
        return services.BuildServiceProvider();
    }
}
