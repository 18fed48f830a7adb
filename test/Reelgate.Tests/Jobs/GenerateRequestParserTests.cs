using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;

namespace Reelgate.Tests.Jobs;

public sealed class GenerateRequestParserTests
{
    [Fact]
    public void Parse_of_a_prompt_alone_applies_the_documented_defaults()
    {
        var request = new GenerateVideoRequest { Prompt = "a city skyline at dusk" };

        var spec = Parse(request);

        Assert.Equal("a city skyline at dusk", spec.Prompt);
        Assert.Equal(5, spec.DurationSeconds);
        Assert.Equal(Aspect.Landscape, spec.Aspect);
        Assert.Equal(Resolution.P720, spec.Resolution);
        Assert.Equal(Prefer.Balanced, spec.Prefer);
        Assert.Null(spec.ReferenceImageUrl);
        Assert.Null(spec.CallbackUrl);
        Assert.Null(spec.VendorPin);
        Assert.Null(spec.ModelPin);
        Assert.Null(spec.Metadata);
    }

    [Fact]
    public void Parse_reads_every_field()
    {
        var request = new GenerateVideoRequest
        {
            Prompt = "a fox",
            DurationSeconds = 8,
            Aspect = "9:16",
            Resolution = "1080p",
            Prefer = "smartest",
            ReferenceImageUrl = "https://example.com/ref.png",
            CallbackUrl = "https://example.com/hook",
            Vendor = "local",
            Model = "procedural-v1",
            Metadata = new Dictionary<string, string> { ["user"] = "42" },
        };

        var spec = Parse(request);

        Assert.Equal(8, spec.DurationSeconds);
        Assert.Equal(Aspect.Portrait, spec.Aspect);
        Assert.Equal(Resolution.P1080, spec.Resolution);
        Assert.Equal(Prefer.Smartest, spec.Prefer);
        Assert.Equal("https://example.com/ref.png", spec.ReferenceImageUrl);
        Assert.Equal("https://example.com/hook", spec.CallbackUrl);
        Assert.Equal("local", spec.VendorPin);
        Assert.Equal("procedural-v1", spec.ModelPin);
        Assert.Equal("42", spec.Metadata!["user"]);
    }

    [Theory]
    [InlineData("16:9", Aspect.Landscape)]
    [InlineData("9:16", Aspect.Portrait)]
    [InlineData("1:1", Aspect.Square)]
    public void Parse_accepts_aspect_ratio_as_an_alias_of_aspect(string value, Aspect expected)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", AspectRatio = value };

        var spec = Parse(request);

