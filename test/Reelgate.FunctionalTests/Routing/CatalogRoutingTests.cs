using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Routing;

/// <summary>
/// <c>prefer</c> across the real catalog (every adapter enabled, published prices): the choices for
/// a 1080p 16:9 8 s request are documented in docs/ARCHITECTURE.md ("Routing").
/// </summary>
public sealed class CatalogRoutingTests
{
    [Theory]
    [InlineData("cheapest", "veo/veo-3.1-lite-generate-preview")]
    [InlineData("smartest", "runway/veo3.1")]
    [InlineData("balanced", "kling/kling-v3")]
    public async Task Prefer_picks_the_documented_model_for_a_1080p_8_second_request(string prefer, string expected)
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Dispatcher:Enabled", "false")
            .With("Reelgate:Vendors:Local:Enabled", "false")
            .With("Reelgate:Vendors:Veo:ApiKey", "k")
            .With("Reelgate:Vendors:Runway:ApiKey", "k")
            .With("Reelgate:Vendors:Luma:ApiKey", "k")
            .With("Reelgate:Vendors:Kling:AccessKey", "a")
            .With("Reelgate:Vendors:Kling:SecretKey", "s");
        await gateway.GrantAsync("router", 100m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("router"));

        var id = await client.GenerateAsync($$"""{"prompt": "routing", "resolution": "1080p", "duration_seconds": 8, "aspect_ratio": "16:9", "prefer": "{{prefer}}"}""");
        var job = await client.GetJobAsync(id);

        Assert.Equal(expected, $"{job.GetProperty("vendor").GetString()}/{job.GetProperty("model").GetString()}");
    }
}
