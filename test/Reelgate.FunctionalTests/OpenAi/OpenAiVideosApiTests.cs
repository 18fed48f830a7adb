using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.Video;

namespace Reelgate.FunctionalTests.OpenAi;

/// <summary>
/// <c>/v1/videos</c> over raw HTTP on an API-only gateway (jobs stay queued): request mapping,
/// OpenAI's error envelope and status codes, and that both surfaces share one set of jobs.
/// </summary>
public sealed class OpenAiVideosApiTests : IClassFixture<ApiOnlyGatewayFixture>
{
    private const string UnknownId = "vid_01m8905aa9fvcsanasy8hcmwz4";
    private readonly GatewayFactory _gateway;

    public OpenAiVideosApiTests(ApiOnlyGatewayFixture fixture) => _gateway = fixture.Gateway;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_with_sora_2_maps_to_the_local_model_and_answers_an_openai_video()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var video = await client.CreateVideoAsync("""{"model": "sora-2", "prompt": "a lighthouse at dawn", "seconds": "8", "size": "1280x720"}""");

        Assert.Equal(
            ["id", "object", "created_at", "completed_at", "expires_at", "error", "model", "progress", "prompt", "remixed_from_video_id", "seconds", "size", "status"],
            video.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("vid_", video.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(("video", "queued", "local-procedural-v1", "8", "1280x720", 0), (
            video.GetProperty("object").GetString(),
            video.GetProperty("status").GetString(),
            video.GetProperty("model").GetString(),
            video.GetProperty("seconds").GetString(),
            video.GetProperty("size").GetString(),
            video.GetProperty("progress").GetInt32()));
        Assert.Equal("a lighthouse at dawn", video.GetProperty("prompt").GetString());
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(video.GetProperty("created_at").GetInt64(), now.AddMinutes(-1).ToUnixTimeSeconds(), now.AddMinutes(1).ToUnixTimeSeconds());
        Assert.All(["completed_at", "expires_at", "error", "remixed_from_video_id"], name => Assert.Equal(System.Text.Json.JsonValueKind.Null, video.GetProperty(name).ValueKind));
    }

    [Theory]
    [InlineData("""{"prompt": "p"}""", "4", "720x1280")]
    [InlineData("""{"prompt": "p", "seconds": 2, "size": "1792x1024"}""", "2", "1920x1080")]
    [InlineData("""{"prompt": "p", "seconds": "12", "size": "1024x1792"}""", "12", "1080x1920")]
    [InlineData("""{"prompt": "p", "seconds": "1", "size": "480x480"}""", "1", "720x720")]
    [InlineData("""{"prompt": "p", "seconds": "3", "size": "3840x2160"}""", "3", "3840x2160")]
    public async Task Create_maps_seconds_and_size_and_echoes_the_rendered_size(string body, string seconds, string size)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var video = await client.CreateVideoAsync(body);

        Assert.Equal((seconds, size), (video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString()));
    }

