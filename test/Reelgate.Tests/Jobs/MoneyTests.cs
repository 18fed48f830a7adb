using System.Text.Json;
using Reelgate.Core.Jobs;

namespace Reelgate.Tests.Jobs;

public sealed class MoneyTests
{
    [Fact]
    public void ToUsd_of_a_sum_of_micros_is_exact()
    {
        var usd = Money.ToUsd(100_000 + 200_000);

        Assert.Equal(0.3m, usd);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1L, "0.000001")]
    [InlineData(300_000L, "0.3")]
    [InlineData(1_000_000L, "1")]
    [InlineData(1_500_000L, "1.5")]
    [InlineData(123_456_789L, "123.456789")]
    [InlineData(-250_000L, "-0.25")]
    public void ToUsd_converts_micros_to_dollars(long micros, string expected)
    {
        var usd = Money.ToUsd(micros);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), usd);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(300_000L)]
    [InlineData(999_999L)]
    [InlineData(4_000_000L)]
    [InlineData(long.MaxValue / 2)]
    [InlineData(-1L)]
    public void ToMicros_of_ToUsd_round_trips(long micros)
    {
        var back = Money.ToMicros(Money.ToUsd(micros));

        Assert.Equal(micros, back);
    }

    [Theory]
    [InlineData("0.3", 300_000L)]
    [InlineData("12.5", 12_500_000L)]
    [InlineData("0.0000005", 1L)]
    [InlineData("0.0000004", 0L)]
    [InlineData("-0.0000005", -1L)]
    public void ToMicros_rounds_sub_micro_amounts_half_away_from_zero(string usd, long expected)
    {
        var micros = Money.ToMicros(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, micros);
    }

    [Theory]
    [InlineData(300_000L, "0.3")]
    [InlineData(0L, "0")]
    [InlineData(1_000_000L, "1")]
    [InlineData(2_500_000L, "2.5")]
    [InlineData(1L, "0.000001")]
    public void ToUsd_serializes_to_json_without_floating_point_noise_or_trailing_zeros(long micros, string expected)
    {
        var json = JsonSerializer.Serialize(Money.ToUsd(micros));

        Assert.Equal(expected, json);
    }
}
