using System.Diagnostics;
using Reelgate.Client;
using Reelgate.Contracts.Video;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>What the scenarios do through the gateway's API: submit Runway jobs, wait for them, read them back.</summary>
internal static class Jobs
{
    /// <summary>The clip every scenario orders: gen4.5, 5 s, 720p 16:9 (ratio 1280:720 at Runway).</summary>
    public const int Seconds = 5;

    /// <summary>Runway's published price of gen4.5, per second.</summary>
    public const decimal PricePerSecondUsd = 0.12m;

    /// <summary>Credit that covers <paramref name="jobs"/> of these clips, with room to spare.</summary>
    public static decimal CreditFor(int jobs) => Math.Ceiling(jobs * Seconds * PricePerSecondUsd * 1.5m) + 1;

    public static async Task<Submission> SubmitAsync(ReelgateClient client, string marker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new GenerateVideoRequest
        {
            Prompt = $"{marker} a bench clip",
            Vendor = "runway",
            Model = "gen4.5",
            DurationSeconds = Seconds,
        };
        var sentUtc = TimeProvider.System.GetUtcNow();
        var sentAt = Stopwatch.GetTimestamp();
        var job = await client.GenerateAsync(request, cancellationToken: cancellationToken);
        return new Submission(job.JobId, marker, sentAt, Stopwatch.GetTimestamp(), sentUtc);
    }

    /// <summary>Submits <paramref name="count"/> jobs with at most <paramref name="parallel"/> requests in flight; markers are <c>{prefix}-{i}</c>.</summary>
    public static async Task<List<Submission>> SubmitManyAsync(ReelgateClient client, string prefix, int count, int parallel, CancellationToken cancellationToken)
    {
        var submissions = new Submission[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, ct) =>
            submissions[i] = await SubmitAsync(client, $"{prefix}-{i}", ct));
        return [.. submissions];
    }

    /// <summary>
    /// Waits until the nodes together report <paramref name="expected"/> finished jobs
    /// (<c>reelgate_jobs_finished_total</c>, an in-memory counter: watching it reads nothing from the
    /// database but the queue gauges, at most once per 5 s) or <paramref name="timeout"/> passes.
    /// Answers the finished count.
    /// </summary>
    public static async Task<long> WaitForFinishedAsync(IReadOnlyList<GatewayNode> nodes, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            long finished = 0;
            foreach (var node in nodes)
            {
                finished += (long)(await node.ScrapeAsync(cancellationToken)).Sum("reelgate_jobs_finished_total");
            }

            if (finished >= expected || Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return finished;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Every job of the client's project (<c>list</c>, 100 a page).</summary>
    public static async Task<List<VideoJobDetails>> ListAllAsync(ReelgateClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var jobs = new List<VideoJobDetails>();
        string? cursor = null;
        do
        {
            var page = await client.ListAsync(cursor, 100, cancellationToken);
            jobs.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return jobs;
    }
}
