namespace Reelgate.Core.Ports;

/// <summary>Reads what a media file is (ffprobe) and makes thumbnails (ffmpeg).</summary>
public interface IMediaProbe
{
    /// <summary>Describes the first video stream, or null when the file holds none (not a video).</summary>
    Task<MediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes a JPEG of a frame near the start of the video.</summary>
    Task MakeThumbnailAsync(string videoPath, string thumbnailPath, CancellationToken cancellationToken);
}

public sealed record MediaInfo(string Codec, int Width, int Height, double DurationSeconds, string? PixelFormat);
