using System.Text.Json.Serialization;

namespace Reelgate.Core.Jobs;

/// <summary>
/// The stored answers of idempotent writes, in the wire's snake_case so that answers stored by earlier
/// versions (the wire bodies themselves) read back the same.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RetentionSet))]
[JsonSerializable(typeof(StoredOk))]
internal sealed partial class StoredAnswerJsonContext : JsonSerializerContext;

/// <summary>The stored answer of a write that answers only that it succeeded (<c>{"ok": true}</c>).</summary>
internal sealed record StoredOk(bool Ok);
