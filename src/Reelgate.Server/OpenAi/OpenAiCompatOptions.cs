using System.ComponentModel.DataAnnotations;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// The OpenAI-compatible <c>/v1/videos</c> surface, bound from <c>Reelgate:OpenAi</c>.
/// </summary>
/// <remarks>
/// How to map another OpenAI model name:
/// <list type="number">
/// <item>Pick the catalog model it should run on (<c>GET /v1/video/capabilities</c>), e.g. <c>local-procedural-v1</c> or <c>veo/veo-3</c>.</item>
/// <item>Set <c>Reelgate:OpenAi:ModelMap:&lt;openai-name&gt;</c> to it (environment: <c>Reelgate__OpenAi__ModelMap__sora-2=…</c>).</item>
/// <item>An empty value removes a default mapping; the name is then refused like any unknown model.</item>
/// </list>
/// </remarks>
internal sealed class OpenAiCompatOptions
{
    public const string SectionName = "Reelgate:OpenAi";

    /// <summary>The model a request gets when it names none, as OpenAI's API defaults to it.</summary>
    public const string DefaultOpenAiModel = "sora-2";

    /// <summary>
    /// OpenAI model names (case-insensitive) → the catalog model that serves them: a model name, or
    /// <c>vendor/model</c>. A request may also name any catalog model directly.
    /// </summary>
    /// <value>The default value maps <c>sora-2</c>, <c>sora-2-2025-10-06</c>, <c>sora-2-2025-12-08</c>,
    /// <c>sora-2-pro</c> and <c>sora-2-pro-2025-10-06</c> to <c>local-procedural-v1</c>.</value>
    [Required]
    public Dictionary<string, string> ModelMap { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sora-2"] = "local-procedural-v1",
        ["sora-2-2025-10-06"] = "local-procedural-v1",
        ["sora-2-2025-12-08"] = "local-procedural-v1",
        ["sora-2-pro"] = "local-procedural-v1",
        ["sora-2-pro-2025-10-06"] = "local-procedural-v1",
    };

    /// <summary>
    /// Largest multipart <c>POST /v1/videos</c> body in bytes: SDKs upload <c>input_reference</c>
    /// images in it, so it may exceed <c>Reelgate:Server:MaxRequestBodyBytes</c>.
    /// </summary>
    /// <value>The default value is 20 MiB.</value>
    [Range(64 * 1024, 512L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;
}
