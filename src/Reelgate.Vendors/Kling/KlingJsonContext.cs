using System.Text.Json.Serialization;

namespace Reelgate.Vendors.Kling;

/// <summary>Source-generated JSON for Kling's wire models (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KlingCreateRequest))]
[JsonSerializable(typeof(KlingEnvelope))]
internal sealed partial class KlingJsonContext : JsonSerializerContext;
