namespace Reelgate.Server.OpenAi;

/// <summary>
/// A page of videos in OpenAI's list envelope. The SDKs page with <c>has_more</c> and pass
/// <c>last_id</c> as the next <c>after</c> (openai-node <c>ConversationCursorPage</c>).
/// </summary>
internal sealed record OpenAiVideoList
{
    /// <summary>Always <c>list</c>.</summary>
    public string Object { get; init; } = "list";

    public required IReadOnlyList<OpenAiVideo> Data { get; init; }

    public required string? FirstId { get; init; }

    public required string? LastId { get; init; }

    public required bool HasMore { get; init; }
}
