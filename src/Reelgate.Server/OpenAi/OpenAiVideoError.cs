namespace Reelgate.Server.OpenAi;

/// <summary>Why a video failed: OpenAI's <c>VideoCreateError</c> (<c>code</c>, <c>message</c>).</summary>
internal sealed record OpenAiVideoError(string Code, string Message);
