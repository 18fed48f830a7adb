namespace Reelgate.Core.Billing;

/// <summary>
/// Takes payment for a top-up. How to add a provider:
/// 1. Implement this port in Reelgate.Server/Payments/&lt;Provider&gt;/ (it may call the provider's API).
/// 2. Register it as a keyed service named like <see cref="Name"/>; <c>Reelgate:Billing:PaymentProvider</c> picks it.
/// 3. Confirm payments by calling <see cref="BillingService.ConfirmTopUpAsync"/> (exactly once is the store's job).
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The configuration name, e.g. <c>manual</c> or <c>stripe</c>.</summary>
    string Name { get; }

    /// <summary>Opens a checkout for the top-up; answers where the payer goes and the provider's reference.</summary>
    Task<Checkout> CreateCheckoutAsync(TopUp topUp, Uri gatewayBaseUrl, CancellationToken cancellationToken);
}

/// <summary>A checkout page and the provider's id for it (used to match its confirmation).</summary>
public sealed record Checkout(string Url, string ProviderRef);
