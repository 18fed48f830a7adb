using System.CommandLine;
using System.Globalization;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin held-jobs</c>: failed jobs whose vendor outcome is unknown and which still hold credit.</summary>
internal sealed class HeldJobsCommand : AdminCommand
{
    public HeldJobsCommand()
        : base("held-jobs", "List failed jobs that still hold credit (their vendor outcome is unknown).")
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        foreach (var job in await services.Jobs.ListUnknownOutcomesAsync(1000, cancellationToken))
        {
            output.Print(
                string.Create(CultureInfo.InvariantCulture, $"{job.Id}\t{job.ProjectId}\t{job.CurrentModel}\t{job.VendorJobId ?? "-"}\tholds ${Money.ToUsd(job.HoldMicros)}\t{job.ErrorCode}"),
                new()
                {
                    ["job_id"] = job.Id,
                    ["project_id"] = job.ProjectId,
                    ["model"] = job.CurrentModel.ToString(),
                    ["vendor_job_id"] = job.VendorJobId,
                    ["held_usd"] = AdminText.Usd(job.HoldMicros),
                    ["error_code"] = job.ErrorCode,
                });
        }

        return AdminExitCodes.Ok;
    }
}
