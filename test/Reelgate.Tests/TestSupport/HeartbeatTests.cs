using Reelgate.Testing;

namespace Reelgate.Tests.TestSupport;

/// <summary>The assembly-wide <see cref="HeartbeatAttribute"/> is in force and writes while a test runs.</summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task A_test_that_runs_past_the_interval_reports_that_it_is_still_running()
    {
        var output = TestContext.Current.TestOutputHelper!;

        await Eventually.TrueAsync(
            () => output.Output.Contains("[heartbeat] still running after", StringComparison.Ordinal),
            "a heartbeat line in this test's output",
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_short_test_writes_nothing()
    {
        Assert.DoesNotContain("[heartbeat]", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }
}
