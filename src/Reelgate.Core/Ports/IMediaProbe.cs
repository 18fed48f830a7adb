namespace Reelgate.Core.Ports;

/// <summary>Reads what a media file is (ffprobe) and makes thumbnails and spritesheets (ffmpeg).</summary>
public interface IMediaProbe
{
    /// <summary>Describes the first video stream, or null when the file holds none (not a video).</summary>
    Task<MediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes a JPEG of a frame near the start of the video.</summary>
    Task MakeThumbnailAsync(string videoPath, string thumbnailPath, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one JPEG holding a grid of frames taken at even intervals across the whole video
    /// (a scrubbing preview). The grid's pixel size depends only on the video's aspect, not its length.
    /// </summary>
    Task MakeSpritesheetAsync(string videoPath, string spritesheetPath, CancellationToken cancellationToken);
}

public sealed record MediaInfo(string Codec, int Width, int Height, double DurationSeconds, string? PixelFormat);
