using System.CommandLine;

namespace Reelgate.Cli;

/// <summary>Options every verb takes (declared once on the root, recursive).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"Gateway base URL (else ${CliSettings.UrlVariable}, else the config file, else {CliSettings.DefaultUrl}).",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"API key (else ${CliSettings.ApiKeyVariable}, else the config file).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the API's JSON answer on stdout and nothing else (for scripts).",
        Recursive = true,
    };
}
