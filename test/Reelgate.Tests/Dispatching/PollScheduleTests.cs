using Reelgate.Core.Dispatching;

namespace Reelgate.Tests.Dispatching;

public sealed class PollScheduleTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 5)]
    [InlineData(30, 5)]
    [InlineData(50, 5)]
    [InlineData(60, 6)]
    [InlineData(120, 12)]
    [InlineData(300, 30)]
    [InlineData(3600, 30)]
    public void Next_is_the_vendor_minimum_while_young_then_a_tenth_of_the_age_up_to_the_maximum(int ageSeconds, int expectedSeconds)
    {
        var next = PollSchedule.Next(Minimum, Maximum, TimeSpan.FromSeconds(ageSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), next);
    }

    [Fact]
    public void Next_keeps_a_vendor_minimum_above_the_maximum()
    {
        var next = PollSchedule.Next(TimeSpan.FromMinutes(1), Maximum, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromMinutes(1), next);
    }

    [Fact]
    public void Next_of_a_negative_age_from_a_clock_step_is_the_minimum()
    {
        var next = PollSchedule.Next(Minimum, Maximum, TimeSpan.FromSeconds(-40));

        Assert.Equal(Minimum, next);
    }
}
