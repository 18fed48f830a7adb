using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Webhooks;

public sealed class WebhookTests
{
    private static GatewayFactory FastRetries() => new GatewayFactory()
        .With("Reelgate:Network:AllowPrivateAddresses", "true")
        .With("Reelgate:Webhooks:FirstRetryDelay", "00:00:00.100")
        .With("Reelgate:Webhooks:MaxRetryDelay", "00:00:00.300")
        .With("Reelgate:Webhooks:IdleCheckInterval", "00:00:00.050");

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_on_the_fourth_with_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 3);
        using var gateway = FastRetries();
        var client = await gateway.CreateClientForNewProjectAsync();
        var webhook = await (await client.PutAsync("/v1/account/webhook", Json($$"""{"url": "{{receiver.Url}}"}"""), TestContext.Current.CancellationToken)).JsonAsync();
        var secret = webhook.GetProperty("secret").GetString()!;

        var id = await client.GenerateAsync("""{"prompt": "notify me", "duration_seconds": 1}""");
        await receiver.WaitForAsync(r => !r.Accepted.IsEmpty, TimeSpan.FromSeconds(60));

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(4, receiver.Requests.Count);
        var delivered = receiver.Accepted.Single();
        Assert.Single(receiver.Requests.Select(r => r.Id).Distinct());
        Assert.Equal(Sign(secret, delivered.Id, delivered.Timestamp, delivered.Body), delivered.Signature);
        using var payload = JsonDocument.Parse(delivered.Body);
        Assert.Equal("video.succeeded", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(id, payload.RootElement.GetProperty("data").GetProperty("job_id").GetString());
        Assert.Equal("succeeded", payload.RootElement.GetProperty("data").GetProperty("state").GetString());

        var log = await WaitForDeliveryStateAsync(client, id, "delivered");
        var attempts = log.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(4, attempts.Count);
        Assert.Equal([503, 503, 503, 204], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public async Task A_job_callback_url_gets_the_event_signed_with_the_project_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var gateway = FastRetries();
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync($$"""{"prompt": "call me back", "duration_seconds": 1, "callback_url": "{{receiver.Url}}"}""");
        await receiver.WaitForAsync(r => !r.Accepted.IsEmpty, TimeSpan.FromSeconds(60));
        var secret = (await (await client.PutAsync("/v1/account/webhook", Json("""{"url": null}"""), TestContext.Current.CancellationToken)).JsonAsync()).GetProperty("secret").GetString()!;

        var delivered = receiver.Accepted.Single();
        Assert.Equal(Sign(secret, delivered.Id, delivered.Timestamp, delivered.Body), delivered.Signature);
        Assert.Contains(id, delivered.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_include_running_a_job_sends_running_then_succeeded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var gateway = FastRetries().With("Reelgate:Webhooks:IncludeRunning", "true");
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync($$"""{"prompt": "tell me when it starts", "duration_seconds": 1, "callback_url": "{{receiver.Url}}"}""");
        await receiver.WaitForAsync(r => r.Accepted.Count >= 2, TimeSpan.FromSeconds(60));

        var types = receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(["video.running", "video.succeeded"], types);
        Assert.All(receiver.Accepted, r => Assert.Contains(id, r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_down_for_the_whole_window_leaves_a_visible_failed_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: int.MaxValue);
        using var gateway = FastRetries().With("Reelgate:Webhooks:MaxAge", "00:00:02");
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync($$"""{"prompt": "nobody listens", "duration_seconds": 1, "callback_url": "{{receiver.Url}}"}""");
        var log = await WaitForDeliveryStateAsync(client, id, "failed");

        Assert.Equal("video.succeeded", log.GetProperty("event").GetString());
        Assert.True(log.GetProperty("attempts").GetArrayLength() >= 2);
        Assert.All(log.GetProperty("attempts").EnumerateArray(), a => Assert.Equal(503, a.GetProperty("status_code").GetInt32()));
        Assert.True(log.TryGetProperty("completed_at", out _));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://localhost:9/hook")]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://[::1]:9/hook")]
    public async Task Private_callback_urls_are_refused_unless_allowed(string url)
    {
        using var strict = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        using var lenient = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false").With("Reelgate:Network:AllowPrivateAddresses", "true");
        var strictClient = await strict.CreateClientForNewProjectAsync();
        var lenientClient = await lenient.CreateClientForNewProjectAsync();
        var body = $$"""{"prompt": "ssrf", "callback_url": "{{url}}"}""";

        var refused = await strictClient.PostJsonAsync("/v1/video/generate", body);
        var refusedWebhook = await strictClient.PutAsync("/v1/account/webhook", Json($$"""{"url": "{{url}}"}"""), TestContext.Current.CancellationToken);
        var allowed = await lenientClient.PostJsonAsync("/v1/video/generate", body);

        var error = await refused.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains("callback_url", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await refusedWebhook.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
    }

    [Fact]
    public async Task The_webhook_secret_is_created_once_kept_by_put_and_replaced_by_rotate()
    {
        using var gateway = FastRetries().With("Reelgate:Dispatcher:Enabled", "false");
        var client = await gateway.CreateClientForNewProjectAsync();

        var first = await (await client.PutAsync("/v1/account/webhook", Json("""{"url": "https://example.com/hook"}"""), TestContext.Current.CancellationToken)).JsonAsync();
        var again = await (await client.PutAsync("/v1/account/webhook", Json("""{"url": null}"""), TestContext.Current.CancellationToken)).JsonAsync();
        var rotated = await (await client.PostAsync("/v1/account/webhook/rotate_secret", null, TestContext.Current.CancellationToken)).JsonAsync();
        var missing = await client.PutAsync("/v1/account/webhook", Json("{}"), TestContext.Current.CancellationToken);

        Assert.Equal("https://example.com/hook", first.GetProperty("url").GetString());
        Assert.Equal(first.GetProperty("secret").GetString(), again.GetProperty("secret").GetString());
        Assert.False(again.TryGetProperty("url", out _));
        Assert.NotEqual(first.GetProperty("secret").GetString(), rotated.GetProperty("secret").GetString());
        Assert.Equal(32, Convert.FromBase64String(rotated.GetProperty("secret").GetString()!["whsec_".Length..]).Length);
        await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Deliveries_of_an_unknown_job_answer_404()
    {
        using var gateway = FastRetries().With("Reelgate:Dispatcher:Enabled", "false");
        var client = await gateway.CreateClientForNewProjectAsync();

        var response = await client.GetAsync("/v1/video/webhook_deliveries/vid_01m8905aa9fvcsanasy8hcmwz4", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_gateway_restart_between_attempts_loses_no_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        using var data = new TempDirectory();
        (string, string)[] settings =
        [
            ("Network:AllowPrivateAddresses", "true"),
            ("Webhooks:FirstRetryDelay", "00:00:03"),
            ("Webhooks:AttemptTimeout", "00:00:01"),
            ("Webhooks:IdleCheckInterval", "00:00:00.100"),
        ];
        var first = new GatewayProcess(data.Path, settings);
        await first.StartAsync();
        var key = await first.CreateKeyAsync("restart-hooks");
        using (var client = RestartTests.Client(first, key))
        {
            await client.GenerateAsync($$"""{"prompt": "survive", "duration_seconds": 1, "callback_url": "{{receiver.Url}}"}""");
            await receiver.WaitForAsync(r => r.Requests.Count >= 1, TimeSpan.FromSeconds(60));
        }

        await first.KillAsync();
        await first.DisposeAsync();
        await using var second = new GatewayProcess(data.Path, settings);
        await second.StartAsync();

        await receiver.WaitForAsync(r => !r.Accepted.IsEmpty, TimeSpan.FromSeconds(60));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Id).Distinct());
    }

    private static async Task<JsonElement> WaitForDeliveryStateAsync(HttpClient client, string jobId, string state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var log = await (await client.GetAsync($"/v1/video/webhook_deliveries/{jobId}", TestContext.Current.CancellationToken)).JsonAsync();
            var items = log.GetProperty("items");
            if (items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == state)
            {
                return items[0];
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"delivery not {state}: {log}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The Standard Webhooks signature, computed independently of the gateway's code.</summary>
    private static string Sign(string secret, string id, string timestamp, string body)
        => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
}
