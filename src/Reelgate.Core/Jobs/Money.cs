namespace Reelgate.Core.Jobs;

/// <summary>Credit is an integer count of micro-USD; decimals appear only on the wire.</summary>
public static class Money
{
    public const long MicrosPerUsd = 1_000_000;

    public static decimal ToUsd(long micros) => micros / (decimal)MicrosPerUsd;

    public static long ToMicros(decimal usd) => (long)decimal.Round(usd * MicrosPerUsd, MidpointRounding.AwayFromZero);
}
