namespace Reelgate.Cli;

/// <summary>The config file: <c>{"url": "http://…", "api_key": "rg_pk_…"}</c>.</summary>
internal sealed record CliConfigFile
{
    public string? Url { get; init; }

    public string? ApiKey { get; init; }
}
