using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reelgate.Vendors.Runway;

/// <summary>Runway's JSON is camelCase; absent optional fields are left out rather than sent as null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunwayCreateRequest))]
[JsonSerializable(typeof(RunwayTaskCreated))]
[JsonSerializable(typeof(RunwayTask))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RunwayJsonContext : JsonSerializerContext;
