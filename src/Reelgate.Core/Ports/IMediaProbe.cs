namespace Reelgate.Core.Ports;

/// <summary>Reads what a media file is (ffprobe) and makes thumbnails and spritesheets (ffmpeg).</summary>
public interface IMediaProbe
{
    /// <summary>Describes the first video stream, or null when the file holds none (not a video).</summary>
    Task<MediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Writes, from one decode of the video, a spritesheet (one JPEG holding a grid of frames taken at
    /// even intervals across the whole video, a scrubbing preview) and, when
    /// <paramref name="thumbnailPath"/> is not null, a thumbnail (a JPEG of a frame near the start).
    /// The grid's pixel size depends only on the video's aspect, not its length.
    /// </summary>
    /// <param name="videoPath">The video, already probed.</param>
    /// <param name="info">What <see cref="ProbeAsync"/> said of <paramref name="videoPath"/>; the file is not probed again.</param>
    /// <param name="spritesheetPath">Where the spritesheet goes.</param>
    /// <param name="thumbnailPath">Where the thumbnail goes, or null when one is not needed.</param>
    /// <param name="cancellationToken">Stops the work and the tool.</param>
    /// <exception cref="InvalidOperationException">The images could not be made (not a video, tool failure).</exception>
    Task MakePreviewsAsync(string videoPath, MediaInfo info, string spritesheetPath, string? thumbnailPath, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only the thumbnail: the same image as <see cref="MakePreviewsAsync"/> makes, for a
    /// caller that knows the video's length without probing it (it just rendered it).
    /// </summary>
    /// <exception cref="InvalidOperationException">The thumbnail could not be made (not a video, tool failure).</exception>
    Task MakeThumbnailAsync(string videoPath, double durationSeconds, string thumbnailPath, CancellationToken cancellationToken);
}

public sealed record MediaInfo(string Codec, int Width, int Height, double DurationSeconds, string? PixelFormat);
