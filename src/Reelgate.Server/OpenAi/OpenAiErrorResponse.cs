namespace Reelgate.Server.OpenAi;

/// <summary>OpenAI's error envelope: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal sealed record OpenAiErrorResponse(OpenAiErrorBody Error);
