using System.Text.Json.Serialization;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// Source-generated JSON for the OpenAI-compatible surface: snake_case like OpenAI, and nulls
/// written (unlike the gateway's own contract) because OpenAI's objects always carry every field.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(OpenAiVideo))]
[JsonSerializable(typeof(OpenAiVideoList))]
[JsonSerializable(typeof(OpenAiVideoDeleted))]
[JsonSerializable(typeof(OpenAiCreateVideoRequest))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;
