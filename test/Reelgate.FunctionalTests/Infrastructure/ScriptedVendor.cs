using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;

namespace Reelgate.FunctionalTests.Infrastructure;

/// <summary>
/// A scriptable vendor that exists only in tests (STYLE 37): it accepts or refuses submits and
/// reports a vendor-fault failure, so fallback and settlement can be driven end to end. It never
/// produces a video, so a job that reaches it and does not fall through ends failed.
/// </summary>
internal sealed class ScriptedVendor(string name, int qualityRank, long pricePerSecondMicros, bool refuseSubmit, bool loseSubmitAnswer = false) : IVideoVendor
{
    private int _submits;

    public string Name => name;

    public int Submits => _submits;

    public IReadOnlyList<VendorModel> Models { get; } =
    [
        new VendorModel
        {
            Vendor = name,
            Model = name + "-v1",
            Resolutions = [Resolution.P720, Resolution.P1080, Resolution.K4],
            Durations = [.. Enumerable.Range(1, 20)],
            Aspects = [Aspect.Landscape, Aspect.Portrait, Aspect.Square],
            QualityRank = qualityRank,
            PricePerSecondMicros = new Dictionary<Resolution, long>
            {
                [Resolution.P720] = pricePerSecondMicros,
                [Resolution.P1080] = pricePerSecondMicros,
                [Resolution.K4] = pricePerSecondMicros,
            },
        },
    ];

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(20);

    public Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _submits);
        if (loseSubmitAnswer)
        {
            // The vendor took the job but its answer never arrived (a timeout after sending).
            throw new VendorException(new VendorFailure(JobFailureCodes.Unavailable, "no answer within 30 s (scripted)", IsVendorFault: true), maybeAccepted: true);
        }

        return refuseSubmit
            ? throw new HttpRequestException("503 Service Unavailable (scripted)")
            : Task.FromResult(new VendorSubmission("scripted-" + request.JobId));
    }

    public Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken)
        => Task.FromResult(new VendorPollResult
        {
            Status = VendorJobStatus.Failed,
            Failure = new VendorFailure("VENDOR_INTERNAL", "scripted internal error", IsVendorFault: true),
        });

    public Task CancelAsync(string vendorJobId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken) => throw new NotSupportedException();
}
