namespace Reelgate.Core.Jobs;

/// <summary>
/// The codes a failed job (and a failed vendor attempt) carries in <c>error.code</c>, in one place.
/// Adapters use these where the vendor has no code of its own; a vendor-specific code lives beside its
/// adapter's error mapping.
/// </summary>
public static class JobFailureCodes
{
    /// <summary>The gateway itself failed while running the job.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>No model of the plan could be tried.</summary>
    public const string Unsupported = "UNSUPPORTED";

    /// <summary>The plan names a vendor this gateway does not have enabled.</summary>
    public const string VendorDisabled = "VENDOR_DISABLED";

    /// <summary>The vendor reported a failure without saying why.</summary>
    public const string VendorFailed = "VENDOR_FAILED";

    /// <summary>The submit failed before the vendor accepted it (nothing was charged).</summary>
    public const string VendorSubmitFailed = "VENDOR_SUBMIT_FAILED";

    /// <summary>The vendor job did not finish within <c>Dispatcher:JobDeadline</c> of its submit.</summary>
    public const string VendorTimeout = "VENDOR_TIMEOUT";

    /// <summary>The vendor's output is missing, unreadable, not a video, or not what was ordered.</summary>
    public const string VendorBadOutput = "VENDOR_BAD_OUTPUT";

    /// <summary>The vendor cannot render what was asked (a combination its catalogue allows but it refuses).</summary>
    public const string VendorUnsupported = "VENDOR_UNSUPPORTED";

    public const string RateLimited = "VENDOR_RATE_LIMITED";
    public const string Unavailable = "VENDOR_UNAVAILABLE";
    public const string VendorInternal = "VENDOR_INTERNAL";
    public const string BadResponse = "VENDOR_BAD_RESPONSE";
    public const string ContentPolicy = "CONTENT_POLICY";
    public const string InvalidRequest = "VENDOR_INVALID_REQUEST";
    public const string Unauthorized = "VENDOR_UNAUTHORIZED";

    /// <summary>The vendor may have the job but cannot say: it is never re-sent and its credit stays held.</summary>
    public const string OutcomeUnknown = "VENDOR_OUTCOME_UNKNOWN";

    public const string LocalRenderFailed = "LOCAL_RENDER_FAILED";
    public const string LocalRenderCanceled = "LOCAL_RENDER_CANCELED";
}
