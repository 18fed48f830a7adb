using System.CommandLine;
using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin balance --project NAME</c>: balance, held and available credit.</summary>
internal sealed class BalanceCommand : AdminCommand
{
    private readonly Option<string> _project = AdminOptions.Project();

    public BalanceCommand()
        : base("balance", "Show a project's balance, held and available credit.")
    {
        Options.Add(_project);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        if (await services.ProjectIdAsync(parseResult.GetRequiredValue(_project), cancellationToken) is not { } projectId)
        {
            return AdminExitCodes.Failed;
        }

        var balance = await services.Billing.GetBalanceAsync(projectId, cancellationToken);
        output.Print(
            string.Create(CultureInfo.InvariantCulture, $"balance ${Money.ToUsd(balance.BalanceMicros)} held ${Money.ToUsd(balance.HeldMicros)} available ${Money.ToUsd(balance.AvailableMicros)}"),
            new() { ["balance_usd"] = AdminText.Usd(balance.BalanceMicros), ["held_usd"] = AdminText.Usd(balance.HeldMicros), ["available_usd"] = AdminText.Usd(balance.AvailableMicros) });
        return AdminExitCodes.Ok;
    }
}
