using System.ComponentModel.DataAnnotations;

namespace Reelgate.Vendors.Media;

/// <summary>Where the ffmpeg tools are, bound from <c>Reelgate:Media</c>.</summary>
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
}
