using System.ComponentModel.DataAnnotations;

namespace Reelgate.Vendors.Http;

/// <summary>
/// What every HTTP vendor is configured with, bound from <c>Reelgate:Vendors:{Name}</c> (DESIGN §7).
/// A vendor with credentials is enabled unless <see cref="Enabled"/> is false.
/// </summary>
public class VendorHttpOptions
{
    /// <summary>Forces the vendor on or off; unset means "on when credentials are present".</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public bool? Enabled { get; set; }

    /// <summary>The vendor's API base URL; tests point it at a stub on loopback.</summary>
    /// <value>The default value is the vendor's official URL (set by each adapter).</value>
    public string? BaseUrl { get; set; }

    /// <summary>API key (bearer or vendor-specific header).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ApiKey { get; set; }

    /// <summary>Access key of vendors that sign their own tokens (Kling).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AccessKey { get; set; }

    /// <summary>Secret key of vendors that sign their own tokens (Kling).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? SecretKey { get; set; }

    /// <summary>One flat price per second of output for every model of the vendor (overrides the published prices).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    [Range(typeof(decimal), "0", "1000")]
    public decimal? PricePerSecondUsd { get; set; }

    /// <summary>
    /// Jobs of this vendor that run at once across the whole deployment (every node counts against one
    /// limit in the store): the vendor account's concurrency. A job waiting for a slot stays queued.
    /// Set it to the account's limit where the vendor rejects jobs beyond it; the default suits vendors
    /// that publish no limit or queue excess jobs themselves.
    /// </summary>
    /// <value>The default value is 1 000.</value>
    [Range(1, 100_000)]
    public int MaxConcurrentJobs { get; set; } = 1000;

    /// <summary>
    /// HTTP calls to this vendor one node has in flight at once; more wait their turn (they are not
    /// refused). Bounds bursts, such as a thousand submits claimed together, against the vendor's API.
    /// </summary>
    /// <value>The default value is 100.</value>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 100;

    /// <summary>
    /// The shortest wait between polls of a vendor job (the vendor's polling advice); polls slow down
    /// as a job ages, up to <c>Reelgate:Dispatcher:MaxPollInterval</c>.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time limit of one HTTP call to the vendor.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an opened circuit keeps the vendor out of routing before a trial call.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls within the sampling window before the failure ratio may open the circuit.</summary>
    /// <value>The default value is 10.</value>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>Share of failed calls (5xx, timeouts, connection errors; not 429) in the sampling window that opens the circuit.</summary>
    /// <value>The default value is 0.5.</value>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) || (!string.IsNullOrWhiteSpace(AccessKey) && !string.IsNullOrWhiteSpace(SecretKey));

    public bool IsEnabled => Enabled ?? HasCredentials;
}
