using Reelgate.Core.Billing;

namespace Reelgate.Storage;

/// <summary>SQL fragments and row shapes of <c>accounts</c>, <c>ledger</c> and <c>topups</c>, common to every dialect.</summary>
internal static class LedgerRows
{
    public const string TopUpColumns = """
        id AS Id, project_id AS ProjectId, amount_micros AS AmountMicros, provider AS Provider, provider_ref AS ProviderRef,
        checkout_url AS CheckoutUrl, state AS State, created_at AS CreatedAt, expires_at AS ExpiresAt, credited_at AS CreditedAt
        """;

    public const string LedgerPage = """
        SELECT id AS Id, project_id AS ProjectId, kind AS Kind, amount_micros AS AmountMicros, job_id AS JobId, topup_id AS TopUpId,
               note AS Note, balance_after AS BalanceAfter, held_after AS HeldAfter, created_at AS CreatedAt
        FROM ledger WHERE project_id = @projectId AND (@beforeId IS NULL OR id < @beforeId)
        ORDER BY id DESC LIMIT @limit
        """;

    public const string InsertTopUp = """
        INSERT INTO topups (id, project_id, amount_micros, provider, provider_ref, checkout_url, state, created_at, expires_at)
        VALUES (@Id, @ProjectId, @AmountMicros, @Provider, @ProviderRef, @CheckoutUrl, @State, @createdAt, @expiresAt)
        """;

    /// <summary>How a movement changes the running totals: (balance, held).</summary>
    public static (long Balance, long Held) Deltas(LedgerKind kind, long amountMicros) => kind switch
    {
        LedgerKind.Grant or LedgerKind.TopUp => (amountMicros, 0L),
        LedgerKind.Hold => (0L, amountMicros),
        LedgerKind.Capture => (-amountMicros, -amountMicros),
        _ => (0L, -amountMicros),
    };

    public static object TopUpParameters(TopUp topUp) => new
    {
        topUp.Id,
        topUp.ProjectId,
        topUp.AmountMicros,
        topUp.Provider,
        topUp.ProviderRef,
        topUp.CheckoutUrl,
        State = (int)topUp.State,
        createdAt = topUp.CreatedAt.ToUnixTimeMilliseconds(),
        expiresAt = topUp.ExpiresAt.ToUnixTimeMilliseconds(),
    };

    public static CreditTopUpOutcome OutcomeOf(long? state) => state switch
    {
        null => CreditTopUpOutcome.NotFound,
        (long)TopUpState.Credited => CreditTopUpOutcome.AlreadyCredited,
        _ => CreditTopUpOutcome.Expired,
    };

    public sealed class BalanceRow
    {
        public long Balance { get; set; }
        public long Held { get; set; }
    }

    public sealed class LedgerRow
    {
        public long Id { get; set; }
        public string ProjectId { get; set; } = "";
        public long Kind { get; set; }
        public long AmountMicros { get; set; }
        public string? JobId { get; set; }
        public string? TopUpId { get; set; }
        public string? Note { get; set; }
        public long BalanceAfter { get; set; }
        public long HeldAfter { get; set; }
        public long CreatedAt { get; set; }

        public LedgerEntry ToEntry() => new(
            Id, ProjectId, (LedgerKind)Kind, AmountMicros, JobId, TopUpId, Note, BalanceAfter, HeldAfter, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    public sealed class TopUpRow
    {
        public string Id { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public long AmountMicros { get; set; }
        public string Provider { get; set; } = "";
        public string? ProviderRef { get; set; }
        public string? CheckoutUrl { get; set; }
        public long State { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }
        public long? CreditedAt { get; set; }

        public TopUp ToTopUp() => new()
        {
            Id = Id,
            ProjectId = ProjectId,
            AmountMicros = AmountMicros,
            Provider = Provider,
            ProviderRef = ProviderRef,
            CheckoutUrl = CheckoutUrl,
            State = (TopUpState)State,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt),
            CreditedAt = CreditedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        };
    }
}
