using System.Globalization;
using Reelgate.Contracts.Video;

namespace Reelgate.Core.Jobs;

/// <summary>Turns a wire <see cref="GenerateVideoRequest"/> into a <see cref="JobSpec"/>, applying the defaults of DESIGN §2.</summary>
public static class GenerateRequestParser
{
    public const int MaxPromptLength = 4000;
    public const int MaxDurationSeconds = 60;
    public const int MaxUrlLength = 2048;
    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyLength = 40;
    public const int MaxMetadataValueLength = 500;
    public const int DefaultDurationSeconds = 5;

    public static Result<JobSpec> Parse(GenerateVideoRequest? request)
    {
        if (request is null)
        {
            return Error.Invalid("A JSON body is required, e.g. {\"prompt\": \"a city skyline at dusk\"}.");
        }

        var prompt = request.Prompt?.Trim();
        if (string.IsNullOrEmpty(prompt))
        {
            return Error.Invalid("'prompt' is required and must not be blank.");
        }

        // Characters are Unicode scalar values, so an emoji counts once, not as two UTF-16 units.
        var promptLength = prompt.EnumerateRunes().Count();
        if (promptLength > MaxPromptLength)
        {
            return Error.Invalid(string.Create(CultureInfo.InvariantCulture, $"'prompt' is {promptLength} characters; the limit is {MaxPromptLength}."));
        }

        var duration = DefaultDurationSeconds;
        if (request.DurationSeconds is { } seconds)
        {
            if (double.IsNaN(seconds) || seconds != Math.Floor(seconds) || seconds < 1 || seconds > MaxDurationSeconds)
            {
                return Error.Invalid(string.Create(CultureInfo.InvariantCulture, $"'duration_seconds' must be a whole number of seconds from 1 to {MaxDurationSeconds}; got {seconds}."));
            }

            duration = (int)seconds;
        }

        if (request.Aspect is not null && request.AspectRatio is not null
            && !string.Equals(request.Aspect, request.AspectRatio, StringComparison.OrdinalIgnoreCase))
        {
            return Error.Invalid($"'aspect' ({request.Aspect}) and its alias 'aspect_ratio' ({request.AspectRatio}) differ; send one of them.");
        }

        var aspectText = request.Aspect ?? request.AspectRatio;
        var aspect = Aspect.Landscape;
        if (aspectText is not null && !VideoFormats.TryParseAspect(aspectText, out aspect))
        {
            return Unknown(request.Aspect is null ? "aspect_ratio" : "aspect", aspectText, VideoFormats.AspectNames);
        }

        var resolution = Resolution.P720;
        if (request.Resolution is not null && !VideoFormats.TryParseResolution(request.Resolution, out resolution))
        {
            return Unknown("resolution", request.Resolution, VideoFormats.ResolutionNames);
        }

        var prefer = Prefer.Balanced;
        if (request.Prefer is not null && !VideoFormats.TryParsePrefer(request.Prefer, out prefer))
        {
            return Unknown("prefer", request.Prefer, VideoFormats.PreferNames);
        }

        if (CheckUrl("reference_image_url", request.ReferenceImageUrl) is { } badImage)
        {
            return badImage;
        }

        if (CheckUrl("callback_url", request.CallbackUrl) is { } badCallback)
        {
            return badCallback;
        }

        if (CheckName("vendor", request.Vendor) is { } badVendor)
        {
            return badVendor;
        }

        if (CheckName("model", request.Model) is { } badModel)
        {
            return badModel;
        }

        if (CheckMetadata(request.Metadata) is { } badMetadata)
        {
            return badMetadata;
        }

        return new JobSpec
        {
            Prompt = prompt,
            ReferenceImageUrl = request.ReferenceImageUrl,
            DurationSeconds = duration,
            Aspect = aspect,
            Resolution = resolution,
            Prefer = prefer,
            VendorPin = NullIfBlank(request.Vendor)?.ToLowerInvariant(),
            ModelPin = NullIfBlank(request.Model),
            CallbackUrl = request.CallbackUrl,
            Metadata = request.Metadata is { Count: > 0 } metadata ? new SortedDictionary<string, string>(metadata, StringComparer.Ordinal) : null,
        };
    }

    private static Error Unknown(string field, string value, IReadOnlyList<string> allowed)
        => Error.Invalid($"'{field}' must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}; got \"{Truncate(value)}\".");

    private static Error? CheckUrl(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxUrlLength
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Error.Invalid($"'{field}' must be an absolute http(s) URL of at most {MaxUrlLength} characters.");
        }

        return null;
    }

    private static Error? CheckName(string field, string? value)
    {
        if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > 100))
        {
            return Error.Invalid($"'{field}' must be a non-blank name of at most 100 characters; see GET /v1/video/capabilities.");
        }

        return null;
    }

    private static Error? CheckMetadata(Dictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        if (metadata.Count > MaxMetadataPairs)
        {
            return Error.Invalid(string.Create(CultureInfo.InvariantCulture, $"'metadata' holds at most {MaxMetadataPairs} pairs."));
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength || value is null || value.Length > MaxMetadataValueLength)
            {
                return Error.Invalid(string.Create(CultureInfo.InvariantCulture, $"'metadata' keys are 1..{MaxMetadataKeyLength} characters and values are strings of at most {MaxMetadataValueLength}."));
            }
        }

        return null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
