namespace Reelgate.Server.OpenAi;

/// <summary>OpenAI's <c>VideoDeleteResponse</c>.</summary>
internal sealed record OpenAiVideoDeleted(string Id)
{
    /// <summary>Always <c>video.deleted</c>.</summary>
    public string Object { get; init; } = "video.deleted";

    public bool Deleted { get; init; } = true;
}
