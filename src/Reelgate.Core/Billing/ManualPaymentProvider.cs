namespace Reelgate.Core.Billing;

/// <summary>
/// The default provider: the checkout URL is a page on the gateway showing the pending top-up; an
/// operator confirms it with <c>admin confirm-topup --topup ID</c> once the money arrived.
/// </summary>
public sealed class ManualPaymentProvider : IPaymentProvider
{
    public const string ProviderName = "manual";

    public string Name => ProviderName;

    public Task<Checkout> CreateCheckoutAsync(TopUp topUp, Uri gatewayBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topUp);
        ArgumentNullException.ThrowIfNull(gatewayBaseUrl);
        var url = new Uri(gatewayBaseUrl, $"/v1/account/topup/{topUp.Id}/checkout");
        return Task.FromResult(new Checkout(url.ToString(), topUp.Id));
    }
}
