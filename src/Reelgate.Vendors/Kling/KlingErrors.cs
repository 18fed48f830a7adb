using System.Net;
using System.Text.Json;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Kling;

/// <summary>
/// Kling's error vocabulary (docs/vendors/kling.md): every answer carries an envelope whose
/// <c>code</c> says what happened, and the HTTP status alone can mislead (429 means a rate limit
/// and also an empty account), so classification goes by <c>code</c> first.
/// </summary>
internal static class KlingErrors
{
    /// <summary>Our Kling account is out of credit or in arrears: the operator's problem, not the caller's.</summary>
    public const string InsufficientBalance = "VENDOR_INSUFFICIENT_BALANCE";

    /// <summary>No such task or model (1203 or HTTP 404).</summary>
    public const string NotFound = "VENDOR_NOT_FOUND";

    // Wording of moderation failures in task_status_msg (UNCONFIRMED: Kling documents no stable codes
    // there; these cover its English and Chinese messages seen in the notes' mirrors).
    private static readonly string[] ModerationWords =
        ["moderation", "risk control", "policy", "sensitive", "violat", "inappropriate", "content security", "审核", "违规", "敏感"];

    public static KlingEnvelope? TryRead(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, KlingJsonContext.Default.KlingEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The exception for a Kling error answer, or null to leave it to the generic status mapping
    /// (a body that is not Kling's envelope, or a rate limit sent as HTTP 429, whose Retry-After only
    /// the generic mapping can read).
    /// </summary>
    public static VendorException? Classify(HttpStatusCode status, KlingEnvelope? envelope)
    {
        if (envelope is null || envelope.Code == 0)
        {
            return status == HttpStatusCode.NotFound
                ? Fail(NotFound, "Kling knows no such resource (404).", isVendorFault: true)
                : null;
        }

        var code = envelope.Code;
        var said = $"{code} {envelope.Message}".TrimEnd();
        return code switch
        {
            >= 1000 and <= 1004 => Fail(JobFailureCodes.Unauthorized, $"Kling refused our credentials ({said}); check Reelgate:Vendors:Kling:AccessKey/SecretKey and the clock.", isVendorFault: true),
            >= 1100 and <= 1102 => Fail(InsufficientBalance, $"Kling refused the job because of our Kling account ({said}); the operator must top it up.", isVendorFault: true),
            1103 or 1304 => Fail(JobFailureCodes.Unauthorized, $"Kling refused our account access ({said}).", isVendorFault: true),
            1200 or 1201 => Fail(JobFailureCodes.InvalidRequest, $"Kling refused the request ({said}).", isVendorFault: false),

            // An unknown method is the adapter's bug, not the caller's; nothing was accepted, so another model may run it.
            1202 => Fail(JobFailureCodes.VendorInternal, $"Kling does not know the adapter's call ({said}).", isVendorFault: true),
            1203 => Fail(NotFound, $"Kling knows no such resource ({said}).", isVendorFault: true),
            1300 or 1301 => new VendorException(ContentPolicy(envelope.Message, code)),
            1302 or 1303 => status == HttpStatusCode.TooManyRequests
                ? null
                : new VendorException(new VendorFailure(JobFailureCodes.RateLimited, $"Kling is rate limiting ({said}).", IsVendorFault: true), retryAfter: TimeSpan.FromSeconds(1)),
            5001 => Fail(JobFailureCodes.Unavailable, $"Kling is under maintenance ({said}).", isVendorFault: true),
            >= 5000 and < 6000 => Fail(JobFailureCodes.VendorInternal, $"Kling failed ({said}).", isVendorFault: true),
            _ when (int)status is >= 400 and < 500 => Fail(JobFailureCodes.InvalidRequest, $"Kling refused the request ({(int)status}, {said}).", isVendorFault: false),
            _ => Fail(JobFailureCodes.VendorInternal, $"Kling failed ({(int)status}, {said}).", isVendorFault: true),
        };
    }

    /// <summary>A task that ended <c>failed</c>: content moderation is the request's fault, anything else Kling's.</summary>
    public static VendorFailure TaskFailed(string? reason)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.Trim();
        return IsModeration(text)
            ? ContentPolicy(text, code: null)
            : new VendorFailure(JobFailureCodes.VendorInternal, $"Kling failed the task: {text}", IsVendorFault: true);
    }

    /// <summary>A content-policy refusal, naming the flagged input where Kling's words say which.</summary>
    public static VendorFailure ContentPolicy(string? message, int? code)
    {
        var input = FlaggedInput(message);
        var what = input is null ? "the request" : "the " + input;
        var reason = (code is null ? string.Empty : $"{code} ") + (string.IsNullOrWhiteSpace(message) ? "content policy" : message.Trim());
        return new VendorFailure(JobFailureCodes.ContentPolicy, $"Kling's content policy refused {what}: {reason}", IsVendorFault: false);
    }

    private static bool IsModeration(string reason)
        => ModerationWords.Any(word => reason.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static string? FlaggedInput(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        if (message.Contains("image", StringComparison.OrdinalIgnoreCase) || message.Contains("图片", StringComparison.Ordinal))
        {
            return "reference image";
        }

        return message.Contains("prompt", StringComparison.OrdinalIgnoreCase) || message.Contains("text", StringComparison.OrdinalIgnoreCase) || message.Contains("提示词", StringComparison.Ordinal)
            ? "prompt"
            : null;
    }

    private static VendorException Fail(string code, string message, bool isVendorFault)
        => new(new VendorFailure(code, message, isVendorFault));
}
