using System.Net;
using System.Text.Json;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Luma;

/// <summary>
/// Luma's error vocabulary (docs/vendors/luma.md, docs.lumalabs.ai "Errors"). Error bodies are
/// FastAPI-style <c>{"detail": "…"}</c> (a string, or a list of <c>{msg}</c> for validation);
/// generation failures are free text in <c>failure_reason</c>, sometimes prefixed with an HTTP-like
/// class (<c>"400: prompt not allowed because advanced moderation failed"</c>).
/// </summary>
internal static class LumaErrors
{
    /// <summary>A generation failed at Luma for a reason of its own (fallback allowed).</summary>
    public const string GenerationFailed = "LUMA_GENERATION_FAILED";

    /// <summary>Luma does not know the generation (deleted, or another account's).</summary>
    public const string GenerationNotFound = "LUMA_GENERATION_NOT_FOUND";

    /// <summary>Luma answered 404 to a create: an unknown model or a wrong base URL, our configuration.</summary>
    public const string NotFoundOnCreate = "VENDOR_NOT_FOUND";

    /// <summary>Our Luma account has no credit left: the operator's problem, not the caller's.</summary>
    public const string InsufficientCredit = "VENDOR_INSUFFICIENT_CREDIT";

    // Moderation wording seen in Luma's docs and in the wild: "Contains blacklisted words",
    // "Frame moderation failed", "Advanced prompt moderation failed", "failed to moderate image",
    // "prompt not allowed because …". A heuristic until Luma documents stable codes (open question 2).
    private static readonly string[] PolicyWords = ["moderat", "blacklist", "not allowed", "content policy", "not suitable", "nsfw", "unsafe"];

    /// <summary>Reads a create's error answer; null leaves it to the generic reading (429 with Retry-After, 401/403).</summary>
    public static VendorException? ClassifySubmit(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code is 429 or 401 or 403)
        {
            return null;
        }

        var detail = Detail(body);
        if (code == 402 || detail.Contains("credit", StringComparison.OrdinalIgnoreCase))
        {
            return new VendorException(new VendorFailure(InsufficientCredit, $"Luma refused the job because the gateway's Luma account is out of credit ({code}): {detail}", IsVendorFault: true));
        }

        if (code is >= 400 and < 500 && code != 404 && ContentPolicy(detail) is { } failure)
        {
            return new VendorException(failure);
        }

        return code switch
        {
            400 or 409 or 413 or 422 => new VendorException(new VendorFailure(JobFailureCodes.InvalidRequest, $"Luma refused the request ({code}): {detail}", IsVendorFault: false)),

            // An unknown path or model is our configuration, not the caller's request: another model may take it.
            404 => new VendorException(new VendorFailure(NotFoundOnCreate, $"Luma does not know this model or path (404): {detail}. Check Reelgate:Vendors:Luma:BaseUrl.", IsVendorFault: true)),
            >= 500 => new VendorException(new VendorFailure(JobFailureCodes.VendorInternal, $"Luma failed ({code}): {detail}", IsVendorFault: true)),
            _ => null,
        };
    }

    /// <summary>Reads a poll's or cancel's error answer: only "not found" is special; the rest throws and is retried.</summary>
    public static VendorException? ClassifyLookup(HttpStatusCode status, string body)
        => status == HttpStatusCode.NotFound
            ? new VendorException(new VendorFailure(GenerationNotFound, $"Luma has no such generation (404): {Detail(body)}", IsVendorFault: true))
            : null;

    /// <summary>Classifies a <c>failed</c> generation by its <c>failure_reason</c>.</summary>
    public static VendorFailure FromFailureReason(string? reason)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.Trim();
        if (ContentPolicy(text) is { } policy)
        {
            return policy;
        }

        if (text.Contains("input frames", StringComparison.OrdinalIgnoreCase))
        {
            // "Failed to read user input frames": Luma could not fetch the keyframe URL we passed on.
            return new VendorFailure(JobFailureCodes.InvalidRequest, $"Luma could not read the reference image: {text}", IsVendorFault: false);
        }

        if (text.StartsWith("400", StringComparison.Ordinal) || text.StartsWith("422", StringComparison.Ordinal))
        {
            return new VendorFailure(JobFailureCodes.InvalidRequest, $"Luma refused the request: {text}", IsVendorFault: false);
        }

        return new VendorFailure(GenerationFailed, $"Luma failed the generation: {text}", IsVendorFault: true);
    }

    /// <summary>A content-policy refusal naming the flagged input where Luma's wording says, or null.</summary>
    private static VendorFailure? ContentPolicy(string text)
    {
        if (!PolicyWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var input = text.Contains("frame", StringComparison.OrdinalIgnoreCase) || text.Contains("image", StringComparison.OrdinalIgnoreCase)
            ? "reference image"
            : text.Contains("prompt", StringComparison.OrdinalIgnoreCase) || text.Contains("word", StringComparison.OrdinalIgnoreCase)
                ? "prompt"
                : null;
        var message = input is null
            ? $"Luma refused the request under its content policy: {text}"
            : $"Luma refused the {input} under its content policy: {text}";
        return new VendorFailure(JobFailureCodes.ContentPolicy, message, IsVendorFault: false);
    }

    /// <summary>The <c>detail</c> of an error body, or the body itself (trimmed) when it is not that shape.</summary>
    public static string Detail(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "no details";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail))
            {
                if (detail.ValueKind == JsonValueKind.String)
                {
                    return detail.GetString()!;
                }

                if (detail.ValueKind == JsonValueKind.Array)
                {
                    var messages = detail.EnumerateArray()
                        .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("msg", out var msg) ? msg.ToString() : e.ToString())
                        .Where(m => m.Length > 0);
                    return string.Join("; ", messages);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): show the start of it.
        }

        return body.Length <= 300 ? body : body[..300] + "…";
    }
}
