using System.Net;
using System.Text;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Video;

/// <summary>Bad input gets a clear envelope with the right status, never a 500 and never a side effect.</summary>
public sealed class ValidationTests : IClassFixture<ApiOnlyGatewayFixture>
{
    private readonly GatewayFactory _gateway;

    public ValidationTests(ApiOnlyGatewayFixture fixture) => _gateway = fixture.Gateway;

    [Theory]
    [InlineData("""{"prompt": 42}""", "prompt")]
    [InlineData("""{"prompt": "x", "duration_seconds": "5"}""", "duration_seconds")]
    [InlineData("""{"prompt": "x", "duration_seconds": -5}""", "duration_seconds")]
    [InlineData("""{"prompt": "x", "duration_seconds": 0}""", "duration_seconds")]
    [InlineData("""{"prompt": "x", "duration_seconds": 2.5}""", "duration_seconds")]
    [InlineData("""{"prompt": "x", "duration_seconds": 1e12}""", "duration_seconds")]
    [InlineData("""{"prompt": "x", "aspect": "4:3"}""", "aspect")]
    [InlineData("""{"prompt": "x", "aspect_ratio": "wide"}""", "aspect_ratio")]
    [InlineData("""{"prompt": "x", "aspect": "16:9", "aspect_ratio": "9:16"}""", "aspect_ratio")]
    [InlineData("""{"prompt": "x", "resolution": "8k"}""", "resolution")]
    [InlineData("""{"prompt": "x", "resolution": 720}""", "resolution")]
    [InlineData("""{"prompt": "x", "prefer": "fastest"}""", "prefer")]
    [InlineData("""{"prompt": ""}""", "prompt")]
    [InlineData("""{"prompt": "    "}""", "prompt")]
    [InlineData("""{}""", "prompt")]
    [InlineData("""{"prompt": "x", "reference_image_url": "not a url"}""", "reference_image_url")]
    [InlineData("""{"prompt": "x", "callback_url": "ftp://example.com/hook"}""", "callback_url")]
    [InlineData("""{"prompt": "x", "metadata": {"a": 1}}""", "metadata")]
    [InlineData("""{"prompt": "x", "idempotency_key": ""}""", "idempotency")]
    [InlineData("""{"prompt": "x",""", "JSON")]
    [InlineData("""[1, 2, 3]""", "JSON")]
    [InlineData("""null""", "body")]
    [InlineData("""not json at all""", "JSON")]
    public async Task Generate_with_bad_input_answers_400_naming_the_problem(string body, string mentioned)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/video/generate", body);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains(mentioned, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        await AssertNoJobsAsync(client);
    }

    [Fact]
    public async Task Generate_with_a_10000_character_prompt_is_refused_and_4000_is_accepted()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var tooLong = await client.PostJsonAsync("/v1/video/generate", $$"""{"prompt": "{{new string('a', 10_000)}}"}""");
        var justRight = await client.PostJsonAsync("/v1/video/generate", $$"""{"prompt": "{{new string('b', 4000)}}", "duration_seconds": 1}""");

        var error = await tooLong.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains("4000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, justRight.StatusCode);
    }

    [Fact]
    public async Task Generate_with_a_body_over_the_limit_answers_413()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/video/generate", "{\"prompt\": \"x\", \"metadata\": {\"k\": \"" + new string('z', 200_000) + "\"}}");

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Theory]
    [InlineData("""{"prompt": "x", "duration_seconds": 30}""", "1-20 s")]
    [InlineData("""{"prompt": "x", "reference_image_url": "https://example.com/cat.png"}""", "reference image")]
    [InlineData("""{"prompt": "x", "vendor": "runway"}""", "local/local-procedural-v1")]
    [InlineData("""{"prompt": "x", "model": "veo-3"}""", "local/local-procedural-v1")]
    public async Task Generate_that_no_enabled_model_supports_answers_422_naming_what_is_supported(string body, string named)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/video/generate", body);

        var error = await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "UNSUPPORTED");
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNoJobsAsync(client);
    }

    [Fact]
    public async Task Generate_pinned_to_the_local_vendor_and_model_is_accepted()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/video/generate", """{"prompt": "x", "vendor": "LOCAL", "model": "local-procedural-v1", "prefer": "smartest"}""");

        var job = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("queued", job.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"ten\"")]
    [InlineData("null")]
    public async Task Set_retention_outside_1_to_90_whole_days_answers_400(string days)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "retention"}""");

        var response = await client.PostJsonAsync($"/v1/video/set_retention/{id}", $$"""{"job_id": "{{id}}", "days": {{days}}}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Equal(30, (await client.GetJobAsync(id)).GetProperty("retention_days").GetInt32());
    }

    [Fact]
    public async Task Set_retention_with_another_job_id_in_the_body_answers_400()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "retention"}""");

        var response = await client.PostJsonAsync($"/v1/video/set_retention/{id}", """{"job_id": "vid_other", "days": 7}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Set_retention_within_bounds_moves_expiry_and_answers_the_contract_shape()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "retention"}""");

        var answer = await (await client.PostJsonAsync($"/v1/video/set_retention/{id}", $$"""{"job_id": "{{id}}", "days": 90}""")).JsonAsync();

        Assert.Equal(id, answer.GetProperty("job_id").GetString());
        Assert.Equal(90, answer.GetProperty("retention_days").GetInt32());
        var expiresAt = answer.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, TimeProvider.System.GetUtcNow().AddDays(89.9), TimeProvider.System.GetUtcNow().AddDays(90.1));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=abc")]
    [InlineData("limit=-3")]
    [InlineData("cursor=garbage")]
    [InlineData("cursor=a")]
    [InlineData("cursor=%3D%3D%3D%3D")]
    [InlineData("cursor=%25%25%25")]
    [InlineData("cursor=dGhpcyBpcyBub3QgYSBjdXJzb3IgYXQgYWxsIGFuZCBpdCBpcyBmYXIgdG9vIGxvbmcgdG8gYmUgb25lIQ")]
    [InlineData("cursor=djE6dmlkX25vcGU")]
    [InlineData("cursor=")]
    public async Task List_with_a_bad_limit_or_cursor_answers_400(string query)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.GetAsync($"/v1/video/list?{query}", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
    }

    [Theory]
    [InlineData("expires_in=59")]
    [InlineData("expires_in=604801")]
    [InlineData("expires_in=soon")]
    public async Task Download_url_with_a_bad_expiry_answers_400(string query)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "expiry"}""");

        var response = await client.GetAsync($"/v1/video/download_url/{id}?{query}", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Download_url_of_a_job_without_a_video_yet_answers_400_saying_why()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "not yet"}""");

        var response = await client.GetAsync($"/v1/video/download_url/{id}", TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains("queued", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_with_another_job_id_in_the_body_answers_400_and_leaves_the_job()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "cancel"}""");

        var response = await client.PostJsonAsync($"/v1/video/cancel/{id}", """{"job_id": "vid_someone_else"}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Equal("queued", (await client.GetJobAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Delete_all_with_malformed_json_answers_400_and_deletes_nothing()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        await client.GenerateAsync("""{"prompt": "keep me"}""");

        var response = await client.PostJsonAsync("/v1/video/delete_all", "{");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        var list = await (await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "/v1/video/status/{0}")]
    [InlineData("GET", "/v1/video/get/{0}")]
    [InlineData("POST", "/v1/video/cancel/{0}")]
    [InlineData("DELETE", "/v1/video/delete/{0}")]
    [InlineData("GET", "/v1/video/download_url/{0}")]
    [InlineData("POST", "/v1/video/set_retention/{0}")]
    public async Task Unknown_and_malformed_ids_answer_404(string method, string template)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        foreach (var id in new[] { "vid_01m8905aa9fvcsanasy8hcmwz4", "nope", "vid_" + new string('z', 26) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id));
            if (method == "POST")
            {
                request.Content = new StringContent("""{"days": 7}""", Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }

    [Fact]
    public async Task Unknown_paths_and_wrong_methods_answer_in_the_envelope()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        await (await client.GetAsync("/v1/video/nope", TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/v1/video/generate", TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "INVALID_ARGUMENT");
    }

    private static async Task AssertNoJobsAsync(HttpClient client)
    {
        var list = await (await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }
}

/// <summary>A gateway whose dispatcher is off: jobs stay queued, so API behaviour is tested without rendering.</summary>
public sealed class ApiOnlyGatewayFixture : IDisposable
{
    public GatewayFactory Gateway { get; } = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");

    public void Dispose() => Gateway.Dispose();
}
