using System.Text.Json.Nodes;

namespace Reelgate.FunctionalTests.Vendors.Veo;

/// <summary>One request the <see cref="VeoStub"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string with its <c>?</c>, or empty.</param>
/// <param name="Headers">The headers, names in lower case.</param>
/// <param name="Body">The body as text.</param>
/// <param name="Prompt">The prompt of the job the request belongs to, when the stub knows it.</param>
/// <param name="At">When the stub received it.</param>
internal sealed record VeoStubRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? Prompt,
    DateTimeOffset At)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public bool IsCreate => Method == "POST" && Path.EndsWith(":predictLongRunning", StringComparison.Ordinal);

    public bool IsPoll => Method == "GET" && Path.Contains("/operations/", StringComparison.Ordinal);

    public bool IsDownload => Method == "GET" && Path.Contains(":download", StringComparison.Ordinal);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
