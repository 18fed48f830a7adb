using System.CommandLine;
using Reelgate.Core.Billing;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin confirm-topup --topup ID</c>: credits a paid manual top-up; a second call changes nothing.</summary>
internal sealed class ConfirmTopUpCommand : AdminCommand
{
    private readonly Option<string> _topUp = new("--topup") { Description = "The top-up's id (topup_id).", Required = true };

    public ConfirmTopUpCommand()
        : base("confirm-topup", "Credit a paid manual top-up (once).")
    {
        Options.Add(_topUp);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        var topUpId = parseResult.GetRequiredValue(_topUp);
        var outcome = await services.Billing.ConfirmTopUpAsync(topUpId, cancellationToken);
        var word = outcome switch
        {
            CreditTopUpOutcome.Credited => "credited",
            CreditTopUpOutcome.AlreadyCredited => "already credited",
            CreditTopUpOutcome.Expired => "expired",
            _ => "not found",
        };
        output.Print($"{word} {topUpId}", new() { ["topup_id"] = topUpId, ["outcome"] = word });
        return outcome is CreditTopUpOutcome.Credited or CreditTopUpOutcome.AlreadyCredited ? AdminExitCodes.Ok : AdminExitCodes.Failed;
    }
}
