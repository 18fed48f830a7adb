using System.Net;
using System.Text;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Video;

public sealed class IdempotencyTests : IClassFixture<ApiOnlyGatewayFixture>
{
    private readonly GatewayFactory _gateway;

    public IdempotencyTests(ApiOnlyGatewayFixture fixture) => _gateway = fixture.Gateway;

    [Fact]
    public async Task Twenty_parallel_generates_with_one_key_create_exactly_one_job()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        const string Body = """{"prompt": "one job only", "idempotency_key": "parallel-1"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostJsonAsync("/v1/video/generate", Body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync(HttpStatusCode.Accepted)).GetProperty("job_id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(19, responses.Count(r => r.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true"));
        var list = await (await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_same_key_with_another_body_answers_422()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        await client.GenerateAsync("""{"prompt": "first", "idempotency_key": "k-422"}""");

        var response = await client.PostJsonAsync("/v1/video/generate", """{"prompt": "second", "idempotency_key": "k-422"}""");

        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task The_header_key_and_an_equivalent_body_replay_the_same_job()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/video/generate") { Content = new StringContent("""{"prompt": "hdr", "aspect_ratio": "16:9"}""", Encoding.UTF8, "application/json") };
        first.Headers.Add("Idempotency-Key", "hdr-1");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/v1/video/generate") { Content = new StringContent("""{"aspect": "16:9", "duration_seconds": 5, "prompt": "hdr"}""", Encoding.UTF8, "application/json") };
        second.Headers.Add("Idempotency-Key", "hdr-1");

        var a = await (await client.SendAsync(first, TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.Accepted);
        var replay = await client.SendAsync(second, TestContext.Current.CancellationToken);
        var b = await replay.JsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(a.GetProperty("job_id").GetString(), b.GetProperty("job_id").GetString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task A_header_key_that_differs_from_the_body_key_answers_400()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/video/generate") { Content = new StringContent("""{"prompt": "x", "idempotency_key": "a"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "b");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_project()
    {
        var one = await _gateway.CreateClientForNewProjectAsync();
        var two = await _gateway.CreateClientForNewProjectAsync();

        var a = await one.GenerateAsync("""{"prompt": "same", "idempotency_key": "shared"}""");
        var b = await two.GenerateAsync("""{"prompt": "other", "idempotency_key": "shared"}""");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Set_retention_with_a_key_replays_and_refuses_another_body()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "ret"}""");

        var first = await (await client.PostJsonAsync($"/v1/video/set_retention/{id}", """{"days": 7, "idempotency_key": "r1"}""")).JsonAsync();
        var replay = await client.PostJsonAsync($"/v1/video/set_retention/{id}", """{"days": 7, "idempotency_key": "r1"}""");
        var again = await replay.JsonAsync();
        var conflict = await client.PostJsonAsync($"/v1/video/set_retention/{id}", """{"days": 8, "idempotency_key": "r1"}""");

        Assert.Equal(first.GetProperty("expires_at").GetString(), again.GetProperty("expires_at").GetString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await conflict.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(7, (await client.GetJobAsync(id)).GetProperty("retention_days").GetInt32());
    }

    [Fact]
    public async Task Delete_with_a_key_replays_and_refuses_another_job()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var one = await client.GenerateAsync("""{"prompt": "d1"}""");
        var two = await client.GenerateAsync("""{"prompt": "d2"}""");

        var first = await client.DeleteAsync($"/v1/video/delete/{one}?idempotency_key=del-1", TestContext.Current.CancellationToken);
        var replay = await client.DeleteAsync($"/v1/video/delete/{one}?idempotency_key=del-1", TestContext.Current.CancellationToken);
        var conflict = await client.DeleteAsync($"/v1/video/delete/{two}?idempotency_key=del-1", TestContext.Current.CancellationToken);

        Assert.True((await first.JsonAsync()).GetProperty("ok").GetBoolean());
        Assert.True((await replay.JsonAsync()).GetProperty("ok").GetBoolean());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await conflict.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal("queued", (await client.GetJobAsync(two)).GetProperty("state").GetString());
    }
}
