using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.RateLimiting;

/// <summary>
/// An API-only gateway with small buckets that refill slowly (one generate a minute, one read a
/// second), so a test empties a bucket with a handful of requests and it stays empty while the test
/// runs. Every test uses fresh keys, so tests sharing the host never share a bucket. Limits are
/// switched on explicitly so the fixture does not depend on the factory's defaults.
/// </summary>
public sealed class RateLimitedGatewayFixture : IDisposable
{
    public const int GenerateBurst = 3;
    public const int ReadsBurst = 5;

    public GatewayFactory Gateway { get; } = new GatewayFactory()
        .With("Reelgate:Dispatcher:Enabled", "false")
        .With("Reelgate:RateLimits:Enabled", "true")
        .With("Reelgate:RateLimits:GenerateBurst", GenerateBurst.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Reelgate:RateLimits:GeneratePerMinute", "1")
        .With("Reelgate:RateLimits:ReadsBurst", ReadsBurst.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Reelgate:RateLimits:ReadsPerSecond", "1");

    public void Dispose() => Gateway.Dispose();
}
