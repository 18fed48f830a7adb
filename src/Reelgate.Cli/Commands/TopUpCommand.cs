using System.CommandLine;
using Reelgate.Client;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate topup --usd N</c>: starts a top-up and prints where to pay.</summary>
internal sealed class TopUpCommand : ApiCommand
{
    private readonly Option<decimal> _usd = new("--usd") { Description = "Amount of credit to buy in USD (at most two decimals).", Required = true };

    public TopUpCommand()
        : base("topup", "Buy credit: prints the checkout URL to open.")
    {
        Options.Add(_usd);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var topUp = await client.CreateTopUpAsync(parseResult.GetValue(_usd), cancellationToken);
        if (output.Json)
        {
            output.WriteJson(topUp, CliOutput.Wire.TopUpResponse);
        }
        else
        {
            output.Line(topUp.CheckoutUrl);
            output.Status.MarkupLine($"[grey]top-up {Markup.Escape(topUp.TopupId)} of {JobText.Usd(topUp.AmountUsd)} is {Markup.Escape(topUp.State)}; open the URL above to pay (until {JobText.Time(topUp.ExpiresAt)}).[/]");
        }

        return ExitCodes.Ok;
    }
}
