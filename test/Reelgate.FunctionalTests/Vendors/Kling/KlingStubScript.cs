namespace Reelgate.FunctionalTests.Vendors.Kling;

/// <summary>
/// Faults the Kling stub plays, for every job (<see cref="KlingStub.Script"/>) or for jobs whose prompt
/// holds a marker (<see cref="KlingStub.ScriptPrompt"/>). Counted faults are used up one request at a time.
/// </summary>
internal sealed class KlingStubScript
{
    private int _rateLimitedSubmits;
    private int _failedQueries;
    private int _malformedQueries;

    public int RetryAfterSeconds { get; private set; } = 1;

    /// <summary>Every create answers this Kling error (HTTP status, envelope code, message).</summary>
    public (int Status, int Code, string Message)? SubmitError { get; set; }

    /// <summary>The create records the task, then never answers (the client times out: accepted but lost).</summary>
    public bool HangSubmit { get; set; }

    /// <summary>The create records the task, then answers 200 with a body that is not JSON.</summary>
    public bool MalformedSubmit { get; set; }

    /// <summary>The create answers 200 with a body that is not JSON, and records no task (a proxy's page).</summary>
    public bool MalformedSubmitUnaccepted { get; set; }

    /// <summary>
    /// Queries by <c>external_task_id</c> answer 400 / 1201 instead of a task or "not found" (a lookup
    /// that cannot tell, such as Kling refusing the id form).
    /// </summary>
    public bool FailLookups { get; set; }

    /// <summary>The task ends <c>failed</c> with this <c>task_status_msg</c>.</summary>
    public string? FailTask { get; set; }

    /// <summary>The output link answers 404.</summary>
    public bool OutputNotFound { get; set; }

    /// <summary>The output link serves bytes that are not a video.</summary>
    public bool OutputNotVideo { get; set; }

    /// <summary>The aspect of the (imaginary) reference image; image-to-video output follows it.</summary>
    public string ImageAspect { get; set; } = "16:9";

    /// <summary>The next <paramref name="count"/> creates answer 429 / 1302 with <c>Retry-After</c>.</summary>
    public KlingStubScript RateLimitSubmits(int count, int retryAfterSeconds)
    {
        RetryAfterSeconds = retryAfterSeconds;
        Volatile.Write(ref _rateLimitedSubmits, count);
        return this;
    }

    /// <summary>The next <paramref name="count"/> queries answer 500 / 5000.</summary>
    public KlingStubScript FailQueries(int count)
    {
        Volatile.Write(ref _failedQueries, count);
        return this;
    }

    /// <summary>The next <paramref name="count"/> queries answer 200 with a body that is not JSON.</summary>
    public KlingStubScript MalformQueries(int count)
    {
        Volatile.Write(ref _malformedQueries, count);
        return this;
    }

    public bool TakeRateLimitedSubmit() => Take(ref _rateLimitedSubmits);

    public bool TakeFailedQuery() => Take(ref _failedQueries);

    public bool TakeMalformedQuery() => Take(ref _malformedQueries);

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var left = Volatile.Read(ref counter);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
