using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Webhooks;

/// <summary>A webhook receiver on loopback (a real Kestrel) that fails its first N deliveries.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public ConcurrentQueue<Received> Accepted { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var app = LoopbackHost.Create();
        var receiver = new WebhookReceiver(app, failFirst);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new Received(
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(),
                await reader.ReadToEndAsync(context.RequestAborted));
            receiver.Requests.Enqueue(received);
            if (Interlocked.Decrement(ref receiver._failuresLeft) >= 0)
            {
                return Results.StatusCode(503);
            }

            receiver.Accepted.Enqueue(received);
            return Results.NoContent();
        });
        receiver.Url = await LoopbackHost.StartAsync(app) + "/hook";
        return receiver;
    }

    public async Task WaitForAsync(Func<WebhookReceiver, bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition(this))
        {
            Assert.True(clock.Elapsed < timeout, $"The receiver saw {Requests.Count} requests ({Accepted.Count} accepted) within {timeout}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal sealed record Received(string Id, string Timestamp, string Signature, string Body);
}
