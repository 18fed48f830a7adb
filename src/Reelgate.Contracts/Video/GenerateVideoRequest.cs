using System.ComponentModel.DataAnnotations;

namespace Reelgate.Contracts.Video;

/// <summary>Body of <c>POST /v1/video/generate</c>.</summary>
public sealed record GenerateVideoRequest
{
    /// <summary>Text description of the video (1..4000 characters after trimming).</summary>
    public string? Prompt { get; init; }

    /// <summary>Optional reference image URL for image-to-video models.</summary>
    public string? ReferenceImageUrl { get; init; }

    /// <summary>Clip length in whole seconds. The default value is 5.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Aspect ratio: <c>16:9</c>, <c>9:16</c> or <c>1:1</c>. The default value is 16:9.</summary>
    [AllowedValues("16:9", "9:16", "1:1", null)]
    public string? Aspect { get; init; }

    /// <summary>Another name for <c>aspect</c>, the one the original API's examples use; send one of the two.</summary>
    [AllowedValues("16:9", "9:16", "1:1", null)]
    public string? AspectRatio { get; init; }

    /// <summary>Output resolution: <c>720p</c>, <c>1080p</c> or <c>4k</c>. The default value is 720p.</summary>
    [AllowedValues("720p", "1080p", "4k", null)]
    public string? Resolution { get; init; }

    /// <summary>Routing strategy: <c>balanced</c>, <c>cheapest</c> or <c>smartest</c>. The default value is balanced.</summary>
    [AllowedValues("balanced", "cheapest", "smartest", null)]
    public string? Prefer { get; init; }

    /// <summary>De-duplication key; a retry with the same key returns the same job.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Pins the job to one vendor.</summary>
    public string? Vendor { get; init; }

    /// <summary>Pins the job to one model.</summary>
    public string? Model { get; init; }

    /// <summary>Webhook URL notified when the job ends.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>Caller-defined string pairs stored with the job.</summary>
    public Dictionary<string, string>? Metadata { get; init; }
}
