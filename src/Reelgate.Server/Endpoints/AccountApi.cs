using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Reelgate.Contracts.Account;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Server.Auth;
using Reelgate.Server.Docs;
using Reelgate.Server.Errors;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Endpoints;

/// <summary><c>/v1/account</c>: prepaid credit, its ledger, and top-ups.</summary>
internal static class AccountApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/account").WithTags("Account");
        var authorized = group.MapGroup(string.Empty).RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName);
        authorized.MapGet("/balance", BalanceAsync).WithName("GetBalance").WithSummary("Balance, held and available credit.");
        authorized.MapGet("/ledger", LedgerAsync).WithName("ListLedger").WithSummary("Credit movements, newest first, by cursor.")
            .DescribesInteger("limit", $"Page size (default {DefaultPageSize}).", 1, MaxPageSize)
            .DescribesParameter("cursor", "The `next_cursor` of the previous page, unchanged.");
        authorized.MapPost("/topup", TopUpAsync).WithName("CreateTopUp").WithSummary("Start a top-up; open the answered checkout_url to pay.")
            .AcceptsJsonBody<TopUpRequest>(requiredFields: ["amount_usd"], example: """{"amount_usd": 20}""")
            .ProducesReelgateErrors(503);

        // Opened in a browser from checkout_url: the unguessable top-up id is the capability.
        group.MapGet("/topup/{id}/checkout", CheckoutPageAsync).WithName("TopUpCheckoutPage").ExcludeFromDescription();
        return group;
    }

    internal static async Task<Ok<AccountBalanceResponse>> BalanceAsync(HttpContext context, BillingService billing, CancellationToken cancellationToken)
    {
        var balance = await billing.GetBalanceAsync(context.User.ProjectId(), cancellationToken);
        return TypedResults.Ok(new AccountBalanceResponse(Money.ToUsd(balance.BalanceMicros), Money.ToUsd(balance.HeldMicros), Money.ToUsd(balance.AvailableMicros)));
    }

    internal static async Task<Results<Ok<LedgerPage>, ApiError>> LedgerAsync(string? cursor, string? limit, HttpContext context, BillingService billing, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return ApiError.Invalid($"'limit' must be a whole number from 1 to {MaxPageSize}.");
        }

        long? before = null;
        if (cursor is not null)
        {
            if (!TryDecodeCursor(cursor, out var id))
            {
                return ApiError.Invalid("'cursor' is malformed; pass the next_cursor of the previous page unchanged.");
            }

            before = id;
        }

        var rows = await billing.ListLedgerAsync(context.User.ProjectId(), before, pageSize + 1, cancellationToken);
        var items = rows.Take(pageSize).Select(View).ToList();
        var next = rows.Count > pageSize ? EncodeCursor(items[^1].Id) : null;
        return TypedResults.Ok(new LedgerPage(items, next));
    }

    internal static async Task<Results<Ok<TopUpResponse>, ApiError>> TopUpAsync(HttpContext context, BillingService billing, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, WireJson.Context.TopUpRequest, required: true, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body!.AmountUsd is not { } amount)
        {
            return ApiError.Invalid("'amount_usd' is required, e.g. {\"amount_usd\": 20}.");
        }

        var baseUrl = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
        var created = await billing.CreateTopUpAsync(context.User.ProjectId(), amount, baseUrl, cancellationToken);
        if (created.Error is { } error)
        {
            return ApiError.From(error);
        }

        return TypedResults.Ok(Response(created.Value!));
    }

    internal static async Task<Results<ContentHttpResult, ApiError>> CheckoutPageAsync(string id, BillingService billing, CancellationToken cancellationToken)
    {
        var topUp = id.StartsWith("topup_", StringComparison.Ordinal) ? await billing.GetTopUpAsync(id, cancellationToken) : null;
        if (topUp is null || topUp.Provider != ManualPaymentProvider.ProviderName)
        {
            return ApiError.NotFound("No such top-up.");
        }

        var amount = Money.ToUsd(topUp.AmountMicros).ToString("0.00", CultureInfo.InvariantCulture);
        var state = State(topUp.State);
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reelgate top-up</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:.1rem .3rem}</style></head><body>")
            .Append("<h1>Top-up of $").Append(amount).Append("</h1>")
            .Append("<p>State: <strong id=\"state\">").Append(state).Append("</strong></p>")
            .Append("<p>Top-up <code>").Append(WebUtility.HtmlEncode(topUp.Id)).Append("</code> is credited once the gateway's operator confirms the payment:</p>")
            .Append("<pre><code>admin confirm-topup --topup ").Append(WebUtility.HtmlEncode(topUp.Id)).Append("</code></pre>")
            .Append("<p>Payable until ").Append(topUp.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(".</p>")
            .Append("</body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    internal static TopUpResponse Response(TopUp topUp)
        => new(topUp.Id, topUp.CheckoutUrl ?? string.Empty, topUp.ExpiresAt, Money.ToUsd(topUp.AmountMicros), State(topUp.State));

    private static string State(TopUpState state) => state switch
    {
        TopUpState.Credited => "credited",
        TopUpState.Expired => "expired",
        _ => "pending",
    };

    private static LedgerEntryView View(LedgerEntry entry) => new()
    {
        Id = entry.Id,
        Kind = entry.Kind switch
        {
            LedgerKind.Grant => "grant",
            LedgerKind.TopUp => "topup",
            LedgerKind.Hold => "hold",
            LedgerKind.Capture => "capture",
            _ => "release",
        },
        AmountUsd = Money.ToUsd(entry.AmountMicros),
        JobId = entry.JobId,
        TopupId = entry.TopUpId,
        Note = entry.Note,
        BalanceAfterUsd = Money.ToUsd(entry.BalanceAfterMicros),
        HeldAfterUsd = Money.ToUsd(entry.HeldAfterMicros),
        CreatedAt = entry.CreatedAt,
    };

    private static string EncodeCursor(long id) => "l" + id.ToString(CultureInfo.InvariantCulture);

    private static bool TryDecodeCursor(string cursor, out long id)
    {
        id = 0;
        return cursor.StartsWith('l') && long.TryParse(cursor.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }
}
