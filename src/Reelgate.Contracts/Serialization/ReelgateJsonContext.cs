using System.Text.Json.Serialization;
using Reelgate.Contracts.Account;
using Reelgate.Contracts.Errors;
using Reelgate.Contracts.Video;
using Reelgate.Contracts.Webhooks;

namespace Reelgate.Contracts.Serialization;

/// <summary>Source-generated JSON metadata for every wire type (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(GenerateVideoRequest))]
[JsonSerializable(typeof(VideoJob))]
[JsonSerializable(typeof(VideoJobDetails))]
[JsonSerializable(typeof(VideoJobPage))]
[JsonSerializable(typeof(CancelVideoRequest))]
[JsonSerializable(typeof(OkResponse))]
[JsonSerializable(typeof(DeleteAllResponse))]
[JsonSerializable(typeof(DownloadUrlResponse))]
[JsonSerializable(typeof(SetRetentionRequest))]
[JsonSerializable(typeof(SetRetentionResponse))]
[JsonSerializable(typeof(VideoCapabilities))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(AccountBalanceResponse))]
[JsonSerializable(typeof(LedgerPage))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(TopUpResponse))]
[JsonSerializable(typeof(WebhookEndpointResponse))]
[JsonSerializable(typeof(WebhookDeliveryList))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, System.Text.Json.JsonElement>))]
public sealed partial class ReelgateJsonContext : JsonSerializerContext;
