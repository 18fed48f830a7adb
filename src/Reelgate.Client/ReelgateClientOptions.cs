namespace Reelgate.Client;

/// <summary>
/// Settings of a <see cref="ReelgateClient"/> registered with
/// <c>services.AddReelgateClient(options =&gt; …)</c>, and of its retry policy.
/// </summary>
public sealed class ReelgateClientOptions
{
    /// <summary>The gateway's base URL, for example <c>https://video.example.com/</c>.</summary>
    /// <value>The default value is <c>http://127.0.0.1:8080/</c>, where <c>eng/quickstart.sh</c> starts the gateway.</value>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:8080/");

    /// <summary>The project's API key (<c>rg_pk_…</c>), sent as <c>Authorization: Bearer</c> to the gateway only.</summary>
    /// <value>The default value is null: requests are sent without a key (and answer 401).</value>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How many times a safe call is retried after a 429, a 503 or a network error. Safe calls are
    /// reads, <c>delete</c>, the webhook <c>PUT</c>, and <c>generate</c>/<c>set_retention</c> when an
    /// idempotency key is given. Zero turns retries off; negative values are refused.
    /// </summary>
    /// <value>The default value is 2.</value>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The delay before the first retry when the server sends no <c>Retry-After</c>; it doubles each time (±20% jitter).</summary>
    /// <value>The default value is 500 milliseconds.</value>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest the client waits before a retry. A <c>Retry-After</c> longer than this is not
    /// waited for: the call fails at once with <see cref="ReelgateRateLimitedException"/> (or the 503).
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The timeout of one request until its response headers arrive (<see cref="HttpClient.Timeout"/> of the
    /// registered client). It must exceed the longest <c>status?wait=</c> long poll (60 s).
    /// Event streams and downloads are not limited by it once their headers have arrived.
    /// </summary>
    /// <value>The default value is 100 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock the retry delays wait on; tests pass a fake one.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
