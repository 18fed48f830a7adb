using System.CommandLine;
using Reelgate.Client;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate download ID [--output PATH]</c>: saves a succeeded job's MP4.</summary>
internal sealed class DownloadCommand : ApiCommand
{
    private readonly Argument<string> _id = new("id") { Description = "The job id (vid_…)." };
    private readonly Option<FileInfo?> _output = new("--output", "-o") { Description = "Where to write the MP4 (default: ./<id>.mp4)." };

    public DownloadCommand()
        : base("download", "Download a succeeded job's MP4.")
    {
        Arguments.Add(_id);
        Options.Add(_output);
    }

    /// <summary>Writes to a temporary file beside the target and renames it, so a failed download leaves no half file.</summary>
    public static async Task<long> SaveAsync(ReelgateClient client, string id, FileInfo file, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        var partial = file.FullName + ".part";
        try
        {
            long bytes;
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                bytes = await client.DownloadVideoAsync(id, stream, cancellationToken);
            }

            File.Move(partial, file.FullName, overwrite: true);
            return bytes;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id)!;
        var file = parseResult.GetValue(_output) ?? new FileInfo(id + ".mp4");
        var bytes = await SaveAsync(client, id, file, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(new DownloadResult(id, file.FullName, bytes), CliJsonContext.Default.DownloadResult);
        }
        else
        {
            output.Line(file.FullName);
            output.Status.MarkupLine($"[green]saved[/] {bytes:N0} bytes");
        }

        return ExitCodes.Ok;
    }
}
