using System.ComponentModel.DataAnnotations;

namespace Reelgate.Vendors.Media;

/// <summary>Where the ffmpeg tools are and how many may run at once, bound from <c>Reelgate:Media</c>.</summary>
public sealed class MediaToolsOptions
{
    public const string SectionName = "Reelgate:Media";

    /// <summary>The ffmpeg executable: a name looked up on <c>PATH</c>, or a full path.</summary>
    /// <value>The default value is <c>ffmpeg</c>.</value>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>The ffprobe executable: a name looked up on <c>PATH</c>, or a full path.</summary>
    /// <value>The default value is <c>ffprobe</c>.</value>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>
    /// How many ffprobe and ffmpeg processes of <see cref="Core.Ports.IMediaProbe"/> (ingest's probes
    /// and previews, the local vendor's thumbnails) run at once; the rest wait their turn. A decode
    /// keeps a core busy, so running more than the cores when many jobs finish together only adds
    /// switching and memory. The local vendor's renders are not counted here.
    /// </summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>.</value>
    [Range(1, 1024, ErrorMessage = "Reelgate:Media:MaxConcurrentProcesses must be from 1 to 1024.")]
    public int MaxConcurrentProcesses { get; set; } = Environment.ProcessorCount;
}
