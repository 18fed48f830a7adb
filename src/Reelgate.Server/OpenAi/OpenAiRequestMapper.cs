using System.Globalization;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// Maps OpenAI's create parameters onto a <see cref="JobSpec"/>: <c>model</c> through the
/// configured model map (or any catalog model), <c>seconds</c> onto the duration and <c>size</c>
/// (<c>WxH</c>) onto aspect (by ratio) and resolution (by the short side). Each refusal names the
/// OpenAI parameter and what the enabled models support.
/// </summary>
internal sealed class OpenAiRequestMapper(ModelCatalog catalog, IOptions<OpenAiCompatOptions> options, TimeProvider time)
{
    /// <summary>OpenAI's defaults when a request leaves them out.</summary>
    public const string DefaultSeconds = "4";
    public const string DefaultSize = "720x1280";

    // A size within this share of an aspect's ratio is that aspect (1792x1024 is 1.75, 16:9 is 1.78).
    private const double AspectTolerance = 0.05;

    public (JobSpec? Spec, OpenAiError? Error) Map(OpenAiCreateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prompt = input.Prompt?.Trim();
        if (string.IsNullOrEmpty(prompt))
        {
            return Fail(OpenAiError.Invalid("prompt", "Missing required parameter: 'prompt'.", "missing_required_parameter"));
        }

        var promptLength = prompt.EnumerateRunes().Count();
        if (promptLength > GenerateRequestParser.MaxPromptLength)
        {
            return Fail(OpenAiError.Invalid("prompt", string.Create(CultureInfo.InvariantCulture, $"Invalid 'prompt': string too long. Expected a string with maximum length {GenerateRequestParser.MaxPromptLength}, but got a string with length {promptLength} instead."), "string_above_max_length"));
        }

        var (pin, modelError) = ResolveModel(input.Model);
        if (modelError is not null)
        {
            return Fail(modelError);
        }

        var candidates = Enabled().Where(m => pin is null || Matches(m, pin)).ToList();
        var secondsText = input.Seconds?.Trim() ?? DefaultSeconds;
        if (!int.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !candidates.Any(m => m.Durations.Contains(seconds)))
        {
            var durations = candidates.SelectMany(m => m.Durations).Distinct().Order().ToList();
            return Fail(OpenAiError.Invalid("seconds", $"Invalid value: '{Truncate(secondsText)}'. Supported values are whole seconds: {DescribeDurations(durations)}."));
        }

        var sizeText = input.Size?.Trim() ?? DefaultSize;
        if (!TryParseSize(sizeText, out var aspect, out var resolution)
            || !candidates.Any(m => m.Aspects.Contains(aspect) && m.Resolutions.Contains(resolution)))
        {
            var sizes = candidates
                .SelectMany(m => m.Resolutions.SelectMany(r => m.Aspects.Select(a => VideoFormats.PixelSize(r, a))))
                .Distinct()
                .Select(s => $"'{s.Width}x{s.Height}'");
            return Fail(OpenAiError.Invalid("size", $"Invalid value: '{Truncate(sizeText)}'. Supported values are: {string.Join(", ", sizes)} (a WxH of the same aspect is rounded to the resolution of its short side)."));
        }

        var (referenceUrl, referenceError) = Reference(input, candidates);
        if (referenceError is not null)
        {
            return Fail(referenceError);
        }

        return (new JobSpec
        {
            Prompt = prompt,
            DurationSeconds = seconds,
            Aspect = aspect,
            Resolution = resolution,
            Prefer = Prefer.Balanced,
            VendorPin = pin?.Vendor,
            ModelPin = pin?.Model,
            ReferenceImageUrl = referenceUrl,
        }, null);
    }

    /// <summary>The enabled models that can extend a video (what remix needs).</summary>
    public IReadOnlyList<VendorModel> ExtendCapable() => [.. Enabled().Where(m => m.SupportsExtend)];