        Assert.Equal(expected, spec.Aspect);
    }

    [Fact]
    public void Parse_rejects_aspect_and_aspect_ratio_that_differ()
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", Aspect = "16:9", AspectRatio = "9:16" };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("aspect_ratio", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_accepts_aspect_and_aspect_ratio_that_agree()
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", Aspect = "1:1", AspectRatio = "1:1" };

        var spec = Parse(request);

        Assert.Equal(Aspect.Square, spec.Aspect);
    }

    [Fact]
    public void Parse_reads_enum_values_regardless_of_case()
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", Resolution = "4K", Prefer = "Cheapest" };

        var spec = Parse(request);

        Assert.Equal(Resolution.K4, spec.Resolution);
        Assert.Equal(Prefer.Cheapest, spec.Prefer);
    }

    [Theory]
    [InlineData("resolution", "8k", "\"720p\", \"1080p\", \"4k\"")]
    [InlineData("resolution", "", "\"720p\", \"1080p\", \"4k\"")]
    [InlineData("aspect", "4:3", "\"16:9\", \"9:16\", \"1:1\"")]
    [InlineData("aspect_ratio", "21:9", "\"16:9\", \"9:16\", \"1:1\"")]
    [InlineData("prefer", "fastest", "\"balanced\", \"cheapest\", \"smartest\"")]
    public void Parse_rejects_an_unknown_enum_value_and_lists_the_allowed_ones(string field, string value, string allowed)
    {
        var request = field switch
        {
            "resolution" => new GenerateVideoRequest { Prompt = "a fox", Resolution = value },
            "aspect" => new GenerateVideoRequest { Prompt = "a fox", Aspect = value },
            "aspect_ratio" => new GenerateVideoRequest { Prompt = "a fox", AspectRatio = value },
            _ => new GenerateVideoRequest { Prompt = "a fox", Prefer = value },
        };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_of_no_body_is_invalid()
    {
        var result = GenerateRequestParser.Parse(null);

        Assert.Equal(ErrorCode.InvalidArgument, result.Error?.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" \t\r\n ")]
    public void Parse_rejects_a_missing_or_blank_prompt(string? prompt)
    {
        var request = new GenerateVideoRequest { Prompt = prompt };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("prompt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(10_000)]
    public void Parse_rejects_a_prompt_over_4000_characters(int length)
    {
        var request = new GenerateVideoRequest { Prompt = new string('x', length) };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("4000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_accepts_a_prompt_of_exactly_4000_characters()
    {
        var prompt = new string('x', 4000);
        var request = new GenerateVideoRequest { Prompt = prompt };

        var spec = Parse(request);

        Assert.Equal(prompt, spec.Prompt);
    }

    [Fact]
    public void Parse_counts_the_prompt_length_after_trimming()
    {
        var prompt = new string('x', 4000);
        var request = new GenerateVideoRequest { Prompt = "   " + prompt + "\n\n" };

        var spec = Parse(request);

        Assert.Equal(prompt, spec.Prompt);
    }

    [Fact]
    public void Parse_trims_the_prompt()
    {
        var request = new GenerateVideoRequest { Prompt = "  \t a fox in the snow \n " };

        var spec = Parse(request);

        Assert.Equal("a fox in the snow", spec.Prompt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2.5)]
    [InlineData(0.999)]
    [InlineData(61)]
    [InlineData(1e9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Parse_rejects_a_duration_that_is_not_a_whole_number_from_1_to_60(double seconds)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", DurationSeconds = seconds };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("duration_seconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(10.0)]
    public void Parse_accepts_whole_durations_from_1_to_60(double seconds)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", DurationSeconds = seconds };

        var spec = Parse(request);

        Assert.Equal((int)seconds, spec.DurationSeconds);
    }

    [Theory]
    [InlineData("/images/ref.png")]
    [InlineData("images/ref.png")]
    [InlineData("ftp://example.com/ref.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    [InlineData("https://")]
    public void Parse_rejects_a_reference_image_url_that_is_not_absolute_http(string url)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", ReferenceImageUrl = url };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("reference_image_url", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/hooks/video")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("example.com/hook")]
    public void Parse_rejects_a_callback_url_that_is_not_absolute_http(string url)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", CallbackUrl = url };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("callback_url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_a_url_over_2048_characters()
    {
        var url = "https://example.com/" + new string('a', 2049 - "https://example.com/".Length);
        var request = new GenerateVideoRequest { Prompt = "a fox", CallbackUrl = url };

        var error = ParseError(request);

        Assert.Equal(2049, url.Length);
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Theory]
    [InlineData("http://example.com/hook")]
    [InlineData("https://example.com:8443/hook?x=1")]
    public void Parse_accepts_absolute_http_and_https_urls(string url)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", CallbackUrl = url, ReferenceImageUrl = url };

        var spec = Parse(request);

        Assert.Equal(url, spec.CallbackUrl);
        Assert.Equal(url, spec.ReferenceImageUrl);
    }

    [Fact]
    public void Parse_lowercases_and_trims_the_vendor_pin_and_trims_the_model_pin()
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", Vendor = " Local ", Model = " Procedural-V1 " };

        var spec = Parse(request);

        Assert.Equal("local", spec.VendorPin);
        Assert.Equal("Procedural-V1", spec.ModelPin);
    }

    [Theory]
    [InlineData(" ", null)]
    [InlineData(null, "")]
    public void Parse_rejects_a_blank_pin(string? vendor, string? model)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", Vendor = vendor, Model = model };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void Parse_accepts_metadata_at_the_limits()
    {
        var metadata = Enumerable.Range(0, 16).ToDictionary(i => i.ToString("D40", System.Globalization.CultureInfo.InvariantCulture), _ => new string('v', 500));
        var request = new GenerateVideoRequest { Prompt = "a fox", Metadata = metadata };

        var spec = Parse(request);

        Assert.Equal(16, spec.Metadata!.Count);
    }

    [Fact]
    public void Parse_rejects_more_than_16_metadata_pairs()
    {
        var metadata = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", _ => "v");
        var request = new GenerateVideoRequest { Prompt = "a fox", Metadata = metadata };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("16", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(41, 1)]
    [InlineData(1, 501)]
    public void Parse_rejects_a_metadata_key_or_value_out_of_bounds(int keyLength, int valueLength)
    {
        var metadata = new Dictionary<string, string> { [new string('k', keyLength)] = new string('v', valueLength) };
        var request = new GenerateVideoRequest { Prompt = "a fox", Metadata = metadata };

        var error = ParseError(request);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_of_empty_metadata_stores_none()
    {
        var request = new GenerateVideoRequest { Prompt = "a fox", Metadata = [] };

        var spec = Parse(request);

        Assert.Null(spec.Metadata);
    }

    [Fact]
    public void Fingerprint_is_equal_for_aspect_and_its_alias()
    {
        var viaAspect = new GenerateVideoRequest { Prompt = "a fox", Aspect = "9:16" };
        var viaAlias = new GenerateVideoRequest { Prompt = "a fox", AspectRatio = "9:16" };

        var first = RequestFingerprint.Of(Parse(viaAspect));
        var second = RequestFingerprint.Of(Parse(viaAlias));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Fingerprint_is_equal_for_explicit_defaults_and_omitted_ones()
    {
        var omitted = new GenerateVideoRequest { Prompt = "a fox" };
        var explicitDefaults = new GenerateVideoRequest
        {
            Prompt = "  a fox ",
            DurationSeconds = 5,
            Aspect = "16:9",
            Resolution = "720P",
            Prefer = "balanced",
            Metadata = [],
        };

        var first = RequestFingerprint.Of(Parse(omitted));
        var second = RequestFingerprint.Of(Parse(explicitDefaults));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Fingerprint_ignores_the_order_of_metadata_pairs()
    {
        var ab = new GenerateVideoRequest { Prompt = "a fox", Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } };
        var ba = new GenerateVideoRequest { Prompt = "a fox", Metadata = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } };

        var first = RequestFingerprint.Of(Parse(ab));
        var second = RequestFingerprint.Of(Parse(ba));

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("a fox in the snow")]
    [InlineData("A fox")]
    [InlineData("a  fox")]
    public void Fingerprint_differs_for_a_different_prompt_and_is_stable(string otherPrompt)
    {
        var request = new GenerateVideoRequest { Prompt = "a fox" };
        var other = new GenerateVideoRequest { Prompt = otherPrompt };

        var first = RequestFingerprint.Of(Parse(request));
        var again = RequestFingerprint.Of(Parse(request));
        var second = RequestFingerprint.Of(Parse(other));

        Assert.Equal(first, again);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Fingerprint_differs_for_any_other_field()
    {
        var baseline = RequestFingerprint.Of(Parse(new GenerateVideoRequest { Prompt = "a fox" }));
        GenerateVideoRequest[] variants =
        [
            new() { Prompt = "a fox", DurationSeconds = 6 },
            new() { Prompt = "a fox", Aspect = "1:1" },
            new() { Prompt = "a fox", Resolution = "1080p" },
            new() { Prompt = "a fox", Prefer = "cheapest" },
            new() { Prompt = "a fox", Vendor = "local" },
            new() { Prompt = "a fox", Model = "m" },
            new() { Prompt = "a fox", CallbackUrl = "https://example.com/h" },
            new() { Prompt = "a fox", ReferenceImageUrl = "https://example.com/r.png" },
            new() { Prompt = "a fox", Metadata = new Dictionary<string, string> { ["k"] = "v" } },
        ];

        var fingerprints = variants.Select(v => RequestFingerprint.Of(Parse(v))).ToList();

        Assert.DoesNotContain(baseline, fingerprints);
        Assert.Equal(fingerprints.Count, fingerprints.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Fingerprint_of_fields_is_not_fooled_by_moving_text_between_fields()
    {
        var first = RequestFingerprint.Of("ab", "c");
        var second = RequestFingerprint.Of("a", "bc");
        var third = RequestFingerprint.Of("abc", null);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first, third);
        Assert.NotEqual(second, third);
    }

    private static JobSpec Parse(GenerateVideoRequest request)
    {
        var result = GenerateRequestParser.Parse(request);
        Assert.Null(result.Error);
        return result.Value!;
    }

    private static Error ParseError(GenerateVideoRequest request)
    {
        var result = GenerateRequestParser.Parse(request);
        Assert.Null(result.Value);
        Assert.NotNull(result.Error);
        return result.Error;
    }
}
