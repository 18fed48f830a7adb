using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Reelgate.FunctionalTests.Vendors.Kling;

/// <summary>One request the Kling stub received, with the <see cref="Stopwatch"/> timestamp it arrived at.</summary>
internal sealed record KlingStubRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, long Timestamp)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Authorization => Headers.GetValueOrDefault("Authorization", string.Empty);
}
