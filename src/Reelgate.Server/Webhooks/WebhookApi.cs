using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reelgate.Contracts.Webhooks;
using Reelgate.Core.Webhooks;
using Reelgate.Server.Auth;
using Reelgate.Server.Docs;
using Reelgate.Server.Endpoints;
using Reelgate.Server.Errors;
using Reelgate.Server.Hosting;
using Reelgate.Server.Network;

namespace Reelgate.Server.Webhooks;

/// <summary>The project's webhook endpoint and secret, and the delivery log (DESIGN §5, §7).</summary>
internal static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/v1/account/webhook").RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName).WithTags("Webhooks");
        account.MapPut(string.Empty, SetAsync).WithName("SetWebhook").WithSummary("Set (or with null remove) the project's webhook URL; answers the signing secret.")
            .ProducesReelgateErrors(400, 413)
            .AddOpenApiOperationTransformer(OperationDocs.WebhookUrlBodyAsync);
        account.MapPost("/rotate_secret", RotateAsync).WithName("RotateWebhookSecret").WithSummary("Replace the signing secret.");
        endpoints.MapGet("/v1/video/webhook_deliveries/{id}", DeliveriesAsync)
            .RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName)
            .WithTags("Webhooks").WithName("ListWebhookDeliveries").WithSummary("Deliveries of a job (or one delivery) with every attempt.")
            .DescribesParameter("id", "A job id (`vid_…`), or one delivery's id.");
        return endpoints;
    }

    internal static async Task<Results<Ok<WebhookEndpointResponse>, ApiError>> SetAsync(HttpContext context, IWebhookStore store, OutboundAddressPolicy policy, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, WireJson.Context.DictionaryStringJsonElement, required: true, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (!body!.TryGetValue("url", out var urlElement) || urlElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return ApiError.Invalid("'url' is required: an https URL, or null to remove the webhook.");
        }

        string? url = null;
        if (urlElement.ValueKind == JsonValueKind.String)
        {
            url = urlElement.GetString()!;
            if (await CheckUrlAsync("url", url, policy, cancellationToken) is { } invalid)
            {
                return invalid;
            }
        }

        var webhook = await store.SetProjectWebhookAsync(context.User.ProjectId(), url, cancellationToken);
        return TypedResults.Ok(new WebhookEndpointResponse(webhook.Url, webhook.Secret!));
    }

    internal static async Task<Ok<WebhookEndpointResponse>> RotateAsync(HttpContext context, IWebhookStore store, CancellationToken cancellationToken)
    {
        var webhook = await store.RotateSecretAsync(context.User.ProjectId(), cancellationToken);
        return TypedResults.Ok(new WebhookEndpointResponse(webhook.Url, webhook.Secret!));
    }

    internal static async Task<Results<Ok<WebhookDeliveryList>, ApiError>> DeliveriesAsync(string id, HttpContext context, IWebhookStore store, Core.Ports.IJobStore jobs, CancellationToken cancellationToken)
    {
        var project = context.User.ProjectId();
        var deliveries = await store.ListDeliveriesAsync(project, id, cancellationToken);
        if (deliveries.Count == 0 && await jobs.GetJobAsync(project, id, cancellationToken) is null)
        {
            return ApiError.NotFound($"No video job or webhook delivery '{id}' in this project.");
        }

        return TypedResults.Ok(new WebhookDeliveryList([.. deliveries.Select(d => new WebhookDeliveryView
        {
            Id = d.Id,
            JobId = d.JobId,
            Event = d.Event,
            Url = d.Url,
            State = d.State switch
            {
                DeliveryOutcome.Delivered => "delivered",
                DeliveryOutcome.Failed => "failed",
                _ => "pending",
            },
            CreatedAt = d.CreatedAt,
            NextAttemptAt = d.NextAttemptAt,
            CompletedAt = d.CompletedAt,
            Attempts = [.. d.Attempts.Select(a => new WebhookAttemptView(a.Number, a.StartedAt, (long)a.Duration.TotalMilliseconds, a.StatusCode, a.Error))],
        })]));
    }

    /// <summary>The same rule for a project webhook and a job's callback_url: absolute http(s), not private (SSRF).</summary>
    internal static async Task<ApiError?> CheckUrlAsync(string field, string url, OutboundAddressPolicy policy, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || url.Length > 2048)
        {
            return ApiError.Invalid($"'{field}' must be an absolute http(s) URL of at most 2048 characters.");
        }

        return await policy.CheckAsync(uri, cancellationToken) is { } reason
            ? ApiError.Invalid($"'{field}' is not allowed: {reason}.")
            : null;
    }
}
