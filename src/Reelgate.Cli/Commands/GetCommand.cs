using System.CommandLine;
using Reelgate.Client;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate get ID</c>: the job's full details.</summary>
internal sealed class GetCommand : ApiCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The job id (vid_…)." };

    public GetCommand()
        : base("get", "Show a job's full details: prompt, vendor, model, times, retention, cost.")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var job = await client.GetAsync(parseResult.GetValue(_id)!, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(job, CliOutput.Wire.VideoJobDetails);
            return ExitCodes.Ok;
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                grid.AddRow(new Text(name, new Style(Color.Grey)), new Text(value));
            }
        }

        Row("job", job.JobId);
        Row("state", JobText.State(job.State));
        Row("progress", JobText.Progress(job.Progress));
        Row("prompt", job.Prompt);
        Row("video", $"{job.DurationSeconds} s, {job.Resolution}, {job.Aspect}");
        Row("vendor", $"{job.Vendor} / {job.Model} (prefer {job.Prefer}, attempts {job.Attempts})");
        Row("cost", JobText.Usd(job.CostUsd));
        Row("created", JobText.Time(job.CreatedAt));
        Row("completed", JobText.Time(job.CompletedAt));
        Row("retention", $"{job.RetentionDays} days");
        Row("expires", JobText.Time(job.ExpiresAt));
        Row("video_url", job.VideoUrl);
        Row("error", job.Error is { } error ? $"{error.Code}: {error.Message}" : null);
        output.Out.Write(grid);
        return ExitCodes.Ok;
    }
}
