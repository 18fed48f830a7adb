using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reelgate.Contracts.Account;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Webhooks;

namespace Reelgate.Client;

public sealed partial class ReelgateClient
{
    /// <summary>The project's credit (<c>GET /v1/account/balance</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Balance, held and available credit in USD.</returns>
    public Task<AccountBalanceResponse> GetBalanceAsync(CancellationToken cancellationToken = default)
        => GetJsonAsync("v1/account/balance", ReelgateJsonContext.Default.AccountBalanceResponse, cancellationToken);

    /// <summary>One page of credit movements, newest first (<c>GET /v1/account/ledger</c>).</summary>
    /// <param name="cursor">The previous page's <see cref="LedgerPage.NextCursor"/>, or null for the first page.</param>
    /// <param name="limit">Page size, 1..200; null for the server's default (50).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<LedgerPage> ListLedgerAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
        => GetJsonAsync(WithPaging("v1/account/ledger", cursor, limit), ReelgateJsonContext.Default.LedgerPage, cancellationToken);

    /// <summary>Starts a top-up (<c>POST /v1/account/topup</c>); open the answered checkout URL to pay.</summary>
    /// <param name="amountUsd">How much credit to buy, in USD with at most two decimals.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The top-up with its checkout URL.</returns>
    public Task<TopUpResponse> CreateTopUpAsync(decimal amountUsd, CancellationToken cancellationToken = default)
    {
        var body = new TopUpRequest { AmountUsd = amountUsd };
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "v1/account/topup") { Content = JsonContent.Create(body, ReelgateJsonContext.Default.TopUpRequest) },
            retryable: false,
            ReelgateJsonContext.Default.TopUpResponse,
            cancellationToken);
    }

    /// <summary>Sets, or with null removes, the project's webhook endpoint (<c>PUT /v1/account/webhook</c>).</summary>
    /// <param name="url">An http(s) URL that receives signed <c>video.*</c> events, or null to remove it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint and the signing secret (<c>whsec_…</c>).</returns>
    public Task<WebhookEndpointResponse> SetWebhookAsync(Uri? url, CancellationToken cancellationToken = default)
    {
        // The contract has no request type; {"url": null} must be written explicitly (the context omits nulls).
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (url is null)
            {
                writer.WriteNull("url");
            }
            else
            {
                writer.WriteString("url", url.OriginalString);
            }

            writer.WriteEndObject();
        }

        var json = buffer.ToArray();
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Put, "v1/account/webhook") { Content = Json(json) },
            retryable: true,
            ReelgateJsonContext.Default.WebhookEndpointResponse,
            cancellationToken);
    }

    /// <summary>Replaces the project's webhook signing secret (<c>POST /v1/account/webhook/rotate_secret</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint and the new secret.</returns>
    public Task<WebhookEndpointResponse> RotateWebhookSecretAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "v1/account/webhook/rotate_secret"),
            retryable: false,
            ReelgateJsonContext.Default.WebhookEndpointResponse,
            cancellationToken);

    /// <summary>Webhook deliveries of a job, or one delivery, with every attempt (<c>GET /v1/video/webhook_deliveries/{id}</c>).</summary>
    /// <param name="id">A job id or a delivery id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deliveries, oldest first.</returns>
    public Task<WebhookDeliveryList> ListWebhookDeliveriesAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return GetJsonAsync($"v1/video/webhook_deliveries/{Uri.EscapeDataString(id)}", ReelgateJsonContext.Default.WebhookDeliveryList, cancellationToken);
    }

    private static ByteArrayContent EmptyObject() => Json("{}"u8.ToArray());

    private static ByteArrayContent Json(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