    [Fact]
    public async Task Create_accepts_a_multipart_form_as_the_sdks_send_it()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a paper boat"), "prompt" },
            { new StringContent("sora-2-pro"), "model" },
            { new StringContent("4"), "seconds" },
            { new StringContent("720x1280"), "size" },
        };

        var video = await (await client.PostAsync("/v1/videos", form, CancellationToken)).JsonAsync();

        Assert.Equal(("a paper boat", "4", "720x1280"), (video.GetProperty("prompt").GetString(), video.GetProperty("seconds").GetString(), video.GetProperty("size").GetString()));
    }

    [Theory]
    [InlineData("\"0\"")]
    [InlineData("\"21\"")]
    [InlineData("\"4.5\"")]
    [InlineData("\"four\"")]
    [InlineData("-4")]
    [InlineData("99")]
    public async Task Create_with_seconds_no_model_supports_answers_400_naming_seconds(string seconds)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", $$"""{"prompt": "p", "seconds": {{seconds}}}""");

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "seconds", code: "invalid_value");
        Assert.Contains("'1' to '20'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_seconds_of_the_wrong_json_type_answers_400_invalid_type()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", """{"prompt": "p", "seconds": true}""");

        await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "seconds", code: "invalid_type");
    }

    [Theory]
    [InlineData("640x480")]
    [InlineData("1280")]
    [InlineData("x720")]
    [InlineData("0x0")]
    [InlineData("7680x4320")]
    [InlineData("1280x720x3")]
    public async Task Create_with_a_size_no_model_renders_answers_400_naming_size(string size)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", $$"""{"prompt": "p", "size": "{{size}}"}""");

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "size", code: "invalid_value");
        Assert.Contains("'1280x720'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model": "sora-2"}""")]
    [InlineData("""{"prompt": "   "}""")]
    public async Task Create_without_a_prompt_answers_400_missing_required_parameter(string body)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", body);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "prompt", code: "missing_required_parameter");
    }

    [Fact]
    public async Task Create_with_an_unknown_model_answers_400_naming_the_available_models()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", """{"prompt": "p", "model": "sora-3-ultra"}""");

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "model", code: "invalid_value");
        var message = error.GetProperty("message").GetString();
        Assert.Contains("'sora-3-ultra'", message, StringComparison.Ordinal);
        Assert.Contains("'local-procedural-v1'", message, StringComparison.Ordinal);
        Assert.Contains("'sora-2'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local-procedural-v1")]
    [InlineData("local/local-procedural-v1")]
    [InlineData("SORA-2-2025-10-06")]
    public async Task Create_accepts_catalog_models_and_openai_snapshots(string model)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var video = await client.CreateVideoAsync($$"""{"prompt": "p", "model": "{{model}}"}""");

        Assert.Equal("local-procedural-v1", video.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Create_with_an_uploaded_input_reference_answers_400_as_no_model_takes_a_reference_image()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var image = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("animate this"), "prompt" },
            { image, "input_reference", "reference.jpg" },
        };

        var response = await client.PostAsync("/v1/videos", form, CancellationToken);

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "input_reference", code: "unsupported");
        Assert.Contains("no enabled model takes a reference image", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_an_input_reference_url_answers_the_same_400()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", """{"prompt": "p", "input_reference": {"image_url": "https://example.com/a.png"}}""");

        await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "input_reference", code: "unsupported");
    }

    [Fact]
    public async Task Create_with_malformed_json_answers_400_in_openais_envelope()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", """{"prompt": "p",""");

        await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest);
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/v1/videos" },
        { "GET", "/v1/videos" },
        { "GET", $"/v1/videos/{UnknownId}" },
        { "DELETE", $"/v1/videos/{UnknownId}" },
        { "GET", $"/v1/videos/{UnknownId}/content" },
        { "POST", $"/v1/videos/{UnknownId}/remix" },
        { "GET", "/v1/videos/no/such/path" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_without_a_key_answers_401_in_openais_envelope(string method, string path)
    {
        var client = _gateway.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), CancellationToken);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_key_answers_401_invalid_api_key()
    {
        var client = _gateway.CreateClient("rg_pk_this-key-does-not-exist-anywhere-at-all");

        var response = await client.GetAsync("/v1/videos", CancellationToken);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.Unauthorized, code: "invalid_api_key");
    }

    [Theory]
    [InlineData("GET", $"/v1/videos/{UnknownId}")]
    [InlineData("DELETE", $"/v1/videos/{UnknownId}")]
    [InlineData("GET", $"/v1/videos/{UnknownId}/content")]
    [InlineData("GET", $"/v1/videos/{UnknownId}/content?variant=spritesheet")]
    [InlineData("POST", $"/v1/videos/{UnknownId}/remix")]
    [InlineData("GET", "/v1/videos/not-an-id")]
    public async Task An_unknown_video_id_answers_404_in_openais_envelope(string method, string path)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") }, CancellationToken);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_projects_video_is_not_found()
    {
        var owner = await _gateway.CreateClientForNewProjectAsync();
        var id = (await owner.CreateVideoAsync("""{"prompt": "mine"}""")).GetProperty("id").GetString();
        var stranger = await _gateway.CreateClientForNewProjectAsync();

        var response = await stranger.GetAsync($"/v1/videos/{id}", CancellationToken);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_video_made_through_v1_videos_is_a_job_of_v1_video()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"model": "sora-2", "prompt": "both surfaces", "seconds": "6", "size": "1024x1792"}""")).GetProperty("id").GetString()!;

        var job = await client.GetJobAsync(id);

        Assert.Equal(("queued", "both surfaces", 6, "1080p", "9:16", "local", "local-procedural-v1"), (
            job.GetProperty("state").GetString(),
            job.GetProperty("prompt").GetString(),
            job.GetProperty("duration_seconds").GetInt32(),
            job.GetProperty("resolution").GetString(),
            job.GetProperty("aspect").GetString(),
            job.GetProperty("vendor").GetString(),
            job.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task A_job_made_through_v1_video_is_an_openai_video()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "from the seed api", "duration_seconds": 7, "resolution": "1080p", "aspect_ratio": "1:1"}""");

        var video = await (await client.GetAsync($"/v1/videos/{id}", CancellationToken)).JsonAsync();
        var list = await (await client.GetAsync("/v1/videos", CancellationToken)).JsonAsync();

        Assert.Equal((id, "queued", "7", "1080x1080", "from the seed api"), (
            video.GetProperty("id").GetString(),
            video.GetProperty("status").GetString(),
            video.GetProperty("seconds").GetString(),
            video.GetProperty("size").GetString(),
            video.GetProperty("prompt").GetString()));
        Assert.Equal([id], list.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_canceled_job_is_a_failed_video_with_an_error_and_completed_at()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "stop me"}""")).GetProperty("id").GetString()!;
        await (await client.PostJsonAsync($"/v1/video/cancel/{id}", "{}")).JsonAsync();

        var video = await (await client.GetAsync($"/v1/videos/{id}", CancellationToken)).JsonAsync();

        Assert.Equal("failed", video.GetProperty("status").GetString());
        Assert.Equal("canceled", video.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(video.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, video.GetProperty("completed_at").ValueKind);
    }

    [Fact]
    public async Task List_pages_newest_first_with_after_and_the_list_envelope()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateVideoAsync($$"""{"prompt": "video {{i}}"}""")).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        bool hasMore;
        do
        {
            var page = await (await client.GetAsync($"/v1/videos?limit=2{(after is null ? string.Empty : "&after=" + after)}", CancellationToken)).JsonAsync();
            Assert.Equal(["object", "data", "first_id", "last_id", "has_more"], page.EnumerateObject().Select(p => p.Name));
            Assert.Equal("list", page.GetProperty("object").GetString());
            var ids = page.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();
            Assert.Equal((ids[0], ids[^1]), (page.GetProperty("first_id").GetString(), page.GetProperty("last_id").GetString()));
            seen.AddRange(ids);
            after = page.GetProperty("last_id").GetString();
            hasMore = page.GetProperty("has_more").GetBoolean();
            pages++;
        }
        while (hasMore);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task List_in_ascending_order_starts_after_the_given_id()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateVideoAsync($$"""{"prompt": "video {{i}}"}""")).GetProperty("id").GetString()!);
        }

        var first = await (await client.GetAsync("/v1/videos?order=asc&limit=2", CancellationToken)).JsonAsync();
        var next = await (await client.GetAsync($"/v1/videos?order=asc&limit=10&after={created[1]}", CancellationToken)).JsonAsync();

        Assert.Equal(created[..2], first.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(created[2..], next.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.False(next.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_of_a_project_without_videos_is_an_empty_page()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var page = await (await client.GetAsync("/v1/videos", CancellationToken)).JsonAsync();

        Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("first_id").ValueKind);
        Assert.False(page.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=newest", "order")]
    [InlineData("after=video_123", "after")]
    public async Task List_with_a_bad_parameter_answers_400_naming_it(string query, string param)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.GetAsync($"/v1/videos?{query}", CancellationToken);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: param);
    }

    [Fact]
    public async Task Delete_answers_video_deleted_and_the_video_is_gone_from_both_surfaces()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "short lived"}""")).GetProperty("id").GetString()!;

        var deleted = await (await client.DeleteAsync($"/v1/videos/{id}", CancellationToken)).JsonAsync();

        Assert.Equal($$"""{"id":"{{id}}","object":"video.deleted","deleted":true}""", deleted.GetRawText());
        await (await client.GetAsync($"/v1/videos/{id}", CancellationToken)).AssertOpenAiErrorAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/v1/video/get/{id}", CancellationToken)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Content_of_a_video_that_is_not_completed_answers_404()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "still queued"}""")).GetProperty("id").GetString()!;

        var response = await client.GetAsync($"/v1/videos/{id}/content", CancellationToken);

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.NotFound);
        Assert.Contains("queued", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_with_an_unknown_variant_answers_400_naming_variant()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.GetAsync($"/v1/videos/{UnknownId}/content?variant=gif", CancellationToken);

        await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "variant", code: "invalid_value");
    }

    [Theory]
    [InlineData("remix")]
    [InlineData("extensions")]
    public async Task Remix_and_extend_answer_400_unsupported_as_no_enabled_model_can_extend(string operation)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "original"}""")).GetProperty("id").GetString()!;
        var path = operation == "remix" ? $"/v1/videos/{id}/remix" : "/v1/videos/extensions";

        var response = await client.PostJsonAsync(path, $$"""{"prompt": "the same at night", "video": {"id": "{{id}}"}, "seconds": "4"}""");

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, code: "unsupported");
        var message = error.GetProperty("message").GetString();
        Assert.Contains("no enabled model supports extend", message, StringComparison.Ordinal);
        Assert.Contains("local/local-procedural-v1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", $"/v1/videos/{UnknownId}")]
    [InlineData("PATCH", "/v1/videos")]
    [InlineData("GET", "/v1/videos/a/b/c")]
    public async Task An_unknown_route_under_v1_videos_answers_openais_invalid_url(string method, string path)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), CancellationToken);

        var error = await response.AssertOpenAiErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal($"Invalid URL ({method} {path}).", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_model_map_is_configurable_and_an_empty_entry_removes_a_default()
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Dispatcher:Enabled", "false")
            .With("Reelgate:OpenAi:ModelMap:house-model", "local/local-procedural-v1")
            .With("Reelgate:OpenAi:ModelMap:sora-2-pro", string.Empty);
        var client = await gateway.CreateClientForNewProjectAsync();

        var mapped = await client.CreateVideoAsync("""{"prompt": "p", "model": "house-model"}""");
        var removed = await client.PostJsonAsync("/v1/videos", """{"prompt": "p", "model": "sora-2-pro"}""");

        Assert.Equal("local-procedural-v1", mapped.GetProperty("model").GetString());
        var error = await removed.AssertOpenAiErrorAsync(HttpStatusCode.BadRequest, param: "model");
        Assert.Contains("'house-model'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_enough_credit_answers_429_insufficient_quota_that_the_sdks_do_not_retry()
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Dispatcher:Enabled", "false")
            .With("Reelgate:Vendors:Local:PricePerSecondUsd", "0.01");
        var client = await gateway.CreateClientForNewProjectAsync();

        var response = await client.PostJsonAsync("/v1/videos", """{"prompt": "costs money"}""");

        await response.AssertOpenAiErrorAsync(HttpStatusCode.TooManyRequests, type: "insufficient_quota", code: "insufficient_quota");
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }
}
