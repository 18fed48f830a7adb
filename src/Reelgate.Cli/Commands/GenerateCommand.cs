using System.CommandLine;
using Reelgate.Client;
using Reelgate.Contracts.Video;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary><c>reelgate generate "prompt" [--wait] [--output file.mp4]</c>: starts a job, optionally follows it with a progress bar and downloads the video.</summary>
internal sealed class GenerateCommand : ApiCommand
{
    private readonly Argument<string> _prompt = new("prompt") { Description = "What the video shows (1..4000 characters)." };
    private readonly Option<string?> _resolution = new("--resolution", "-r") { Description = "720p (default), 1080p or 4k." };
    private readonly Option<int?> _duration = new("--duration", "-d") { Description = "Clip length in whole seconds (default 5)." };
    private readonly Option<string?> _aspect = new("--aspect", "-a") { Description = "16:9 (default), 9:16 or 1:1." };
    private readonly Option<string?> _prefer = new("--prefer") { Description = "Routing: balanced (default), cheapest or smartest." };
    private readonly Option<string?> _vendor = new("--vendor") { Description = "Pin a vendor (see 'reelgate capabilities')." };
    private readonly Option<string?> _model = new("--model") { Description = "Pin a model (see 'reelgate capabilities')." };
    private readonly Option<string?> _idempotencyKey = new("--idempotency-key") { Description = "Makes the request safe to repeat: the same key answers the same job." };
    private readonly Option<bool> _wait = new("--wait", "-w") { Description = "Follow the job until it ends, with a progress bar." };
    private readonly Option<FileInfo?> _output = new("--output", "-o") { Description = "Save the MP4 here when the job succeeds (implies --wait)." };

    public GenerateCommand()
        : base("generate", "Start a text-to-video job; with --wait follow it, with --output save the MP4.")
    {
        Arguments.Add(_prompt);
        Options.Add(_resolution);
        Options.Add(_duration);
        Options.Add(_aspect);
        Options.Add(_prefer);
        Options.Add(_vendor);
        Options.Add(_model);
        Options.Add(_idempotencyKey);
        Options.Add(_wait);
        Options.Add(_output);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var request = new GenerateVideoRequest
        {
            Prompt = parseResult.GetValue(_prompt),
            Resolution = parseResult.GetValue(_resolution),
            DurationSeconds = parseResult.GetValue(_duration),
            Aspect = parseResult.GetValue(_aspect),
            Prefer = parseResult.GetValue(_prefer),
            Vendor = parseResult.GetValue(_vendor),
            Model = parseResult.GetValue(_model),
        };
        var file = parseResult.GetValue(_output);
        var wait = parseResult.GetValue(_wait) || file is not null;

        var job = await client.GenerateAsync(request, parseResult.GetValue(_idempotencyKey), cancellationToken);
        if (!wait)
        {
            if (output.Json)
            {
                output.WriteJson(job, CliOutput.Wire.VideoJob);
            }
            else
            {
                output.Line(job.JobId);
                output.Status.MarkupLine($"[grey]{Markup.Escape(JobText.State(job.State))}; follow it with 'reelgate status {job.JobId} --wait 60'.[/]");
            }

            return ExitCodes.Ok;
        }

        var final = await JobProgress.WaitAsync(client, job, output, cancellationToken);
        if (final.State != VideoJobState.Succeeded)
        {
            if (output.Json)
            {
                output.WriteJson(final, CliOutput.Wire.VideoJob);
            }

            CliOutput.Error(JobText.Failure(final));
            return ExitCodes.Failed;
        }

        long? bytes = null;
        if (file is not null)
        {
            bytes = await DownloadCommand.SaveAsync(client, final.JobId, file, cancellationToken);
        }

        if (output.Json)
        {
            output.WriteJson(final, CliOutput.Wire.VideoJob);
        }
        else
        {
            output.Line(final.JobId);
            if (file is not null)
            {
                output.Status.MarkupLine($"[green]saved[/] {Markup.Escape(file.FullName)} ({bytes:N0} bytes)");
            }
            else if (final.VideoUrl is not null)
            {
                output.Status.MarkupLine($"[green]succeeded[/]: {Markup.Escape(final.VideoUrl)}");
            }
        }

        return ExitCodes.Ok;
    }
}
