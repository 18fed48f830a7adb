using Reelgate.Client;
using Reelgate.Contracts.Video;
using Spectre.Console;

namespace Reelgate.Cli.Commands;

/// <summary>Follows a job to its end with a live progress bar on stderr (none with <c>--json</c>).</summary>
internal static class JobProgress
{
    public static async Task<VideoJob> WaitAsync(ReelgateClient client, VideoJob job, CliOutput output, CancellationToken cancellationToken)
    {
        if (output.Json || job.State.IsTerminal())
        {
            return job.State.IsTerminal() ? job : await client.WaitForCompletionAsync(job.JobId, progress: null, cancellationToken);
        }

        return await output.Status.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(job), maxValue: 100);
                var final = await client.WaitForCompletionAsync(job.JobId, new Inline(update =>
                {
                    task.Description = Describe(update);
                    if (update.State == VideoJobState.Succeeded)
                    {
                        task.Value = 100;
                    }
                    else if (update.Progress is { } fraction)
                    {
                        task.Value = Math.Clamp(fraction, 0, 1) * 100;
                    }
                }), cancellationToken);
                task.StopTask();
                return final;
            });
    }

    private static string Describe(VideoJob job) => Markup.Escape(string.Join(' ', new[] { job.JobId, JobText.State(job.State), JobText.Place(job) }.Where(s => s.Length > 0)));

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> posts to the thread pool and may reorder).</summary>
    private sealed class Inline(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }
}
