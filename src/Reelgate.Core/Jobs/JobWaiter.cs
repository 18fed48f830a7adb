using Reelgate.Core.Events;

namespace Reelgate.Core.Jobs;

/// <summary>
/// The long poll of <c>status?wait=N</c>: answers as soon as the job ends, or after the wait with its state then.
/// Event-driven: it sleeps until the job changes (on this node, or on another through the store's notifications),
/// re-reads, and repeats.
/// </summary>
public sealed class JobWaiter(JobService jobs, JobEventHub events, TimeProvider time)
{
    public async Task<Result<Job>> GetAsync(string projectId, string jobId, TimeSpan waitUpTo, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(projectId, jobId, cancellationToken);
        if (job.Error is not null || job.Value!.IsTerminal || waitUpTo <= TimeSpan.Zero)
        {
            return job;
        }

        // Subscribed before the re-read, so a change between the two is not missed.
        using var subscription = events.Subscribe(jobId);
        var deadline = time.GetUtcNow() + waitUpTo;
        while (true)
        {
            job = await jobs.GetAsync(projectId, jobId, cancellationToken);
            var left = deadline - time.GetUtcNow();
            if (job.Error is not null || job.Value!.IsTerminal || left <= TimeSpan.Zero)
            {
                return job;
            }

            await subscription.WaitAsync(left, cancellationToken);
        }
    }
}
