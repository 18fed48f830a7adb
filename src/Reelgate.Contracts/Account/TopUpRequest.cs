namespace Reelgate.Contracts.Account;

/// <summary>Body of <c>POST /v1/account/topup</c>.</summary>
public sealed record TopUpRequest
{
    /// <summary>How much credit to buy, in USD with at most two decimals.</summary>
    public decimal? AmountUsd { get; init; }
}

/// <summary>Answer of <c>POST /v1/account/topup</c>: open <see cref="CheckoutUrl"/> to pay.</summary>
/// <param name="TopupId">The top-up's id.</param>
/// <param name="CheckoutUrl">Where to pay.</param>
/// <param name="ExpiresAt">When the checkout stops accepting payment.</param>
/// <param name="AmountUsd">The amount to be credited.</param>
/// <param name="State"><c>pending</c>, <c>credited</c> or <c>expired</c>.</param>
public sealed record TopUpResponse(string TopupId, string CheckoutUrl, DateTimeOffset ExpiresAt, decimal AmountUsd, string State);
