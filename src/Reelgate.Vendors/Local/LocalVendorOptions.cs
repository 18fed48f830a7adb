using System.ComponentModel.DataAnnotations;

namespace Reelgate.Vendors.Local;

/// <summary>The <c>local</c> vendor (procedural clips rendered with ffmpeg), bound from <c>Reelgate:Vendors:Local</c>.</summary>
public sealed class LocalVendorOptions
{
    public const string SectionName = "Reelgate:Vendors:Local";

    /// <summary>Whether the gateway has this vendor at all; read when services are registered.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where renders are written, one folder per job. Left empty, <c>&lt;data dir&gt;/work/local</c>
    /// (an adapter built without the data directory, as in tests, uses <c>reelgate-local</c> in the temp folder).
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// Renders this node runs at once. Rendering burns this machine's CPU, so it is the one kind of job
    /// bounded by the cores; local jobs beyond it wait in the queue (remote vendors' jobs do not).
    /// </summary>
    /// <value>The default value is the processor count.</value>
    [Range(1, 1024)]
    public int MaxConcurrentRenders { get; set; } = Environment.ProcessorCount;

    /// <summary>Price quoted per second of output, the same at every resolution; empty means free.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    [Range(typeof(decimal), "0", "1000")]
    public decimal? PricePerSecondUsd { get; set; }
}
