using System.Diagnostics;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Diagnostics;

/// <summary>
/// The one <c>Reelgate</c> activity source (STYLE 45). A dispatcher run of a job is a
/// <c>reelgate.job.run</c> span; each model it tries is a <c>reelgate.vendor.attempt</c> child, under
/// which the vendor's HTTP calls (System.Net.Http) and <c>reelgate.output.ingest</c> nest. Unlike the
/// meter's tags, span tags carry ids (job, vendor job): a trace is about one job. Prompts never.
/// Activities are only created while a listener (the OTLP exporter) is attached.
/// </summary>
public static class ReelgateTracing
{
    public const string SourceName = "Reelgate";

    private const string OutcomeTag = "reelgate.outcome";

    private static readonly ActivitySource Source = new(SourceName, typeof(ReelgateTracing).Assembly.GetName().Version?.ToString());

    public static Activity? StartJobRun(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var span = Source.StartActivity("reelgate.job.run");
        span?.SetTag("reelgate.job.id", job.Id);
        span?.SetTag("reelgate.job.resumed", job.VendorJobId is not null);
        return span;
    }

    public static Activity? StartVendorAttempt(ModelRef model, string? resumedVendorJobId)
    {
        var span = Source.StartActivity("reelgate.vendor.attempt");
        span?.SetTag("reelgate.vendor.name", model.Vendor);
        span?.SetTag("reelgate.vendor.model", model.Model);
        span?.SetTag("reelgate.vendor.job_id", resumedVendorJobId);
        return span;
    }

    public static Activity? StartIngest() => Source.StartActivity("reelgate.output.ingest");

    /// <summary>Records the vendor's id for its job once the vendor answered the submit.</summary>
    public static void Submitted(Activity? span, string? vendorJobId) => span?.SetTag("reelgate.vendor.job_id", vendorJobId);

    public static void Succeeded(Activity? span) => Ended(span, "succeeded");

    /// <summary>Ended without failing: cancelled by the caller, or released to another node at shutdown.</summary>
    public static void Ended(Activity? span, string outcome) => span?.SetTag(OutcomeTag, outcome);

    /// <summary>Failed with one of the job error codes (<c>VENDOR_TIMEOUT</c>, <c>OUTPUT_MISMATCH</c>…).</summary>
    public static void Failed(Activity? span, string errorCode)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(OutcomeTag, errorCode);
        span.SetTag("error.type", errorCode);
        span.SetStatus(ActivityStatusCode.Error, errorCode);
    }
}
