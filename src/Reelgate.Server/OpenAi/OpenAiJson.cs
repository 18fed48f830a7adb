using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// <see cref="OpenAiJsonContext"/> with a relaxed encoder: answers are JSON, never embedded in
/// HTML, so quotes and apostrophes in messages stay readable instead of becoming <c>\u0027</c>.
/// </summary>
internal static class OpenAiJson
{
    public static OpenAiJsonContext Context { get; } = new(new JsonSerializerOptions(OpenAiJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
