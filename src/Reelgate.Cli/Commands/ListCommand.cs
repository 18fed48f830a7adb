using System.CommandLine;
using System.Globalization;
using Reelgate.Client;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate list [--limit N] [--cursor C]</c>: the project's jobs, newest first.</summary>
internal sealed class ListCommand : ApiCommand
{
    private readonly Option<int?> _limit = new("--limit", "-n") { Description = "Jobs per page, 1..100 (default 20)." };
    private readonly Option<string?> _cursor = new("--cursor") { Description = "The next_cursor of the previous page." };

    public ListCommand()
        : base("list", "List the project's jobs, newest first.")
    {
        Options.Add(_limit);
        Options.Add(_cursor);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var page = await client.ListAsync(parseResult.GetValue(_cursor), parseResult.GetValue(_limit), cancellationToken);
        if (output.Json)
        {
            output.WriteJson(page, CliOutput.Wire.VideoJobPage);
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.None).AddColumn(new TableColumn("job").NoWrap()).AddColumn(new TableColumn("state").NoWrap()).AddColumn(new TableColumn("created (UTC)").NoWrap()).AddColumn(new TableColumn("video").NoWrap()).AddColumn("prompt");
        foreach (var job in page.Items)
        {
            var prompt = job.Prompt.Length > 48 ? job.Prompt[..47] + "…" : job.Prompt;
            table.AddRow(
                new Text(job.JobId),
                new Text(JobText.State(job.State)),
                new Text(job.CreatedAt.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)),
                new Text($"{job.DurationSeconds}s {job.Resolution} {job.Aspect}"),
                new Text(prompt));
        }

        output.Out.Write(table);
        if (page.NextCursor is not null)
        {
            output.Status.MarkupLine($"[grey]more: reelgate list --cursor {Markup.Escape(page.NextCursor)}[/]");
        }

        return ExitCodes.Ok;
    }
}
