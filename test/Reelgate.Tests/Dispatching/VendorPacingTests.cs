using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Dispatching;

namespace Reelgate.Tests.Dispatching;

public sealed class VendorPacingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Remaining_of_an_unpaused_vendor_is_zero()
    {
        var sut = new VendorPacing(_time);

        Assert.Equal(TimeSpan.Zero, sut.Remaining("runway"));
    }

    [Fact]
    public void Pause_holds_the_vendor_until_its_end_and_no_longer()
    {
        var sut = new VendorPacing(_time);

        var recorded = sut.Pause("runway", _time.GetUtcNow() + TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(10));
        var during = sut.Remaining("RUNWAY");
        _time.Advance(TimeSpan.FromSeconds(21));

        Assert.True(recorded);
        Assert.Equal(TimeSpan.FromSeconds(20), during);
        Assert.Equal(TimeSpan.Zero, sut.Remaining("runway"));
        Assert.Equal(TimeSpan.Zero, sut.Remaining("kling"));
    }

    [Fact]
    public void Pause_keeps_the_later_end_and_reports_only_a_change_worth_sharing()
    {
        var sut = new VendorPacing(_time);
        var now = _time.GetUtcNow();
        sut.Pause("kling", now + TimeSpan.FromSeconds(30));

        var earlier = sut.Pause("kling", now + TimeSpan.FromSeconds(5));
        var barelyLater = sut.Pause("kling", now + TimeSpan.FromSeconds(30.5));
        var later = sut.Pause("kling", now + TimeSpan.FromSeconds(60));

        Assert.False(earlier);
        Assert.False(barelyLater);
        Assert.True(later);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.Remaining("kling"));
    }

    [Fact]
    public void Learn_takes_in_the_pauses_of_other_nodes()
    {
        var sut = new VendorPacing(_time);
        var now = _time.GetUtcNow();

        sut.Learn(new Dictionary<string, DateTimeOffset> { ["luma"] = now + TimeSpan.FromSeconds(12), ["veo"] = now - TimeSpan.FromSeconds(1) });

        Assert.Equal(TimeSpan.FromSeconds(12), sut.Remaining("luma"));
        Assert.Equal(TimeSpan.Zero, sut.Remaining("veo"));
    }
}
