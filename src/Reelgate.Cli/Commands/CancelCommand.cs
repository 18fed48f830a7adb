using System.CommandLine;
using Reelgate.Client;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate cancel ID</c>: exits 1 when the job had already ended (the gateway answers ok: false).</summary>
internal sealed class CancelCommand : ApiCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The job id (vid_…)." };

    public CancelCommand()
        : base("cancel", "Cancel a queued or running job and release its held credit.")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id)!;
        var answer = await client.CancelAsync(id, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(answer, CliOutput.Wire.OkResponse);
        }
        else if (answer.Ok)
        {
            output.Line($"canceled {id}");
        }

        if (!answer.Ok)
        {
            CliOutput.Error($"job {id} had already ended; nothing to cancel");
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }
}
