namespace Reelgate.Server.OpenAi;

/// <summary>The body of <see cref="OpenAiErrorResponse"/>; <c>param</c> and <c>code</c> are written as null when absent.</summary>
internal sealed record OpenAiErrorBody(string Message, string Type, string? Param, string? Code);
