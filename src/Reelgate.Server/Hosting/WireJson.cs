using System.Text.Encodings.Web;
using System.Text.Json;
using Reelgate.Contracts.Serialization;

namespace Reelgate.Server.Hosting;

/// <summary>
/// The contract's JSON settings with a relaxed encoder: answers are JSON, never embedded in HTML,
/// so quotes and apostrophes in messages stay readable instead of becoming <c>\u0027</c>.
/// </summary>
internal static class WireJson
{
    public static ReelgateJsonContext Context { get; } = new(new JsonSerializerOptions(ReelgateJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
