using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;

namespace Reelgate.Core.Billing;

/// <summary>Credit use cases: balance, ledger, grants and top-ups. Money is integer micro-USD throughout.</summary>
public sealed class BillingService(
    ILedgerStore ledger,
    IServiceProvider services,
    IOptions<BillingOptions> options,
    TimeProvider time)
{
    public Task<AccountBalance> GetBalanceAsync(string projectId, CancellationToken cancellationToken)
        => ledger.GetBalanceAsync(projectId, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(string projectId, long? beforeId, int limit, CancellationToken cancellationToken)
        => ledger.ListLedgerAsync(projectId, beforeId, limit, cancellationToken);

    public Task<LedgerEntry> GrantAsync(string projectId, long amountMicros, string? note, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountMicros);
        return ledger.GrantAsync(projectId, amountMicros, note, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Validates the amount, records a pending top-up and opens the provider's checkout.</summary>
    public async Task<Result<TopUp>> CreateTopUpAsync(string projectId, decimal amountUsd, Uri gatewayBaseUrl, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (amountUsd < settings.MinTopUpUsd || amountUsd > settings.MaxTopUpUsd || decimal.Round(amountUsd, 2) != amountUsd)
        {
            return Error.Invalid(string.Create(CultureInfo.InvariantCulture, $"'amount_usd' must be between {settings.MinTopUpUsd} and {settings.MaxTopUpUsd} with at most two decimals (cents)."));
        }

        var provider = services.GetKeyedService<IPaymentProvider>(settings.PaymentProvider.Trim().ToLowerInvariant());
        if (provider is null)
        {
            return new Error(ErrorCode.Internal, $"The payments provider '{settings.PaymentProvider}' is not available on this gateway; ask its operator.");
        }
        var now = time.GetUtcNow();
        var topUp = new TopUp
        {
            Id = "topup_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ProjectId = projectId,
            AmountMicros = Money.ToMicros(amountUsd),
            Provider = provider.Name,
            State = TopUpState.Pending,
            CreatedAt = now,
            ExpiresAt = now + settings.TopUpLifetime,
        };

        // Recorded before the provider is asked, so a confirmation can never arrive for an unknown top-up.
        await ledger.CreateTopUpAsync(topUp, cancellationToken);
        var checkout = await provider.CreateCheckoutAsync(topUp, gatewayBaseUrl, cancellationToken);
        await ledger.SetTopUpCheckoutAsync(topUp.Id, checkout.ProviderRef, checkout.Url, cancellationToken);
        return topUp with { ProviderRef = checkout.ProviderRef, CheckoutUrl = checkout.Url };
    }

    public Task<TopUp?> GetTopUpAsync(string topUpId, CancellationToken cancellationToken) => ledger.GetTopUpAsync(topUpId, cancellationToken);

    /// <summary>Credits a paid top-up; calling it again for the same top-up changes nothing.</summary>
    public Task<CreditTopUpOutcome> ConfirmTopUpAsync(string topUpId, CancellationToken cancellationToken)
        => ledger.CreditTopUpAsync(topUpId, time.GetUtcNow(), cancellationToken);
}
