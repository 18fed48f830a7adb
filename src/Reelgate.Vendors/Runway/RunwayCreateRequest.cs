namespace Reelgate.Vendors.Runway;

/// <summary>Body of <c>POST /v1/text_to_video</c> and <c>POST /v1/image_to_video</c>.</summary>
internal sealed record RunwayCreateRequest
{
    public required string Model { get; init; }

    /// <summary>At most 1000 UTF-16 code units.</summary>
    public required string PromptText { get; init; }

    /// <summary>Output size as a <c>"W:H"</c> pixel string, e.g. <c>"1280:720"</c>.</summary>
    public required string Ratio { get; init; }

    /// <summary>Whole seconds.</summary>
    public required int Duration { get; init; }

    /// <summary>HTTPS URL or <c>data:</c> URI of the first frame (image_to_video only).</summary>
    public string? PromptImage { get; init; }

    /// <summary>Veo 3.1 models only.</summary>
    public bool? Audio { get; init; }
}
