using System.CommandLine;
using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin ledger --project NAME [--limit N]</c>: the newest credit movements first.</summary>
internal sealed class LedgerCommand : AdminCommand
{
    private readonly Option<string> _project = AdminOptions.Project();
    private readonly Option<int> _limit = new("--limit") { Description = "Rows to show, 1..10000.", DefaultValueFactory = _ => 50 };

    public LedgerCommand()
        : base("ledger", "List a project's credit movements, newest first.")
    {
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError("--limit must be a whole number from 1 to 10000.");
            }
        });
        Options.Add(_project);
        Options.Add(_limit);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        if (await services.ProjectIdAsync(parseResult.GetRequiredValue(_project), cancellationToken) is not { } projectId)
        {
            return AdminExitCodes.Failed;
        }

        foreach (var entry in await services.Billing.ListLedgerAsync(projectId, null, parseResult.GetValue(_limit), cancellationToken))
        {
            var kind = entry.Kind.ToString().ToLowerInvariant();
            output.Print(
                string.Create(CultureInfo.InvariantCulture, $"{entry.Id}\t{entry.CreatedAt:O}\t{kind}\t${Money.ToUsd(entry.AmountMicros)}\t{entry.JobId ?? entry.TopUpId ?? entry.Note ?? "-"}\tbalance ${Money.ToUsd(entry.BalanceAfterMicros)}\theld ${Money.ToUsd(entry.HeldAfterMicros)}"),
                new()
                {
                    ["id"] = entry.Id.ToString(CultureInfo.InvariantCulture),
                    ["kind"] = kind,
                    ["amount_usd"] = AdminText.Usd(entry.AmountMicros),
                    ["job_id"] = entry.JobId,
                    ["topup_id"] = entry.TopUpId,
                    ["note"] = entry.Note,
                    ["balance_after_usd"] = AdminText.Usd(entry.BalanceAfterMicros),
                    ["held_after_usd"] = AdminText.Usd(entry.HeldAfterMicros),
                    ["created_at"] = entry.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                });
        }

        return AdminExitCodes.Ok;
    }
}
