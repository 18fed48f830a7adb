namespace Reelgate.Core.Billing;

/// <summary>State of a top-up. Persisted values: append only.</summary>
public enum TopUpState
{
    Pending = 0,
    Credited = 1,
    Expired = 2,
}

/// <summary>A request to add credit, paid through a payments provider.</summary>
public sealed record TopUp
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required long AmountMicros { get; init; }
    public required string Provider { get; init; }
    public string? ProviderRef { get; init; }
    public string? CheckoutUrl { get; init; }
    public required TopUpState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? CreditedAt { get; init; }
}

public enum CreditTopUpOutcome
{
    NotFound,
    Credited,
    AlreadyCredited,
    Expired,
}
