using System.Text.Json.Serialization;

namespace Reelgate.Vendors.Veo;

/// <summary>Veo's wire JSON: camelCase names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VeoPredictRequest))]
[JsonSerializable(typeof(VeoOperation))]
[JsonSerializable(typeof(VeoErrorEnvelope))]
internal sealed partial class VeoJsonContext : JsonSerializerContext;
