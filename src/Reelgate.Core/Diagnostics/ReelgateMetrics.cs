using System.Diagnostics.Metrics;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Diagnostics;

/// <summary>
/// The one <c>Reelgate</c> meter (STYLE 45): what operators chart and alert on, served as Prometheus
/// text at <c>/metrics</c>. Every count is of this node's own work, so the sum over nodes is the
/// cluster's. Tags stay low-cardinality: vendor, model, state and error codes, never job ids; project ids
/// only on the queue-age gauge of <see cref="DispatchGauges"/>, for at most 50 waiting projects.
/// </summary>
public sealed class ReelgateMetrics
{
    public const string MeterName = "Reelgate";

    /// <summary>Video jobs take seconds to an hour; the default buckets (up to 10 s) would put most of them in +Inf.</summary>
    private static readonly double[] DurationBuckets = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600];

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refusedForCredit;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _vendorAttempts;
    private readonly Counter<long> _creditCaptured;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _webhookAttempts;
    private readonly Counter<long> _databaseWrites;

    public ReelgateMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("reelgate.jobs.accepted", "{job}", "Jobs accepted by generate, by the model routed to first.");
        _refusedForCredit = meter.CreateCounter<long>("reelgate.jobs.refused_credit", "{job}", "Generates refused with 402 INSUFFICIENT_CREDIT.");
        _finished = meter.CreateCounter<long>("reelgate.jobs.finished", "{job}", "Jobs that reached succeeded, failed or canceled (error_code on failures).");
        _duration = meter.CreateHistogram(
            "reelgate.jobs.duration", "s", "Time from acceptance to succeeded or failed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _vendorAttempts = meter.CreateCounter<long>("reelgate.vendor.attempts", "{attempt}", "Ended vendor attempts; outcome is 'succeeded' or the failure code.");
        _creditCaptured = meter.CreateCounter<long>("reelgate.credit.captured", "{micro-USD}", "Credit captured for succeeded jobs, in micro-USD.");
        _expired = meter.CreateCounter<long>("reelgate.jobs.expired", "{job}", "Succeeded jobs whose retention window passed.");
        _webhookAttempts = meter.CreateCounter<long>("reelgate.webhooks.attempts", "{attempt}", "Webhook delivery attempts: delivered, retrying, or failed (gave up).");
        _databaseWrites = meter.CreateCounter<long>("reelgate.db.writes", "{transaction}", "Write transactions (or single write statements) this node committed to its database.");
    }

    public void JobAccepted(ModelRef firstModel)
        => _accepted.Add(1, Tag("vendor", firstModel.Vendor), Tag("model", firstModel.Model));

    public void JobRefusedForCredit() => _refusedForCredit.Add(1);

    /// <summary>The job and its last attempt succeeded on <paramref name="model"/>.</summary>
    public void JobSucceeded(Job job, ModelRef model, long costMicros, DateTimeOffset now)
    {
        VendorAttemptEnded(model, "succeeded");
        _finished.Add(1, Tag("state", "succeeded"), Tag("vendor", model.Vendor), Tag("model", model.Model));
        _duration.Record((now - job.CreatedAt).TotalSeconds, Tag("state", "succeeded"), Tag("vendor", model.Vendor));
        _creditCaptured.Add(costMicros, Tag("vendor", model.Vendor), Tag("model", model.Model));
    }

    public void JobFailed(Job job, ModelRef? lastModel, string errorCode, DateTimeOffset now)
    {
        var vendor = lastModel?.Vendor ?? "none";
        _finished.Add(1, Tag("state", "failed"), Tag("vendor", vendor), Tag("model", lastModel?.Model ?? "none"), Tag("error_code", errorCode));
        _duration.Record((now - job.CreatedAt).TotalSeconds, Tag("state", "failed"), Tag("vendor", vendor));
    }

    public void JobCanceled() => _finished.Add(1, Tag("state", "canceled"));

    public void VendorAttemptEnded(ModelRef model, string outcome)
        => _vendorAttempts.Add(1, Tag("vendor", model.Vendor), Tag("model", model.Model), Tag("outcome", outcome));

    public void JobsExpired(int count) => _expired.Add(count);

    public void WebhookAttempt(string outcome) => _webhookAttempts.Add(1, Tag("outcome", outcome));

    /// <summary>One committed write transaction (or autocommitted write statement) of <paramref name="store"/>.</summary>
    public void DatabaseWrite(string store) => _databaseWrites.Add(1, Tag("store", store));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
