namespace Reelgate.Server.OpenAi;

/// <summary>OpenAI's <c>ImageInputReferenceParam</c>: an image by URL or by OpenAI file id.</summary>
internal sealed record OpenAiInputReference
{
    public string? ImageUrl { get; init; }
    public string? FileId { get; init; }
}
