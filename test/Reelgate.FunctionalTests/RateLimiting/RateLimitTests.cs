using System.Globalization;
using System.Net;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.RateLimiting;

public sealed class RateLimitTests : IClassFixture<RateLimitedGatewayFixture>
{
    private const string GenerateBody = """{"prompt": "a red fox crossing a snowy field"}""";

    private readonly GatewayFactory _gateway;

    public RateLimitTests(RateLimitedGatewayFixture fixture) => _gateway = fixture.Gateway;

    [Fact]
    public async Task Generate_beyond_the_burst_answers_429_RATE_LIMITED_with_Retry_After_in_whole_seconds()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        await ExhaustGenerateAsync(client);

        var response = await client.PostJsonAsync("/v1/video/generate", GenerateBody);

        var error = await response.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.Contains("generate", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.InRange(RetryAfterSeconds(response), 1, 60);
    }

    [Fact]
    public async Task A_key_of_another_project_is_not_limited_by_an_exhausted_key()
    {
        var exhausted = await _gateway.CreateClientForNewProjectAsync();
        var other = await _gateway.CreateClientForNewProjectAsync();
        await ExhaustGenerateAsync(exhausted);

        var response = await other.PostJsonAsync("/v1/video/generate", GenerateBody);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_second_key_of_the_same_project_has_its_own_bucket()
    {
        var project = "p-" + Guid.NewGuid().ToString("N")[..8];
        var first = _gateway.CreateClient(await _gateway.CreateKeyAsync(project));
        var second = _gateway.CreateClient(await _gateway.CreateKeyAsync(project));
        await ExhaustGenerateAsync(first);

        var response = await second.PostJsonAsync("/v1/video/generate", GenerateBody);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Reads_are_not_blocked_by_an_exhausted_generate_limit()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync(GenerateBody);
        await ExhaustGenerateAsync(client, alreadySent: 1);

        var status = await client.GetAsync($"/v1/video/status/{id}", TestContext.Current.CancellationToken);
        var list = await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken);

        Assert.Equal("queued", (await status.JsonAsync()).GetProperty("state").GetString());
        Assert.Equal(RateLimitedGatewayFixture.GenerateBurst, (await list.JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Reads_beyond_their_burst_answer_429_RATE_LIMITED_without_blocking_generate()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        for (var i = 0; i < RateLimitedGatewayFixture.ReadsBurst; i++)
        {
            var allowed = await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // The bucket refills one read a second; a few more attempts empty it even on a slow machine.
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 10 && rejected is null; i++)
        {
            var response = await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken);
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(rejected);
        var error = await rejected.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.Contains("reads", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(RetryAfterSeconds(rejected) >= 1);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/v1/video/generate", GenerateBody)).StatusCode);
    }

    [Fact]
    public async Task With_rate_limits_disabled_a_large_burst_is_never_rejected()
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Dispatcher:Enabled", "false")
            .With("Reelgate:RateLimits:Enabled", "false")
            .With("Reelgate:RateLimits:GenerateBurst", "1")
            .With("Reelgate:RateLimits:ReadsBurst", "1");
        var client = await gateway.CreateClientForNewProjectAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((await client.PostJsonAsync("/v1/video/generate", GenerateBody)).StatusCode);
            statuses.Add((await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"Unexpected {(int)status}."));
    }

    [Fact]
    public async Task An_empty_bucket_setting_stops_the_host_at_start()
    {
        // A real process: the in-memory test host races its own disposal when start-up fails.
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("RateLimits:GenerateBurst", "0"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains("GenerateBurst", failure.Message, StringComparison.Ordinal);
    }

    private static async Task ExhaustGenerateAsync(HttpClient client, int alreadySent = 0)
    {
        for (var i = alreadySent; i < RateLimitedGatewayFixture.GenerateBurst; i++)
        {
            var response = await client.PostJsonAsync("/v1/video/generate", GenerateBody);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    private static int RetryAfterSeconds(HttpResponseMessage response)
    {
        var value = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds), $"Retry-After is not whole seconds: '{value}'.");
        return seconds;
    }
}
