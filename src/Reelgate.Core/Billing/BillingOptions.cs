using System.ComponentModel.DataAnnotations;

namespace Reelgate.Core.Billing;

/// <summary>Credit settings, bound from <c>Reelgate:Billing</c>.</summary>
public sealed class BillingOptions
{
    public const string SectionName = "Reelgate:Billing";

    /// <summary>The payments provider for top-ups: <c>manual</c> (an operator confirms) or <c>stripe</c>.</summary>
    /// <value>The default value is <c>manual</c>.</value>
    [Required]
    [RegularExpression("(?i)^(manual|stripe)$", ErrorMessage = "Reelgate:Billing:PaymentProvider must be 'manual' or 'stripe'.")]
    public string PaymentProvider { get; set; } = "manual";

    /// <summary>Smallest top-up in USD.</summary>
    /// <value>The default value is 1.</value>
    [Range(typeof(decimal), "0.01", "1000000")]
    public decimal MinTopUpUsd { get; set; } = 1m;

    /// <summary>Largest top-up in USD.</summary>
    /// <value>The default value is 10000.</value>
    [Range(typeof(decimal), "0.01", "1000000")]
    public decimal MaxTopUpUsd { get; set; } = 10_000m;

    /// <summary>How long a top-up's checkout stays payable.</summary>
    /// <value>The default value is 24 hours.</value>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan TopUpLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Credit granted to a project when <c>admin create-key</c> creates it (the seed's sign-up credit).</summary>
    /// <value>The default value is 0.</value>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal InitialGrantUsd { get; set; }
}
