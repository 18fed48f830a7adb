namespace Reelgate.FunctionalTests.Vendors.Veo;

/// <summary>
/// How the <see cref="VeoStub"/> treats the jobs whose prompt contains a given text. Counters
/// (<see cref="RateLimitedSubmits"/>, <see cref="PollErrors"/>) are used up as the stub answers.
/// </summary>
internal sealed class VeoScript
{
    private int _rateLimitedSubmits;
    private int _pollErrors;

    /// <summary>How long an operation stays running before it is done.</summary>
    public TimeSpan RenderTime { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Submits answered 429 RESOURCE_EXHAUSTED before one is accepted.</summary>
    public int RateLimitedSubmits { get => _rateLimitedSubmits; init => _rateLimitedSubmits = value; }

    /// <summary>The <c>retryDelay</c> of the 429's <c>google.rpc.RetryInfo</c> detail.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>A submit refused with this HTTP status, gRPC status name and message (nothing is recorded as a job).</summary>
    public (int Http, string Status, string Message)? SubmitError { get; init; }

    /// <summary>The job is recorded, then the submit answer never comes (accepted-but-lost).</summary>
    public bool HangSubmit { get; init; }

    /// <summary>The job is recorded, then the submit is answered 200 with a body that is not JSON.</summary>
    public bool MalformedSubmit { get; init; }

    /// <summary>Polls answered 500 INTERNAL before they answer normally.</summary>
    public int PollErrors { get => _pollErrors; init => _pollErrors = value; }

    /// <summary>The finished operation carries this <c>google.rpc.Status</c> error (gRPC code, message).</summary>
    public (int Code, string Message)? OperationError { get; init; }

    /// <summary>The finished operation has no sample, only <c>raiMediaFilteredCount</c> and these reasons.</summary>
    public IReadOnlyList<string>? RaiReasons { get; init; }

    /// <summary>The output link answers 404.</summary>
    public bool OutputMissing { get; init; }

    /// <summary>The output link answers bytes that are not a video.</summary>
    public bool OutputNotVideo { get; init; }

    /// <summary>The sample carries the video inline (<c>encodedVideo</c>) instead of a link.</summary>
    public bool InlineVideo { get; init; }

    /// <summary>The output link redirects (302) to the same file on another host name (<c>localhost</c>).</summary>
    public bool RedirectDownloadToOtherHost { get; init; }

    public bool TakeRateLimit() => Interlocked.Decrement(ref _rateLimitedSubmits) >= 0;

    public bool TakePollError() => Interlocked.Decrement(ref _pollErrors) >= 0;
}
