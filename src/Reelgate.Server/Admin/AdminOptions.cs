using System.CommandLine;
using System.Globalization;

namespace Reelgate.Server.Admin;

/// <summary>Options several verbs share.</summary>
internal static class AdminOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON object per result line (for scripts).",
        Recursive = true,
    };

    public static Option<string> Project(string description = "The project's name.") => new("--project") { Description = description, Required = true };

    /// <summary>A positive amount of dollars with at most six decimals (credit is micro-USD).</summary>
    public static Option<decimal> Usd() => new("--usd")
    {
        Description = "Dollars, positive, at most six decimals (e.g. 25 or 0.50).",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd) || usd <= 0 || decimal.Round(usd, 6) != usd)
            {
                result.AddError($"--usd must be a positive amount with at most six decimals, e.g. 25 or 0.50 (got '{text}').");
            }

            return usd;
        },
    };
}
