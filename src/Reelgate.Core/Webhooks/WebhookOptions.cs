using System.ComponentModel.DataAnnotations;

namespace Reelgate.Core.Webhooks;

/// <summary>Webhook delivery settings, bound from <c>Reelgate:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Reelgate:Webhooks";

    /// <summary>How long a delivery is retried before it is marked failed.</summary>
    /// <value>The default value is 24 hours.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delay before the first retry; each later retry doubles it (with ±20% jitter).</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between two attempts.</summary>
    /// <value>The default value is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one delivery attempt may take.</summary>
    /// <value>The default value is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often due deliveries are looked for when nothing wakes the sender.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Also send <c>video.running</c> when a job starts.</summary>
    /// <value>The default value is false.</value>
    public bool IncludeRunning { get; set; }
}
