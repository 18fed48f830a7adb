namespace Reelgate.Contracts.Account;

/// <summary>One credit movement.</summary>
public sealed record LedgerEntryView
{
    /// <summary>Ledger row id (increasing).</summary>
    public required long Id { get; init; }

    /// <summary><c>grant</c>, <c>topup</c>, <c>hold</c>, <c>capture</c> or <c>release</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The amount moved (always positive; the kind says which way).</summary>
    public required decimal AmountUsd { get; init; }

    /// <summary>The job this movement belongs to.</summary>
    public string? JobId { get; init; }

    /// <summary>The top-up this movement belongs to.</summary>
    public string? TopupId { get; init; }

    /// <summary>Operator note of a grant.</summary>
    public string? Note { get; init; }

    /// <summary>Balance after this movement.</summary>
    public required decimal BalanceAfterUsd { get; init; }

    /// <summary>Held credit after this movement.</summary>
    public required decimal HeldAfterUsd { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One page of the ledger, newest first.</summary>
/// <param name="Items">The rows.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; absent on the last.</param>
public sealed record LedgerPage(IReadOnlyList<LedgerEntryView> Items, string? NextCursor);
