using System.ComponentModel.DataAnnotations;

namespace Reelgate.Core.Dispatching;

/// <summary>How jobs are claimed across processes.</summary>
public enum DispatchMode
{
    /// <summary>One gateway process owns the data (SQLite). At start it takes over every job a dead process left running.</summary>
    Single = 0,

    /// <summary>Many gateway processes share PostgreSQL; a job left running is taken over only when its lease expires.</summary>
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

    /// <summary>Jobs this process runs at once.</summary>
    /// <value>The default value is 2.</value>
    [Range(1, 1000)]
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>How often to look for work when nothing wakes the dispatcher.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim lasts without renewal. The owner renews every third of it, so the
    /// invariant "lease TTL &gt; 2 × renewal interval" holds by construction.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A job still unfinished this long after it was accepted fails with <c>VENDOR_TIMEOUT</c>.</summary>
    /// <value>The default value is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:05", "2.00:00:00")]
    public TimeSpan JobDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest vendor output accepted, in bytes.</summary>
    /// <value>The default value is 2 GiB.</value>
    [Range(1024L, long.MaxValue)]
    public long MaxOutputBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
