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
}
