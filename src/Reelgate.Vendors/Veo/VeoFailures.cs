using System.Globalization;
using System.Net;
using System.Text.Json;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Veo;

/// <summary>
/// Reads Veo's failures in Google's vocabulary (HTTP error envelopes, <c>google.rpc.Status</c> of a
/// finished operation, RAI filtering) as request or vendor faults (DESIGN §3, docs/vendors/veo.md).
/// </summary>
internal static class VeoFailures
{
    /// <summary>Veo's own code when a refusal is about the gateway's Google account (billing, region).</summary>
    public const string AccountRefused = "VENDOR_ACCOUNT_REFUSED";

    /// <summary>The reference image could not be used; the caller's input, so no fall-through.</summary>
    public const string ReferenceImageUnusable = "REFERENCE_IMAGE_UNUSABLE";

    /// <summary>
    /// Words of Google's safety refusals ("…violates Vertex AI's usage guidelines", "Responsible AI
    /// practices"). The exact texts are UNCONFIRMED; a 400 without them is still a request fault, only
    /// with a different code.
    /// </summary>
    private static readonly string[] PolicyMarkers = ["usage guideline", "responsible ai", "safety", "content policy", "prohibited"];

    /// <summary>
    /// Maps a non-2xx answer; null leaves it to the generic reading (which takes Retry-After from the headers).
    /// </summary>
    public static VendorException? FromHttp(HttpStatusCode status, string body, bool hasReferenceImage)
    {
        var error = ReadEnvelope(body);
        var code = (int)status;
        var grpc = error?.Status;
        var message = error?.Message is { Length: > 0 } text ? text : Trim(body);

        if (status == HttpStatusCode.TooManyRequests || grpc == "RESOURCE_EXHAUSTED")
        {
            // Google puts the wait in a google.rpc.RetryInfo detail rather than a Retry-After header.
            var wait = RetryDelay(error);
            return wait is null && status == HttpStatusCode.TooManyRequests
                ? null
                : new VendorException(new VendorFailure(JobFailureCodes.RateLimited, $"Veo is rate limiting ({grpc ?? code.ToString(CultureInfo.InvariantCulture)}): {message}", IsVendorFault: true), retryAfter: wait);
        }

        // A bad key answers 400 INVALID_ARGUMENT with reason API_KEY_INVALID, a missing one 403: our configuration either way.
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || HasReason(error, "API_KEY_INVALID"))
        {
            return new VendorException(new VendorFailure(JobFailureCodes.Unauthorized, $"Veo refused the gateway's API key ({code} {grpc}); check Reelgate:Vendors:Veo:ApiKey.", IsVendorFault: true));
        }

        if (status == HttpStatusCode.NotFound)
        {
            // An unknown or retired model: nothing was accepted, so another model may take the job.
            return new VendorException(new VendorFailure(JobFailureCodes.Unavailable, $"Veo does not serve this model or operation (404): {message}", IsVendorFault: true));
        }

        if (code is >= 400 and < 500 && IsPolicy(message))
        {
            return new VendorException(Policy(message, hasReferenceImage));
        }

        if (grpc == "FAILED_PRECONDITION")
        {
            // Google's answer when billing is off or the key's project is in an unsupported region: our account, not the caller's request.
            return new VendorException(new VendorFailure(AccountRefused, $"Veo refused the gateway's Google account (FAILED_PRECONDITION): {message}", IsVendorFault: true));
        }

        if (code is >= 400 and < 500)
        {
            return new VendorException(new VendorFailure(JobFailureCodes.InvalidRequest, $"Veo refused the request ({code} {grpc}): {message}", IsVendorFault: false));
        }

