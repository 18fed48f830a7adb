using System.CommandLine;
using Reelgate.Client;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate balance</c>: the project's credit.</summary>
internal sealed class BalanceCommand : ApiCommand
{
    public BalanceCommand()
        : base("balance", "Show the project's credit: balance, held by running jobs, available.")
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var balance = await client.GetBalanceAsync(cancellationToken);
        if (output.Json)
        {
            output.WriteJson(balance, CliOutput.Wire.AccountBalanceResponse);
        }
        else
        {
            output.Line($"balance {JobText.Usd(balance.BalanceUsd)}, held {JobText.Usd(balance.HeldUsd)}, available {JobText.Usd(balance.AvailableUsd)}");
        }

        return ExitCodes.Ok;
    }
}
