using System.Net;
using System.Text.Json;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Runway;

/// <summary>
/// Runway's error vocabulary mapped onto DESIGN §3 (docs/vendors/runway.md, "Errors and
/// classification"): HTTP answers of create and poll, and a failed task's <c>failureCode</c>.
/// </summary>
internal static class RunwayErrors
{
    public const string InsufficientCredit = "VENDOR_INSUFFICIENT_CREDIT";
    public const string TaskNotFound = "VENDOR_JOB_NOT_FOUND";
    public const string Canceled = "VENDOR_CANCELED";

    /// <summary>A non-2xx answer to a create; null leaves 429 (with Retry-After) and 5xx to the generic mapping.</summary>
    public static VendorException? ClassifySubmit(HttpStatusCode status, string body)
    {
        var detail = Detail(body);
        if (status == HttpStatusCode.PaymentRequired || LooksLikeNoCredit(status, detail))
        {
            // Our Runway account is out of credit: not the caller's fault, another vendor may serve.
            return Fail(InsufficientCredit, $"Runway's account of this gateway has not enough credits: {detail}", isVendorFault: true);
        }

        return status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
                => Fail(JobFailureCodes.InvalidRequest, $"Runway refused the request: {detail}", isVendorFault: false),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                => Fail(JobFailureCodes.Unauthorized, $"Runway refused our credentials ({(int)status}); check Reelgate:Vendors:Runway:ApiKey.", isVendorFault: true),
            // An unknown model or endpoint is our configuration (or a model Runway withdrew), not the request.
            HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
                => Fail(JobFailureCodes.Unavailable, $"Runway does not know this endpoint or model ({(int)status}): {detail}", isVendorFault: true),
            _ => null,
        };
    }

    /// <summary>A non-2xx answer to a poll: a task Runway no longer has is final; everything else is retried by the runner.</summary>
    public static VendorException? ClassifyPoll(HttpStatusCode status, string body)
        => status == HttpStatusCode.NotFound
            // Gone: deleted (DELETE removes finished tasks with their outputs) or never ours. It may
            // have run and been charged, so it is not a fault that may fall through.
            ? Fail(TaskNotFound, $"Runway no longer has this task: {Detail(body)}", isVendorFault: false)
            : null;

    /// <summary>Why a task ended <c>FAILED</c>.</summary>
    public static VendorFailure TaskFailed(string? failureCode, string? failure)
    {
        var code = failureCode ?? string.Empty;
        var reason = string.IsNullOrWhiteSpace(failure) ? "no reason given" : failure.Trim();
        var tag = failureCode is null ? string.Empty : $" ({failureCode})";
        if (code.StartsWith("SAFETY.INPUT", StringComparison.OrdinalIgnoreCase))
        {
            return new VendorFailure(JobFailureCodes.ContentPolicy, $"Runway's moderation flagged the {FlaggedInput(code)}: {reason}{tag}", IsVendorFault: false);
        }

        if (code.StartsWith("SAFETY", StringComparison.OrdinalIgnoreCase))
        {
            // SAFETY.OUTPUT.*: Runway says a retry may pass, but a moderation refusal never falls through (DESIGN §3).
            return new VendorFailure(JobFailureCodes.ContentPolicy, $"Runway's moderation flagged the generated video: {reason}{tag}", IsVendorFault: false);
        }

        if (code.StartsWith("ASSET", StringComparison.OrdinalIgnoreCase))
        {
            return new VendorFailure(JobFailureCodes.InvalidRequest, $"Runway could not use the reference image: {reason}{tag}", IsVendorFault: false);
        }

        // INTERNAL, INTERNAL.BAD_OUTPUT.* and codes we do not know: Runway's side failed.
        return new VendorFailure(JobFailureCodes.VendorInternal, $"Runway failed the task: {reason}{tag}", IsVendorFault: true);
    }

    /// <summary>The error text of a Runway error body (<c>{"error": "…"}</c>), or the body itself.</summary>
    public static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                var text = error.ValueKind switch
                {
                    JsonValueKind.String => error.GetString(),
                    JsonValueKind.Object when error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String => message.GetString(),
                    _ => error.GetRawText(),
                };
                return Trim(text ?? string.Empty);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): show the text.
        }

        return Trim(body);
    }

    /// <summary>The last segment of <c>SAFETY.INPUT.*</c> names the input (best effort, per Runway).</summary>
    private static string FlaggedInput(string code)
    {
        var last = code[(code.LastIndexOf('.') + 1)..].ToUpperInvariant();
        return last switch
        {
            "TEXT" or "PROMPT" => "prompt",
            "IMAGE" or "ASSET" => "reference image",
            _ => "input",
        };
    }

    // UNCONFIRMED: Runway documents no status for an exhausted balance; 402 or a 400 that says so is read as ours.
    private static bool LooksLikeNoCredit(HttpStatusCode status, string detail)
        => status == HttpStatusCode.BadRequest
           && detail.Contains("credit", StringComparison.OrdinalIgnoreCase)
           && (detail.Contains("enough", StringComparison.OrdinalIgnoreCase) || detail.Contains("insufficient", StringComparison.OrdinalIgnoreCase));

    private static VendorException Fail(string code, string message, bool isVendorFault)
        => new(new VendorFailure(code, message, isVendorFault));

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
