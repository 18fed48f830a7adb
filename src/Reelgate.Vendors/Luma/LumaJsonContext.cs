using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reelgate.Vendors.Luma;

/// <summary>Luma's JSON is snake_case; absent optional fields are left out rather than sent as null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LumaCreateRequest))]
[JsonSerializable(typeof(LumaGeneration))]
[JsonSerializable(typeof(LumaGenerationList))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class LumaJsonContext : JsonSerializerContext;