        return code >= 500
            ? new VendorException(new VendorFailure(JobFailureCodes.VendorInternal, $"Veo failed ({code} {grpc}): {message}", IsVendorFault: true))
            : null;
    }

    /// <summary>Maps the <c>error</c> of a finished operation by its gRPC code.</summary>
    public static VendorFailure FromOperationError(VeoStatus error, bool hasReferenceImage)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message is { Length: > 0 } text ? text : "no message";
        var name = GrpcName(error.Code);
        return error.Code switch
        {
            // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE: the request's fault.
            3 or 9 or 11 when IsPolicy(message) => Policy(message, hasReferenceImage),
            3 or 9 or 11 => new VendorFailure(JobFailureCodes.InvalidRequest, $"Veo refused the job ({name}): {message}", IsVendorFault: false),
            7 or 16 => new VendorFailure(JobFailureCodes.Unauthorized, $"Veo refused the gateway's credentials ({name}): {message}", IsVendorFault: true),
            8 => new VendorFailure(JobFailureCodes.RateLimited, $"Veo ran out of quota for the job ({name}): {message}", IsVendorFault: true),

            // INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN, ABORTED, …: Veo's own failure.
            _ => new VendorFailure(JobFailureCodes.VendorInternal, $"Veo failed the job ({name}): {message}", IsVendorFault: true),
        };
    }

    /// <summary>A finished job whose every output Google's safety filters removed: content policy, never a fall-through.</summary>
    public static VendorFailure SafetyFiltered(int filteredCount, IReadOnlyList<string>? reasons, bool hasReferenceImage)
    {
        var why = reasons is { Count: > 0 } ? string.Join(" ", reasons) : "Google gave no reason";
        var flagged = FlaggedInput(why, hasReferenceImage) ?? "generated video";
        return new VendorFailure(
            JobFailureCodes.ContentPolicy,
            string.Create(CultureInfo.InvariantCulture, $"Veo's safety filters blocked the {flagged} ({filteredCount} output(s) filtered): {why}"),
            IsVendorFault: false);
    }

    private static VendorFailure Policy(string message, bool hasReferenceImage)
    {
        var flagged = FlaggedInput(message, hasReferenceImage);
        return new VendorFailure(
            JobFailureCodes.ContentPolicy,
            flagged is null ? $"Veo refused the request under its content policy: {message}" : $"Veo's content policy flagged the {flagged}: {message}",
            IsVendorFault: false);
    }

    /// <summary>Which of our inputs Google's words point at, when they do.</summary>
    private static string? FlaggedInput(string text, bool hasReferenceImage)
    {
        if (hasReferenceImage && text.Contains("image", StringComparison.OrdinalIgnoreCase))
        {
            return "reference image";
        }

        return text.Contains("prompt", StringComparison.OrdinalIgnoreCase) ? "prompt" : null;
    }

    private static bool IsPolicy(string message)
        => PolicyMarkers.Any(marker => message.Contains(marker, StringComparison.OrdinalIgnoreCase));

    private static VeoStatus? ReadEnvelope(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, VeoJsonContext.Default.VeoErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>retryDelay</c> of a <c>google.rpc.RetryInfo</c> detail (a protobuf Duration: <c>"37s"</c>, <c>"1.5s"</c>).</summary>
    private static TimeSpan? RetryDelay(VeoStatus? error)
    {
        foreach (var detail in Details(error, "google.rpc.RetryInfo"))
        {
            if (detail.TryGetProperty("retryDelay", out var delay)
                && delay.ValueKind == JsonValueKind.String
                && delay.GetString() is { Length: > 1 } text
                && text.EndsWith('s')
                && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    private static bool HasReason(VeoStatus? error, string reason)
        => Details(error, "google.rpc.ErrorInfo").Any(d =>
            d.TryGetProperty("reason", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == reason);

    private static IEnumerable<JsonElement> Details(VeoStatus? error, string type)
        => (error?.Details ?? []).Where(d =>
            d.ValueKind == JsonValueKind.Object
            && d.TryGetProperty("@type", out var t)
            && t.ValueKind == JsonValueKind.String
            && t.GetString()?.EndsWith("/" + type, StringComparison.Ordinal) == true);

    private static string GrpcName(int code) => code switch
    {
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        16 => "UNAUTHENTICATED",
        _ => "code " + code.ToString(CultureInfo.InvariantCulture),
    };

    private static string Trim(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
