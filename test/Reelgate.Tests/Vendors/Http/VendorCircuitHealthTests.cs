using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;
using Reelgate.Vendors.Http;

namespace Reelgate.Tests.Vendors.Http;

public sealed class VendorCircuitHealthTests
{
    [Fact]
    public async Task A_vendor_is_unhealthy_while_its_circuit_is_open_and_readmitted_once_the_break_has_passed()
    {
        var time = new FakeTimeProvider();
        var sut = new VendorCircuitHealth(time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                StateProvider = sut.For("acme"),
                OnOpened = args =>
                {
                    sut.Opened("acme", args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        Assert.True(sut.IsHealthy("acme"));
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipeline.ExecuteAsync(_ => throw new InvalidOperationException("boom"), TestContext.Current.CancellationToken));
        }

        Assert.False(sut.IsHealthy("acme"));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(sut.IsHealthy("acme"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sut.IsHealthy("acme"));
        Assert.True(sut.IsHealthy("other"));
    }
}