    /// <summary>The enabled, not removed models, in the catalog's order.</summary>
    public IEnumerable<VendorModel> Enabled()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return catalog.Models.Where(m => !m.IsRemoved(today));
    }

    public string DescribeEnabled() => string.Join(", ", Enabled().Select(m => m.Ref.ToString()));

    /// <summary>
    /// Parses <c>WxH</c>: the aspect is the one whose ratio is within 5%; the resolution is 720p for
    /// a short side up to 720, 1080p up to 1080 and 4k up to 2160.
    /// </summary>
    internal static bool TryParseSize(string text, out Aspect aspect, out Resolution resolution)
    {
        aspect = default;
        resolution = default;
        var x = text.IndexOfAny(['x', 'X']);
        if (x <= 0
            || !int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width <= 0 || height <= 0)
        {
            return false;
        }

        var ratio = (double)width / height;
        (Aspect Aspect, double Ratio)[] aspects = [(Aspect.Landscape, 16.0 / 9), (Aspect.Portrait, 9.0 / 16), (Aspect.Square, 1.0)];
        var match = aspects.Where(a => Math.Abs((ratio / a.Ratio) - 1) <= AspectTolerance).Select(a => (Aspect?)a.Aspect).FirstOrDefault();
        if (match is not { } found)
        {
            return false;
        }

        aspect = found;
        var shortSide = Math.Min(width, height);
        switch (shortSide)
        {
            case <= 720:
                resolution = Resolution.P720;
                return true;
            case <= 1080:
                resolution = Resolution.P1080;
                return true;
            case <= 2160:
                resolution = Resolution.K4;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Formats a spec's pixel size as OpenAI's <c>size</c>.</summary>
    public static string SizeOf(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (width, height) = spec.PixelSize;
        return string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
    }

    private (ModelRef? Pin, OpenAiError? Error) ResolveModel(string? requested)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        var mapped = Mapped(name ?? OpenAiCompatOptions.DefaultOpenAiModel);
        if (name is null && mapped is null)
        {
            // No model named and no mapping for OpenAI's default: the router chooses among all models.
            return (null, null);
        }

        var target = mapped ?? name!;
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        var found = Enabled().FirstOrDefault(m => slash > 0
            ? string.Equals(m.Ref.ToString(), target, StringComparison.OrdinalIgnoreCase)
            : string.Equals(m.Model, target, StringComparison.OrdinalIgnoreCase));
        if (found is not null)
        {
            return (found.Ref, null);
        }

        var supported = Enabled().Select(m => m.Model)
            .Concat(options.Value.ModelMap.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(m => $"'{m}'");
        var why = mapped is null
            ? $"Invalid value: '{Truncate(target)}'."
            : $"Model '{name ?? OpenAiCompatOptions.DefaultOpenAiModel}' maps to '{mapped}' (Reelgate:OpenAi:ModelMap), which is not an enabled model.";
        return (null, OpenAiError.Invalid("model", $"{why} Supported values are: {string.Join(", ", supported)}."));
    }

    private string? Mapped(string name)
    {
        foreach (var (alias, target) in options.Value.ModelMap)
        {
            if (string.Equals(alias, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(target))
            {
                return target.Trim();
            }
        }

        return null;
    }

    private (string? Url, OpenAiError? Error) Reference(OpenAiCreateInput input, IReadOnlyList<VendorModel> candidates)
    {
        if (!input.HasUploadedReference && input.ReferenceImageUrl is null && input.ReferenceFileId is null)
        {
            return (null, null);
        }

        if (!candidates.Any(m => m.SupportsReferenceImage))
        {
            return (null, OpenAiError.Unsupported(
                $"input_reference is not supported: no enabled model takes a reference image (enabled: {DescribeEnabled()}). Send the request without input_reference.",
                "input_reference"));
        }

        if (input.ReferenceImageUrl is { } url)
        {
            if (url.Length > GenerateRequestParser.MaxUrlLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return (null, OpenAiError.Invalid("input_reference", $"Invalid 'input_reference.image_url': expected an absolute http(s) URL of at most {GenerateRequestParser.MaxUrlLength} characters (data URLs are not supported)."));
            }

            return (url, null);
        }

        // The gateway keeps no uploaded files: a reference image reaches a vendor by URL only.
        return (null, OpenAiError.Unsupported(
            "input_reference must be given as {\"image_url\": \"https://…\"} in a JSON body; uploaded files and OpenAI file ids are not supported.",
            "input_reference"));
    }

    private static bool Matches(VendorModel model, ModelRef pin) => model.Ref == pin;

    private static string DescribeDurations(IReadOnlyList<int> durations)
    {
        if (durations.Count == 0)
        {
            return "none";
        }

        var contiguous = durations.Count > 2 && durations[^1] - durations[0] == durations.Count - 1;
        return contiguous
            ? string.Create(CultureInfo.InvariantCulture, $"'{durations[0]}' to '{durations[^1]}'")
            : string.Join(", ", durations.Select(d => string.Create(CultureInfo.InvariantCulture, $"'{d}'")));
    }

    private static (JobSpec? Spec, OpenAiError? Error) Fail(OpenAiError error) => (null, error);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
