namespace Reelgate.Contracts.Account;

/// <summary>Answer of <c>GET /v1/account/balance</c>.</summary>
/// <param name="BalanceUsd">Credit on the account.</param>
/// <param name="HeldUsd">Credit held by jobs that have not finished.</param>
/// <param name="AvailableUsd">What new jobs may use: balance minus held.</param>
public sealed record AccountBalanceResponse(decimal BalanceUsd, decimal HeldUsd, decimal AvailableUsd);
