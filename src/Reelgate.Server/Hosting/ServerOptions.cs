using System.ComponentModel.DataAnnotations;

namespace Reelgate.Server.Hosting;

/// <summary>HTTP settings, bound from <c>Reelgate:Server</c>.</summary>
internal sealed class ServerOptions
{
    public const string SectionName = "Reelgate:Server";

    /// <summary>Largest accepted request body in bytes (a 4000-character prompt is at most 16 KB).</summary>
    /// <value>The default value is 65536.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Serves Prometheus metrics at <c>/metrics</c> (unauthenticated: keep it off the public balancer).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>Adds ASP.NET Core's per-request meters (request duration by route and status) to <c>/metrics</c>; they cost throughput on hot paths.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool HttpMetricsEnabled { get; set; }
}
