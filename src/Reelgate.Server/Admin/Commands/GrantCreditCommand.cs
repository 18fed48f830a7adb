using System.CommandLine;
using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin grant-credit --project NAME --usd AMOUNT [--note TEXT]</c>: adds credit (a <c>grant</c> ledger row).</summary>
internal sealed class GrantCreditCommand : AdminCommand
{
    private readonly Option<string> _project = AdminOptions.Project();
    private readonly Option<decimal> _usd = AdminOptions.Usd();
    private readonly Option<string?> _note = new("--note") { Description = "Why, kept on the ledger row." };

    public GrantCreditCommand()
        : base("grant-credit", "Add credit to a project (a grant row on its ledger).")
    {
        Options.Add(_project);
        Options.Add(_usd);
        Options.Add(_note);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        var project = parseResult.GetRequiredValue(_project);
        var usd = parseResult.GetValue(_usd);
        if (await services.ProjectIdAsync(project, cancellationToken) is not { } projectId)
        {
            return AdminExitCodes.Failed;
        }

        var entry = await services.Billing.GrantAsync(projectId, Money.ToMicros(usd), parseResult.GetValue(_note), cancellationToken);
        output.Print(
            string.Create(CultureInfo.InvariantCulture, $"granted ${usd} to {project}; balance ${Money.ToUsd(entry.BalanceAfterMicros)}"),
            new() { ["project_id"] = projectId, ["granted_usd"] = usd.ToString(CultureInfo.InvariantCulture), ["balance_usd"] = AdminText.Usd(entry.BalanceAfterMicros), ["ledger_id"] = entry.Id.ToString(CultureInfo.InvariantCulture) });
        return AdminExitCodes.Ok;
    }
}
