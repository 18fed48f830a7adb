using System.CommandLine;
using Reelgate.Client;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate status ID [--wait SECONDS]</c>: the job's state; exits 1 when it failed or was canceled.</summary>
internal sealed class StatusCommand : ApiCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The job id (vid_…)." };
    private readonly Option<int?> _wait = new("--wait", "-w") { Description = "Long poll: answer as soon as the job ends, or after this many seconds (1..60)." };

    public StatusCommand()
        : base("status", "Show a job's state (optionally waiting up to 60 s for it to end).")
    {
        Arguments.Add(_id);
        Options.Add(_wait);
        _wait.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0 or > 60)
            {
                result.AddError("--wait is a whole number of seconds from 0 to 60.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var wait = parseResult.GetValue(_wait) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var job = await client.GetStatusAsync(parseResult.GetValue(_id)!, wait, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(job, CliOutput.Wire.VideoJob);
        }
        else
        {
            output.Line(string.Join("  ", new[] { job.JobId, JobText.State(job.State), JobText.Place(job), JobText.Progress(job.Progress) }.Where(s => s.Length > 0)));
            if (job.VideoUrl is not null)
            {
                output.Line(job.VideoUrl);
            }

            if (job.Error is { } error)
            {
                output.Line($"{error.Code}: {error.Message}");
            }
        }

        return JobText.ExitCode(job.State);
    }
}
