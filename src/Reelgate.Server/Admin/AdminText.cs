using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin;

/// <summary>How amounts read in the verbs' JSON (invariant decimals of dollars).</summary>
internal static class AdminText
{
    public static string Usd(long micros) => Money.ToUsd(micros).ToString(CultureInfo.InvariantCulture);
}
