using System.Text.Json;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// The JSON form of <c>POST /v1/videos</c> (OpenAI's <c>VideoCreateParams</c>). <c>seconds</c> is a
/// string in OpenAI's API; a JSON number is accepted too. <c>input_reference</c> is
/// <c>{"image_url": …}</c> or <c>{"file_id": …}</c>.
/// </summary>
internal sealed record OpenAiCreateVideoRequest
{
    public string? Prompt { get; init; }
    public string? Model { get; init; }
    public JsonElement? Seconds { get; init; }
    public string? Size { get; init; }
    public OpenAiInputReference? InputReference { get; init; }
}
