using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelgate.Vendors.Media;

namespace Reelgate.Tests.Vendors;

public sealed class MediaToolsOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void MaxConcurrentProcesses_below_one_fails_start_validation_naming_the_setting(string value)
    {
        using var provider = BuildProvider(new Dictionary<string, string?> { ["Reelgate:Media:MaxConcurrentProcesses"] = value });

        // What the host runs before it starts: only options registered with ValidateOnStart are checked.
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Reelgate:Media:MaxConcurrentProcesses must be from 1 to 1024.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxConcurrentProcesses_unset_is_one_per_processor()
    {
        using var provider = BuildProvider([]);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(Environment.ProcessorCount, provider.GetRequiredService<IOptions<MediaToolsOptions>>().Value.MaxConcurrentProcesses);
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddReelgate(configuration).AddLocalVendor();
        return services.BuildServiceProvider();
    }
}
