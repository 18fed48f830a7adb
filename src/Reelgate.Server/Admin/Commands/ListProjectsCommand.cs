using System.CommandLine;
using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin list-projects</c>: every project with its balance and held credit.</summary>
internal sealed class ListProjectsCommand : AdminCommand
{
    public ListProjectsCommand()
        : base("list-projects", "List every project: id, name, balance and held credit.")
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        foreach (var project in await services.Access.ListProjectsAsync(cancellationToken))
        {
            var balance = await services.Billing.GetBalanceAsync(project.ProjectId, cancellationToken);
            output.Print(
                string.Create(CultureInfo.InvariantCulture, $"{project.ProjectId}\t{project.Name}\tbalance ${Money.ToUsd(balance.BalanceMicros)}\theld ${Money.ToUsd(balance.HeldMicros)}"),
                new() { ["project_id"] = project.ProjectId, ["project"] = project.Name, ["balance_usd"] = AdminText.Usd(balance.BalanceMicros), ["held_usd"] = AdminText.Usd(balance.HeldMicros) });
        }

        return AdminExitCodes.Ok;
    }
}
