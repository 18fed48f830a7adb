using System.CommandLine;
using Reelgate.Client;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate delete ID</c>: deletes a job and its files (idempotent).</summary>
internal sealed class DeleteCommand : ApiCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The job id (vid_…)." };

    public DeleteCommand()
        : base("delete", "Delete a job and its files; a running job is cancelled first.")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id)!;
        var answer = await client.DeleteAsync(id, idempotencyKey: null, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(answer, CliOutput.Wire.OkResponse);
        }
        else
        {
            output.Line($"deleted {id}");
        }

        return answer.Ok ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
