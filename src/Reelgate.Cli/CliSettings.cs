using System.Text.Json;

namespace Reelgate.Cli;

/// <summary>Where the CLI finds the gateway and its key: flags, then the environment, then the config file.</summary>
internal sealed record CliSettings(Uri Url, string ApiKey)
{
    public const string UrlVariable = "REELGATE_URL";
    public const string ApiKeyVariable = "REELGATE_API_KEY";
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary><c>$XDG_CONFIG_HOME/reelgate/config.json</c>, by default <c>~/.config/reelgate/config.json</c>.</summary>
    public static string ConfigFilePath
    {
        get
        {
            var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(configHome))
            {
                configHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".config");
            }

            return Path.Combine(configHome, "reelgate", "config.json");
        }
    }

    /// <summary>Resolves each setting on its own: a flag beats the environment, which beats the file.</summary>
    public static CliSettings Resolve(string? urlFlag, string? apiKeyFlag)
    {
        var file = ReadConfigFile();
        var url = First(urlFlag, Environment.GetEnvironmentVariable(UrlVariable), file?.Url) ?? DefaultUrl;
        var apiKey = First(apiKeyFlag, Environment.GetEnvironmentVariable(ApiKeyVariable), file?.ApiKey)
            ?? throw new CliUsageException($"No API key: pass --api-key, set {ApiKeyVariable}, or put {{\"api_key\": \"rg_pk_…\"}} in {ConfigFilePath}. An operator creates keys with 'admin create-key --project NAME'.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"The gateway URL '{url}' is not an absolute http(s) URL.");
        }

        return new CliSettings(uri, apiKey);
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static CliConfigFile? ReadConfigFile()
    {
        var path = ConfigFilePath;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), CliJsonContext.Default.CliConfigFile);
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"The config file {path} is not valid JSON ({ex.Message}); expected {{\"url\": \"…\", \"api_key\": \"…\"}}.");
        }
    }
}
