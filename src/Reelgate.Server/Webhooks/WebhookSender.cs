using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;
using Reelgate.Server.Endpoints;
using Reelgate.Server.Files;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Webhooks;

/// <summary>
/// Sends the webhook outbox: claims due deliveries under a lease, posts the signed event, and
/// records every attempt. Failures back off exponentially (with jitter) until the delivery's
/// give-up time; the dispatcher never waits for any of this.
/// </summary>
internal sealed partial class WebhookSender(
    IWebhookStore store,
    IJobStore jobs,
    JobViews views,
    IOptions<FileSigningOptions> files,
    IServer server,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    ReelgateMetrics metrics,
    TimeProvider time,
    ILogger<WebhookSender> log) : BackgroundService
{
    private const int BatchSize = 16;
    private const int MaxErrorLength = 500;
    private readonly string _owner = "webhooks/" + Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                var now = time.GetUtcNow();
                var due = await store.ClaimDueAsync(_owner, BatchSize, now, now + settings.AttemptTimeout * 3, stoppingToken);
                await Task.WhenAll(due.Select(d => SendAsync(d, stoppingToken)));
                sent = due.Count;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.SendLoopFailed(log, ex);
            }

            if (sent < BatchSize)
            {
                try
                {
                    await Task.Delay(settings.IdleCheckInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var attemptNumber = delivery.Attempts + 1;
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        var job = await jobs.FindJobAsync(delivery.JobId, stoppingToken);
        if (job is null)
        {
            error = "The job was deleted before the event could be delivered.";
        }
        else
        {
            try
            {
                var body = JsonSerializer.Serialize(new WebhookPayload(delivery.Event, started, await views.DetailsAsync(job, BaseUrl(), stoppingToken)), WebhookJsonContext.Default.WebhookPayload);
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                var timestamp = started.ToUnixTimeSeconds();
                request.Headers.TryAddWithoutValidation("webhook-id", delivery.Id);
                request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhooks.Sign(delivery.Secret, delivery.Id, timestamp, body));
                request.Headers.UserAgent.ParseAdd("Reelgate-Webhooks/1.0");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(options.Value.AttemptTimeout);
                using var response = await httpClients.CreateClient(IOutboundUrlPolicy.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    error = $"The receiver answered {status}.";
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                error = $"No answer within {options.Value.AttemptTimeout.TotalSeconds:0.#} s.";
            }
            catch (HttpRequestException ex)
            {
                error = ex.Message;
            }
        }

        var attempt = new WebhookAttempt(attemptNumber, started, clock.Elapsed, status, error is null ? null : error[..Math.Min(error.Length, MaxErrorLength)]);
        var (outcome, next) = Decide(delivery, attemptNumber, error is null, job is null);
        await store.RecordAttemptAsync(delivery.Id, _owner, attempt, outcome, next, CancellationToken.None);
        metrics.WebhookAttempt(outcome switch
        {
            DeliveryOutcome.Delivered => "delivered",
            DeliveryOutcome.Failed => "failed",
            _ => "retrying",
        });
        if (outcome == DeliveryOutcome.Failed)
        {
            Log.GaveUp(log, delivery.Id, delivery.Event, attemptNumber);
        }
    }

    private (DeliveryOutcome Outcome, DateTimeOffset? Next) Decide(WebhookDelivery delivery, int attemptNumber, bool delivered, bool jobGone)
    {
        if (delivered)
        {
            return (DeliveryOutcome.Delivered, null);
        }

        if (jobGone)
        {
            return (DeliveryOutcome.Failed, null);
        }

        // Exponential backoff with ±20% jitter, so many receivers that fail together do not retry together.
        var settings = options.Value;
        var exponent = Math.Min(attemptNumber - 1, 30);
        var delay = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks * (1L << Math.Min(exponent, 20))));
        delay *= 0.8 + (Random.Shared.NextDouble() * 0.4);
        var next = time.GetUtcNow() + delay;
        return next > delivery.GiveUpAt ? (DeliveryOutcome.Failed, null) : (DeliveryOutcome.Pending, next);
    }

    private string BaseUrl()
    {
        if (files.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        return address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    private static partial class Log
    {
        [LoggerMessage(1600, LogLevel.Error, "Webhook send loop failed; retrying")]
        public static partial void SendLoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(1601, LogLevel.Warning, "Gave up delivering webhook {DeliveryId} ({Event}) after {Attempts} attempts")]
        public static partial void GaveUp(ILogger logger, string deliveryId, string @event, int attempts);
    }
}
