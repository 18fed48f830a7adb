using System.CommandLine;
using System.Globalization;
using Reelgate.Client;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate capabilities</c>: enabled vendors and models with their limits and prices.</summary>
internal sealed class CapabilitiesCommand : ApiCommand
{
    public CapabilitiesCommand()
        : base("capabilities", "List the enabled vendors and models: resolutions, durations, aspects, prices, health.")
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var capabilities = await client.GetCapabilitiesAsync(cancellationToken);
        if (output.Json)
        {
            output.WriteJson(capabilities, CliOutput.Wire.VideoCapabilities);
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("vendor").AddColumn(new TableColumn("model").NoWrap()).AddColumns("health", "resolutions", "durations", "aspects", "USD per second");
        foreach (var vendor in capabilities.Vendors)
        {
            foreach (var model in vendor.ModelDetails)
            {
                var durations = model.Durations.Count > 2 && model.Durations[^1] - model.Durations[0] == model.Durations.Count - 1
                    ? $"{model.Durations[0]}..{model.Durations[^1]} s"
                    : string.Join(", ", model.Durations) + " s";
                var prices = string.Join(", ", model.PricePerSecondUsd.Select(p => $"{p.Key} {p.Value.ToString("0.00####", CultureInfo.InvariantCulture)}"));
                table.AddRow(
                    new Text(vendor.Vendor),
                    new Text(model.Model),
                    new Text(vendor.Health),
                    new Text(string.Join(", ", model.Resolutions)),
                    new Text(durations),
                    new Text(string.Join(", ", model.Aspects)),
                    new Text(prices));
            }
        }

        output.Out.Write(table);
        return ExitCodes.Ok;
    }
}
