using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Payments;

/// <summary>
/// A loopback stand-in for Stripe's API: a real Kestrel server that speaks Stripe's wire contract for
/// <c>POST /v1/checkout/sessions</c> (form-encoded body, bearer secret key, <c>Idempotency-Key</c>, JSON
/// objects and error envelopes), records what it received, and can be told to fail.
/// </summary>
internal sealed class StripeStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly ConcurrentDictionary<string, string> _byIdempotencyKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new(StringComparer.Ordinal);
    private int _failuresLeft;

    private StripeStub(WebApplication app, string secretKey)
    {
        _app = app;
        SecretKey = secretKey;
    }

    public string SecretKey { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The requests received, oldest first (failed ones included).</summary>
    public IReadOnlyList<Request> Requests => [.. _requests];

    public static async Task<StripeStub> StartAsync(string secretKey)
    {
        var app = LoopbackHost.Create();
        var stub = new StripeStub(app, secretKey);
        app.MapPost("/v1/checkout/sessions", stub.CreateSessionAsync);
        app.MapFallback((HttpContext context) => StripeError(context, 404, "invalid_request_error", $"Unrecognized request URL ({context.Request.Method}: {context.Request.Path})."));
        stub.BaseUrl = new Uri(await LoopbackHost.StartAsync(app));
        return stub;
    }

    /// <summary>The next <paramref name="count"/> creates answer 500 with Stripe's <c>api_error</c> envelope.</summary>
    public void FailNext(int count = int.MaxValue) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>The session as Stripe holds it once the payer has paid (for building webhooks).</summary>
    public JsonObject PaidSession(string sessionId)
    {
        var session = (JsonObject)_sessions[sessionId].DeepClone();
        session["payment_status"] = "paid";
        session["status"] = "complete";
        session["payment_intent"] = "pi_test_" + RandomHex(12);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task CreateSessionAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        _requests.Enqueue(new Request(
            context.Request.Headers.Authorization.ToString(),
            idempotencyKey,
            context.Request.ContentType ?? string.Empty,
            fields));

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + SecretKey)
        {
            await StripeError(context, 401, "invalid_request_error", "Invalid API Key provided.");
            return;
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            await StripeError(context, 500, "api_error", "An unknown error occurred (stub).");
            return;
        }

        Interlocked.Exchange(ref _failuresLeft, 0);

        // Stripe answers a repeated idempotency key with the first answer instead of acting twice.
        if (idempotencyKey.Length > 0 && _byIdempotencyKey.TryGetValue(idempotencyKey, out var replay))
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            await Json(context, 200, replay);
            return;
        }

        var json = CreateSession(fields).ToJsonString();
        if (idempotencyKey.Length > 0)
        {
            json = _byIdempotencyKey.GetOrAdd(idempotencyKey, json);
        }

        await Json(context, 200, json);
    }

    private JsonObject CreateSession(Dictionary<string, string> fields)
    {
        var id = "cs_test_" + RandomHex(24);
        var unitAmount = long.Parse(fields["line_items[0][price_data][unit_amount]"], CultureInfo.InvariantCulture);
        var quantity = long.Parse(fields.GetValueOrDefault("line_items[0][quantity]", "1"), CultureInfo.InvariantCulture);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var metadata = new JsonObject();
        foreach (var (key, value) in fields.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[key["metadata[".Length..^1]] = value;
        }

        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_subtotal"] = unitAmount * quantity,
            ["amount_total"] = unitAmount * quantity,
            ["cancel_url"] = fields.GetValueOrDefault("cancel_url"),
            ["client_reference_id"] = fields.GetValueOrDefault("client_reference_id"),
            ["created"] = now,
            ["currency"] = fields["line_items[0][price_data][currency]"],
            ["expires_at"] = fields.TryGetValue("expires_at", out var expires) ? long.Parse(expires, CultureInfo.InvariantCulture) : now + 86_400,
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["mode"] = fields["mode"],
            ["payment_intent"] = null,
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["success_url"] = fields.GetValueOrDefault("success_url"),
            ["url"] = "https://checkout.stripe.com/c/pay/" + id,
        };
        _sessions[id] = session;
        return session;
    }

    private static Task StripeError(HttpContext context, int status, string type, string message)
        => Json(context, status, new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }.ToJsonString());

    private static async Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = "req_stub_" + RandomHex(8);
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>One received create: headers that matter and the decoded form fields.</summary>
    public sealed record Request(string Authorization, string IdempotencyKey, string ContentType, IReadOnlyDictionary<string, string> Form);
}
