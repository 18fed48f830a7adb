using System.ComponentModel.DataAnnotations;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>
/// Stripe Checkout for top-ups, bound from <c>Reelgate:Billing:Stripe</c>; used when
/// <c>Reelgate:Billing:PaymentProvider</c> is <c>stripe</c>. To go live:
/// 1. Set <see cref="SecretKey"/> (a restricted key that may write Checkout Sessions is enough).
/// 2. In the Stripe dashboard add a webhook endpoint <c>https://&lt;gateway&gt;/v1/payments/stripe/webhook</c>
///    for <c>checkout.session.completed</c> and <c>checkout.session.async_payment_succeeded</c>.
/// 3. Set <see cref="WebhookSecret"/> to that endpoint's signing secret.
/// </summary>
internal sealed class StripeOptions
{
    public const string SectionName = "Reelgate:Billing:Stripe";

    /// <summary>Secret API key (<c>sk_…</c> or a restricted <c>rk_…</c>); never logged.</summary>
    /// <value>The default value is <see langword="null"/>; required when Stripe is the provider.</value>
    public string? SecretKey { get; set; }

    /// <summary>Signing secret of the webhook endpoint (<c>whsec_…</c>); never logged.</summary>
    /// <value>The default value is <see langword="null"/>; required when Stripe is the provider.</value>
    [RegularExpression(@"^whsec_\S+$", ErrorMessage = "The field WebhookSecret must be the endpoint's signing secret, whsec_….")]
    public string? WebhookSecret { get; set; }

    /// <summary>Base URL of Stripe's API (tests point it at a stub).</summary>
    /// <value>The default value is <c>https://api.stripe.com</c>.</value>
    [Required]
    public Uri ApiBase { get; set; } = new("https://api.stripe.com");

    /// <summary>
    /// Where Stripe sends the payer after paying. <c>{TOPUP_ID}</c> is replaced by the top-up's id and
    /// Stripe itself replaces <c>{CHECKOUT_SESSION_ID}</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the gateway's page for the top-up, <c>/v1/payments/stripe/topup/{id}</c>.</value>
    public string? SuccessUrl { get; set; }

    /// <summary>Where Stripe sends the payer who leaves the checkout; <c>{TOPUP_ID}</c> as in <see cref="SuccessUrl"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the gateway's page for the top-up.</value>
    public string? CancelUrl { get; set; }

    /// <summary>Currency Stripe charges in (ISO 4217, lower case); the credit itself is always USD, cent for cent.</summary>
    /// <value>The default value is <c>usd</c>.</value>
    [Required]
    [RegularExpression("^[a-z]{3}$")]
    public string Currency { get; set; } = "usd";

    /// <summary>How far a webhook's signed timestamp may be from the gateway's clock; older deliveries are refused as replays.</summary>
    /// <value>The default value is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Product name on the Checkout page and the receipt.</summary>
    /// <value>The default value is <c>Reelgate credit</c>.</value>
    [Required]
    [StringLength(250, MinimumLength = 1)]
    public string ProductName { get; set; } = "Reelgate credit";

    /// <summary>Retries of a failed Stripe call (connection errors, 409, 5xx); safe because every create carries an idempotency key.</summary>
    /// <value>The default value is 2.</value>
    [Range(0, 5)]
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>Timeout of one call to Stripe's API.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
