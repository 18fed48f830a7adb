using System.Text.Json.Serialization;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Video;

namespace Reelgate.Server.Webhooks;

/// <summary>The body of a webhook: the event, when it was sent, and the job as <c>get</c> shows it.</summary>
internal sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, VideoJobDetails Data);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
