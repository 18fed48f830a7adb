namespace Reelgate.Server.OpenAi;

/// <summary>A <c>POST /v1/videos</c> request after reading, the same whether it came as JSON or as a form.</summary>
internal sealed record OpenAiCreateInput
{
    public string? Prompt { get; init; }
    public string? Model { get; init; }

    /// <summary>The text of <c>seconds</c> (a JSON number is kept as its literal).</summary>
    public string? Seconds { get; init; }
    public string? Size { get; init; }

    /// <summary><c>input_reference</c> was uploaded as a file part.</summary>
    public bool HasUploadedReference { get; init; }
    public string? ReferenceImageUrl { get; init; }
    public string? ReferenceFileId { get; init; }
}
