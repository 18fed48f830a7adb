using System.ComponentModel.DataAnnotations;

namespace Reelgate.Core.Dispatching;

/// <summary>How jobs are claimed across processes.</summary>
public enum DispatchMode
{
    /// <summary>One gateway process owns the data (SQLite). At start it takes over every job another process left running.</summary>
    Single = 0,

    /// <summary>Many gateway processes share PostgreSQL; a node's jobs are taken over only when its lease expires.</summary>
    Clustered = 1,
}

/// <summary>Dispatcher settings, bound from <c>Reelgate:Dispatcher</c>.</summary>
public sealed class DispatcherOptions
{
    public const string SectionName = "Reelgate:Dispatcher";

    /// <summary>Whether this process runs jobs. A node that only serves the API sets it to false.</summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; set; } = true;

    /// <value>The default value is <see cref="DispatchMode.Single"/>.</value>
    public DispatchMode Mode { get; set; } = DispatchMode.Single;

    /// <summary>
    /// Jobs this node holds in flight at once. A job waiting on a remote vendor costs a timer and an
    /// occasional poll, not a worker, so this is a memory bound (about 10 KB per job), not a
    /// throughput knob; vendor limits (<c>Vendors:{Name}:MaxConcurrentJobs</c>) and the local
    /// renderer's pool bound the real work.
    /// </summary>
    /// <value>The default value is 10 000.</value>
    [Range(1, 1_000_000)]
    public int MaxJobsInFlight { get; set; } = 10_000;

    /// <summary>
    /// The longest wait between two polls of a vendor job. Polls start at the vendor's own interval
    /// and slow down as the job ages (<see cref="PollSchedule"/>), to at most this.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for work when nothing wakes the dispatcher.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a node's lease lasts without a heartbeat. A node beats every third of it (one row for
    /// all its jobs), so the invariant "lease TTL &gt; 2 × heartbeat interval" holds by construction;
    /// the jobs of a node silent for longer are handed to the others.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A vendor job still unfinished this long after it was submitted fails with <c>VENDOR_TIMEOUT</c>
    /// (time spent queued for a vendor slot does not count).
    /// </summary>
    /// <value>The default value is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:05", "2.00:00:00")]
    public TimeSpan JobDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest vendor output accepted, in bytes.</summary>
    /// <value>The default value is 2 GiB.</value>
    [Range(1024L, long.MaxValue)]
    public long MaxOutputBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
