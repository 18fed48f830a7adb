using System.Text.Json.Serialization;

namespace Reelgate.Server.Admin;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
