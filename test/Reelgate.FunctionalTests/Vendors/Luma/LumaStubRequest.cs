using System.Text.Json;

namespace Reelgate.FunctionalTests.Vendors.Luma;

/// <summary>One request the stub received.</summary>
internal sealed record LumaStubRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
