namespace Reelgate.Server.OpenAi;

/// <summary>
/// OpenAI's <c>Video</c> object (openai-node <c>resources/videos.ts</c>): every field is always
/// written, <c>null</c> where OpenAI's is nullable, because the SDKs type them as required.
/// </summary>
internal sealed record OpenAiVideo
{
    public required string Id { get; init; }

    /// <summary>Always <c>video</c>.</summary>
    public string Object { get; init; } = "video";

    /// <summary>Unix seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>Unix seconds when the job ended (succeeded, failed or canceled); null while it runs.</summary>
    public long? CompletedAt { get; init; }

    /// <summary>Unix seconds when the files are removed (retention); in the past for an expired job.</summary>
    public long? ExpiresAt { get; init; }

    public OpenAiVideoError? Error { get; init; }

    /// <summary>The catalog model that runs the job (not the OpenAI alias the request used).</summary>
    public required string Model { get; init; }

    /// <summary>Whole percent, 0..100.</summary>
    public required int Progress { get; init; }

    public string? Prompt { get; init; }

    public string? RemixedFromVideoId { get; init; }

    /// <summary>Whole seconds as a string, as OpenAI writes them (<c>"4"</c>).</summary>
    public required string Seconds { get; init; }

    /// <summary>The rendered width x height (<c>"720x1280"</c>).</summary>
    public required string Size { get; init; }

    /// <summary><c>queued</c>, <c>in_progress</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }
}
