using System.Globalization;
using System.Text.Json;
using Reelgate.Core.Access;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Admin;

/// <summary>
/// Operator verbs (DESIGN §7). Each prints one line per result (or JSON objects with
/// <c>--json</c>) and works whether or not a gateway is running on the same data: they share
/// only the database. Exit codes: 0 done, 1 refused or failed, 2 usage error.
/// </summary>
internal static class AdminCommands
{
    private const int Ok = 0;
    private const int Failed = 1;
    private const int Usage = 2;

    private const string Help = """
        Usage: Reelgate.Server admin <verb> [options] [--json]
          create-key --project NAME                 create the project if needed and print a new API key
          list-keys                                 key id, project, prefix, created, active/revoked
          revoke-key --key-id ID                    the key answers 401 from the next request on
          create-project --project NAME             create a project (no key)
          list-projects                             project id, name, balance
          grant-credit --project NAME --usd AMOUNT [--note TEXT]
          balance --project NAME                    balance, held and available credit
          ledger --project NAME [--limit N]         newest credit movements first
          confirm-topup --topup ID                  credit a paid manual top-up (once)
          held-jobs                                 failed jobs still holding credit (vendor outcome unknown)
          settle-job --job ID (--charged|--not-charged)
                                                    resolve an unknown outcome: capture the model's price or release the hold
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
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddReelgateConfiguration();
        builder.Logging.ClearProviders();
        builder.Services.AddReelgateData(builder.Configuration);
        using var host = builder.Build();
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        var context = new AdminContext(
            host.Services.GetRequiredService<AccessService>(),
            host.Services.GetRequiredService<BillingService>(),
            host.Services.GetRequiredService<JobService>(),
            options,
            options.ContainsKey("json"),
            cts.Token);
        try
        {
            return verb switch
            {
                "create-key" => await CreateKeyAsync(context),
                "list-keys" => await ListKeysAsync(context),
                "revoke-key" => await RevokeKeyAsync(context),
                "create-project" => await CreateProjectAsync(context),
                "list-projects" => await ListProjectsAsync(context),
                "grant-credit" => await GrantCreditAsync(context),
                "balance" => await BalanceAsync(context),
                "ledger" => await LedgerAsync(context),
                "confirm-topup" => await ConfirmTopUpAsync(context),
                "held-jobs" => await HeldJobsAsync(context),
                "settle-job" => await SettleJobAsync(context),
                _ => await UsageErrorAsync($"unknown verb '{verb}'"),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return Failed;
        }
    }

    private static async Task<int> CreateKeyAsync(AdminContext c)
    {
        if (c.Require("project") is not { } project)
        {
            return await UsageErrorAsync("create-key needs --project NAME");
        }

        var (record, secret) = await c.Access.CreateKeyAsync(project, c.Cancellation);
        return await c.PrintAsync(secret, new() { ["key"] = secret, ["key_id"] = record.KeyId, ["project_id"] = record.ProjectId, ["project"] = record.ProjectName });
    }

    private static async Task<int> ListKeysAsync(AdminContext c)
    {
        foreach (var key in await c.Access.ListKeysAsync(c.Cancellation))
        {
            await c.PrintAsync(
                string.Create(CultureInfo.InvariantCulture, $"{key.KeyId}\t{key.ProjectName}\t{key.Prefix}…\t{key.CreatedAt:O}\t{(key.RevokedAt is null ? "active" : "revoked")}"),
                new()
                {
                    ["key_id"] = key.KeyId,
                    ["project"] = key.ProjectName,
                    ["project_id"] = key.ProjectId,
                    ["prefix"] = key.Prefix,
                    ["created_at"] = key.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                    ["revoked_at"] = key.RevokedAt?.ToString("O", CultureInfo.InvariantCulture),
                });
        }

        return Ok;
    }

    private static async Task<int> RevokeKeyAsync(AdminContext c)
    {
        if (c.Require("key-id") is not { } keyId)
        {
            return await UsageErrorAsync("revoke-key needs --key-id ID");
        }

        var revoked = await c.Access.RevokeKeyAsync(keyId, c.Cancellation);
        await c.PrintAsync(revoked ? $"revoked {keyId}" : $"no active key {keyId}", new() { ["key_id"] = keyId, ["revoked"] = revoked ? "true" : "false" });
        return revoked ? Ok : Failed;
    }

    private static async Task<int> CreateProjectAsync(AdminContext c)
    {
        if (c.Require("project") is not { } project)
        {
            return await UsageErrorAsync("create-project needs --project NAME");
        }

        var (projectId, created) = await c.Access.CreateProjectAsync(project, c.Cancellation);
        return await c.PrintAsync($"{(created ? "created" : "exists")} {projectId} {project}", new() { ["project_id"] = projectId, ["project"] = project, ["created"] = created ? "true" : "false" });
    }

    private static async Task<int> ListProjectsAsync(AdminContext c)
    {
        foreach (var project in await c.Access.ListProjectsAsync(c.Cancellation))
        {
            var balance = await c.Billing.GetBalanceAsync(project.ProjectId, c.Cancellation);
            await c.PrintAsync(
                string.Create(CultureInfo.InvariantCulture, $"{project.ProjectId}\t{project.Name}\tbalance ${Money.ToUsd(balance.BalanceMicros)}\theld ${Money.ToUsd(balance.HeldMicros)}"),
                new() { ["project_id"] = project.ProjectId, ["project"] = project.Name, ["balance_usd"] = Usd(balance.BalanceMicros), ["held_usd"] = Usd(balance.HeldMicros) });
        }

        return Ok;
    }

    private static async Task<int> GrantCreditAsync(AdminContext c)
    {
        if (c.Require("project") is not { } project || c.Require("usd") is not { } usdText)
        {
            return await UsageErrorAsync("grant-credit needs --project NAME --usd AMOUNT");
        }

        if (!decimal.TryParse(usdText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd) || usd <= 0 || decimal.Round(usd, 6) != usd)
        {
            return await UsageErrorAsync("--usd must be a positive amount with at most six decimals, e.g. 25 or 0.50");
        }

        if (await c.ProjectIdAsync(project) is not { } projectId)
        {
            return Failed;
        }

        var entry = await c.Billing.GrantAsync(projectId, Money.ToMicros(usd), c.Options.GetValueOrDefault("note"), c.Cancellation);
        return await c.PrintAsync(
            string.Create(CultureInfo.InvariantCulture, $"granted ${usd} to {project}; balance ${Money.ToUsd(entry.BalanceAfterMicros)}"),
            new() { ["project_id"] = projectId, ["granted_usd"] = usd.ToString(CultureInfo.InvariantCulture), ["balance_usd"] = Usd(entry.BalanceAfterMicros), ["ledger_id"] = entry.Id.ToString(CultureInfo.InvariantCulture) });
    }

    private static async Task<int> BalanceAsync(AdminContext c)
    {
        if (c.Require("project") is not { } project)
        {
            return await UsageErrorAsync("balance needs --project NAME");
        }

        if (await c.ProjectIdAsync(project) is not { } projectId)
        {
            return Failed;
        }

        var balance = await c.Billing.GetBalanceAsync(projectId, c.Cancellation);
        return await c.PrintAsync(
            string.Create(CultureInfo.InvariantCulture, $"balance ${Money.ToUsd(balance.BalanceMicros)} held ${Money.ToUsd(balance.HeldMicros)} available ${Money.ToUsd(balance.AvailableMicros)}"),
            new() { ["balance_usd"] = Usd(balance.BalanceMicros), ["held_usd"] = Usd(balance.HeldMicros), ["available_usd"] = Usd(balance.AvailableMicros) });
    }

    private static async Task<int> LedgerAsync(AdminContext c)
    {
        if (c.Require("project") is not { } project)
        {
            return await UsageErrorAsync("ledger needs --project NAME");
        }

        var limit = 50;
        if (c.Options.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 10_000))
        {
            return await UsageErrorAsync("--limit must be a whole number from 1 to 10000");
        }

        if (await c.ProjectIdAsync(project) is not { } projectId)
        {
            return Failed;
        }

        foreach (var entry in await c.Billing.ListLedgerAsync(projectId, null, limit, c.Cancellation))
        {
            await c.PrintAsync(
                string.Create(CultureInfo.InvariantCulture, $"{entry.Id}\t{entry.CreatedAt:O}\t{entry.Kind.ToString().ToLowerInvariant()}\t${Money.ToUsd(entry.AmountMicros)}\t{entry.JobId ?? entry.TopUpId ?? entry.Note ?? "-"}\tbalance ${Money.ToUsd(entry.BalanceAfterMicros)}\theld ${Money.ToUsd(entry.HeldAfterMicros)}"),
                new()
                {
                    ["id"] = entry.Id.ToString(CultureInfo.InvariantCulture),
                    ["kind"] = entry.Kind.ToString().ToLowerInvariant(),
                    ["amount_usd"] = Usd(entry.AmountMicros),
                    ["job_id"] = entry.JobId,
                    ["topup_id"] = entry.TopUpId,
                    ["note"] = entry.Note,
                    ["balance_after_usd"] = Usd(entry.BalanceAfterMicros),
                    ["held_after_usd"] = Usd(entry.HeldAfterMicros),
                    ["created_at"] = entry.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                });
        }

        return Ok;
    }

    private static async Task<int> ConfirmTopUpAsync(AdminContext c)
    {
        if (c.Require("topup") is not { } topUpId)
        {
            return await UsageErrorAsync("confirm-topup needs --topup ID");
        }

        var outcome = await c.Billing.ConfirmTopUpAsync(topUpId, c.Cancellation);
        var word = outcome switch
        {
            CreditTopUpOutcome.Credited => "credited",
            CreditTopUpOutcome.AlreadyCredited => "already credited",
            CreditTopUpOutcome.Expired => "expired",
            _ => "not found",
        };
        await c.PrintAsync($"{word} {topUpId}", new() { ["topup_id"] = topUpId, ["outcome"] = word });
        return outcome is CreditTopUpOutcome.Credited or CreditTopUpOutcome.AlreadyCredited ? Ok : Failed;
    }

    private static async Task<int> HeldJobsAsync(AdminContext c)
    {
        foreach (var job in await c.Jobs.ListUnknownOutcomesAsync(1000, c.Cancellation))
        {
            await c.PrintAsync(
                string.Create(CultureInfo.InvariantCulture, $"{job.Id}\t{job.ProjectId}\t{job.CurrentModel}\t{job.VendorJobId ?? "-"}\tholds ${Money.ToUsd(job.HoldMicros)}\t{job.ErrorCode}"),
                new()
                {
                    ["job_id"] = job.Id,
                    ["project_id"] = job.ProjectId,
                    ["model"] = job.CurrentModel.ToString(),
                    ["vendor_job_id"] = job.VendorJobId,
                    ["held_usd"] = Usd(job.HoldMicros),
                    ["error_code"] = job.ErrorCode,
                });
        }

        return Ok;
    }

    private static async Task<int> SettleJobAsync(AdminContext c)
    {
        var charged = c.Options.ContainsKey("charged");
        if (c.Require("job") is not { } jobId || charged == c.Options.ContainsKey("not-charged"))
        {
            return await UsageErrorAsync("settle-job needs --job ID and exactly one of --charged or --not-charged");
        }

        var settled = await c.Jobs.SettleUnknownOutcomeAsync(jobId, charged, c.Cancellation);
        if (settled.Error is { } error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return Failed;
        }

        return await c.PrintAsync(
            string.Create(CultureInfo.InvariantCulture, $"settled {jobId}: captured ${Money.ToUsd(settled.Value)}, released the rest"),
            new() { ["job_id"] = jobId, ["captured_usd"] = Usd(settled.Value) });
    }

    private static string Usd(long micros) => Money.ToUsd(micros).ToString(CultureInfo.InvariantCulture);

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

    private sealed record AdminContext(AccessService Access, BillingService Billing, JobService Jobs, Dictionary<string, string> Options, bool Json, CancellationToken Cancellation)
    {
        public string? Require(string name) => Options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) && value != "true" ? value : null;

        public async Task<string?> ProjectIdAsync(string name)
        {
            var id = await Access.FindProjectIdAsync(name, Cancellation);
            if (id is null)
            {
                await Console.Error.WriteLineAsync($"error: no project '{name}' (create it with create-project or create-key)");
            }

            return id;
        }

        public async Task<int> PrintAsync(string text, Dictionary<string, string?> json)
        {
            await Console.Out.WriteLineAsync(Json ? JsonSerializer.Serialize(json, AdminJsonContext.Default.DictionaryStringString) : text);
            return 0;
        }
    }
}
