using System.CommandLine;
using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin.Commands;

/// <summary>
/// <c>admin settle-job --job ID --charged|--not-charged</c>: resolves an unknown vendor outcome,
/// capturing the asked model's price or releasing the hold.
/// </summary>
internal sealed class SettleJobCommand : AdminCommand
{
    private readonly Option<string> _job = new("--job") { Description = "The job's id (held-jobs lists them).", Required = true };
    private readonly Option<bool> _charged = new("--charged") { Description = "The vendor charged: capture the model's price." };
    private readonly Option<bool> _notCharged = new("--not-charged") { Description = "The vendor did not charge: release the hold." };

    public SettleJobCommand()
        : base("settle-job", "Resolve a job whose vendor outcome was unknown: --charged or --not-charged.")
    {
        Options.Add(_job);
        Options.Add(_charged);
        Options.Add(_notCharged);
        Validators.Add(result =>
        {
            if (result.GetValue(_charged) == result.GetValue(_notCharged))
            {
                result.AddError("settle-job needs exactly one of --charged or --not-charged.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        var jobId = parseResult.GetRequiredValue(_job);
        var settled = await services.Jobs.SettleUnknownOutcomeAsync(jobId, parseResult.GetValue(_charged), cancellationToken);
        if (settled.Error is { } error)
        {
            return AdminOutput.Error(error.Message);
        }

        output.Print(
            string.Create(CultureInfo.InvariantCulture, $"settled {jobId}: captured ${Money.ToUsd(settled.Value)}, released the rest"),
            new() { ["job_id"] = jobId, ["captured_usd"] = AdminText.Usd(settled.Value) });
        return AdminExitCodes.Ok;
    }
}
