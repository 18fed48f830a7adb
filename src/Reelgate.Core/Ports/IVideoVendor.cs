using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Ports;

/// <summary>
/// One video vendor. How to add one:
/// 1. Make a folder in Reelgate.Vendors with the adapter, its options (bound from
///    <c>Reelgate:Vendors:{Name}</c>) and internal wire models.
/// 2. Declare every model in <see cref="Models"/> with sizes, durations and prices.
/// 3. Submit with our job id as the vendor's idempotency key where it has one.
/// 4. Classify failures in <see cref="VendorPollResult"/> as vendor or request fault.
/// 5. Register it in the vendors' service collection extension and write its stub and tests.
/// </summary>
public interface IVideoVendor
{
    /// <summary>Lowercase vendor name used in the API (<c>local</c>, <c>veo</c>, …).</summary>
    string Name { get; }

    IReadOnlyList<VendorModel> Models { get; }

    /// <summary>How long to wait between polls.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>Asks the vendor to start the job; answers the vendor's job id.</summary>
    Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken);

    /// <summary>Asks where the job is. Must be safe to call again after a restart.</summary>
    Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken);

    /// <summary>Asks the vendor to stop the job; best effort.</summary>
    Task CancelAsync(string vendorJobId, CancellationToken cancellationToken);

    /// <summary>Opens an output for reading (with the vendor's auth when its content endpoint needs it).</summary>
    Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken);
}

/// <summary>What a vendor is asked to render.</summary>
public sealed record VendorJobRequest(string JobId, string Model, JobSpec Spec);

public sealed record VendorSubmission(string VendorJobId);

/// <summary>An output file of a vendor job: a URL to download, or a file the adapter wrote locally.</summary>
public sealed record VendorOutput(Uri? Url, string? LocalPath);

public enum VendorJobStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A vendor's answer to a poll.</summary>
public sealed record VendorPollResult
{
    public required VendorJobStatus Status { get; init; }
    public double? Progress { get; init; }

    /// <summary>The job's place in the vendor's queue, when the vendor reports one.</summary>
    public int? QueuePosition { get; init; }
    public VendorOutput? Video { get; init; }
    public VendorOutput? Thumbnail { get; init; }
    public VendorFailure? Failure { get; init; }

    public static VendorPollResult Running(double? progress) => new() { Status = VendorJobStatus.Running, Progress = progress };
}

/// <summary>
/// Why a vendor job failed. <see cref="IsVendorFault"/> decides fallback (DESIGN §3): a vendor
/// fault may fall through to the next model; a request fault (content policy, bad input) fails the job.
/// </summary>
public sealed record VendorFailure(string Code, string Message, bool IsVendorFault);
