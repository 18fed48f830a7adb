namespace Reelgate.Core.Billing;

/// <summary>Kinds of credit movement. Persisted values: append only.</summary>
public enum LedgerKind
{
    Grant = 0,
    TopUp = 1,
    Hold = 2,
    Capture = 3,
    Release = 4,
}

/// <summary>One append-only ledger row; amounts are positive micro-USD.</summary>
public sealed record LedgerEntry(
    long Id,
    string ProjectId,
    LedgerKind Kind,
    long AmountMicros,
    string? JobId,
    string? TopUpId,
    string? Note,
    long BalanceAfterMicros,
    long HeldAfterMicros,
    DateTimeOffset CreatedAt);

/// <summary>A project's credit: what it has, what running jobs hold, and what is left to spend.</summary>
public sealed record AccountBalance(long BalanceMicros, long HeldMicros)
{
    public long AvailableMicros => BalanceMicros - HeldMicros;
}
