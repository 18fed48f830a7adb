namespace Reelgate.Vendors.Veo;

/// <summary>What to render: the prompt and, for image-to-video, the first frame.</summary>
internal sealed record VeoInstance
{
    public required string Prompt { get; init; }

    /// <summary>The first frame. The Gemini API takes bytes only (<c>gcsUri</c> is Vertex's).</summary>
    public VeoImage? Image { get; init; }
}
