using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reelgate.Bench.Capacity.Stub;

/// <summary>Body of <c>POST /v1/text_to_video</c> (docs/vendors/runway.md), the fields the stub checks.</summary>
internal sealed record TextToVideoRequest(string? Model, string? PromptText, string? Ratio, int? Duration);

/// <summary>Answer of a create.</summary>
internal sealed record TaskCreated(string Id);

/// <summary>Answer of <c>GET /v1/tasks/{id}</c>.</summary>
internal sealed record TaskView(string Id, string CreatedAt, string Status, IReadOnlyList<string>? Output);

/// <summary>A 4xx answer, as Runway writes it.</summary>
internal sealed record RunwayError(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TextToVideoRequest))]
[JsonSerializable(typeof(TaskCreated))]
[JsonSerializable(typeof(TaskView))]
[JsonSerializable(typeof(RunwayError))]
internal sealed partial class RunwayJsonContext : JsonSerializerContext;
