using Reelgate.Core.Jobs;

namespace Reelgate.Core.Ports;

/// <summary>
/// A vendor call that did not succeed, classified by the adapter (DESIGN §3):
/// <see cref="VendorFailure.IsVendorFault"/> says whether falling through to another model is
/// allowed; <see cref="MaybeAccepted"/> says the vendor may have accepted a submit whose answer was
/// lost (a timeout after the request was sent), which must never be blindly re-sent;
/// <see cref="RetryAfter"/> carries a rate limit's wait.
/// </summary>
public sealed class VendorException : Exception
{
    public VendorException(VendorFailure failure, bool maybeAccepted = false, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(failure?.Message, innerException)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Failure = failure;
        MaybeAccepted = maybeAccepted;
        RetryAfter = retryAfter;
    }

    public VendorFailure Failure { get; }

    public bool MaybeAccepted { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsRateLimit => RetryAfter is not null || Failure.Code == JobFailureCodes.RateLimited;
}

/// <summary>
/// Implemented by adapters whose vendor can find a job by our id (a dedup or external id), so a
/// submit with a lost answer is looked up instead of re-sent or abandoned.
/// </summary>
public interface IVendorJobLookup
{
    /// <summary>The vendor's job id for our job, or null when the vendor has none (it was not accepted).</summary>
    Task<string?> FindVendorJobAsync(VendorJobRequest request, CancellationToken cancellationToken);
}

/// <summary>Implemented by vendors that cap how many of their jobs run at once.</summary>
public interface IVendorConcurrencyLimit
{
    /// <summary>Jobs of this vendor that may run at once, counted as <see cref="Scope"/> says.</summary>
    int MaxConcurrentJobs { get; }

    /// <summary>Whether the limit belongs to the vendor account (counted across every node) or to this machine.</summary>
    Dispatching.ConcurrencyScope Scope => Dispatching.ConcurrencyScope.Deployment;
}
