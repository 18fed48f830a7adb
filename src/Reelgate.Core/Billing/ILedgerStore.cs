namespace Reelgate.Core.Billing;

/// <summary>
/// Credit, ledger and top-ups. Holds, captures and releases of jobs are written by the job store
/// in the same transaction as the job's state change; this port covers the rest.
/// </summary>
public interface ILedgerStore
{
    Task<AccountBalance> GetBalanceAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Ledger rows of the project, newest first, with ids below <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(string projectId, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>Adds credit by operator decision; answers the new ledger row.</summary>
    Task<LedgerEntry> GrantAsync(string projectId, long amountMicros, string? note, DateTimeOffset now, CancellationToken cancellationToken);

    Task CreateTopUpAsync(TopUp topUp, CancellationToken cancellationToken);

    Task SetTopUpCheckoutAsync(string topUpId, string providerRef, string checkoutUrl, CancellationToken cancellationToken);

    Task<TopUp?> GetTopUpAsync(string topUpId, CancellationToken cancellationToken);

    Task<TopUp?> FindTopUpByProviderRefAsync(string provider, string providerRef, CancellationToken cancellationToken);

    /// <summary>Pending → credited with its ledger row, exactly once however often it is called.</summary>
    Task<CreditTopUpOutcome> CreditTopUpAsync(string topUpId, DateTimeOffset now, CancellationToken cancellationToken);
}
