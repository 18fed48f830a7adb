using System.Globalization;
using System.Text.Json;
using Reelgate.Core.Access;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Admin;

/// <summary>
/// Operator verbs (DESIGN §7). Each prints one line (or JSON with <c>--json</c>) and works whether
/// or not a gateway is running on the same data: they share only the database.
/// </summary>
internal static class AdminCommands
{
    private const int Ok = 0;
    private const int Usage = 2;
    private const int Failed = 1;

    private const string Help = """
        Usage: Reelgate.Server admin <verb> [options] [--json]
          create-key --project NAME   create the project if needed and print a new API key
          list-keys                   list keys (id, project, prefix, created, revoked)
          revoke-key --key-id ID      revoke a key at once
        Verbs of later features (grant-credit, balance, confirm-topup) arrive with project credit.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await Console.Out.WriteLineAsync(Help);
            return args.Length == 0 ? Usage : Ok;
        }

        var verb = args[0];
        var options = ParseOptions(args[1..]);
        var json = options.ContainsKey("json");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        builder.Configuration.AddReelgateConfiguration();
        builder.Logging.ClearProviders();
        builder.Services.AddReelgateData(builder.Configuration);
        using var host = builder.Build();
        var access = host.Services.GetRequiredService<AccessService>();
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        try
        {
            switch (verb)
            {
                case "create-key":
                    if (!options.TryGetValue("project", out var project) || string.IsNullOrWhiteSpace(project))
                    {
                        return await UsageErrorAsync("create-key needs --project NAME");
                    }

                    var (record, secret) = await access.CreateKeyAsync(project, cts.Token);
                    await Console.Out.WriteLineAsync(json
                        ? JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = secret, ["key_id"] = record.KeyId, ["project_id"] = record.ProjectId, ["project"] = record.ProjectName }, AdminJsonContext.Default.DictionaryStringString)
                        : secret);
                    return Ok;

                case "list-keys":
                    var keys = await access.ListKeysAsync(cts.Token);
                    foreach (var key in keys)
                    {
                        await Console.Out.WriteLineAsync(json
                            ? JsonSerializer.Serialize(new Dictionary<string, string?>
                            {
                                ["key_id"] = key.KeyId,
                                ["project"] = key.ProjectName,
                                ["project_id"] = key.ProjectId,
                                ["prefix"] = key.Prefix,
                                ["created_at"] = key.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                                ["revoked_at"] = key.RevokedAt?.ToString("O", CultureInfo.InvariantCulture),
                            }, AdminJsonContext.Default.DictionaryStringString)
                            : string.Create(CultureInfo.InvariantCulture, $"{key.KeyId}\t{key.ProjectName}\t{key.Prefix}…\t{key.CreatedAt:O}\t{(key.RevokedAt is null ? "active" : "revoked")}"));
                    }

                    return Ok;

                case "revoke-key":
                    if (!options.TryGetValue("key-id", out var keyId) || string.IsNullOrWhiteSpace(keyId))
                    {
                        return await UsageErrorAsync("revoke-key needs --key-id ID");
                    }

                    var revoked = await access.RevokeKeyAsync(keyId, cts.Token);
                    await Console.Out.WriteLineAsync(revoked ? $"revoked {keyId}" : $"no active key {keyId}");
                    return revoked ? Ok : Failed;

                default:
                    return await UsageErrorAsync($"unknown verb '{verb}'");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return Failed;
        }
    }

    private static async Task<int> UsageErrorAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        await Console.Error.WriteLineAsync(Help);
        return Usage;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var name = args[i][2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                options[name[..equals]] = name[(equals + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[name] = args[++i];
            }
            else
            {
                options[name] = "true";
            }
        }

        return options;
    }
}
