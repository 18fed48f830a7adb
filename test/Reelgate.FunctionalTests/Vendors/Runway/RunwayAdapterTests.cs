using System.Net;
using System.Text.Json;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Vendors.Runway;

/// <summary>The real gateway in memory against <see cref="RunwayStub"/> on loopback.</summary>
public sealed class RunwayAdapterTests(RunwayVideoFixture videos) : IClassFixture<RunwayVideoFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_pinned_text_job_succeeds_and_Runway_received_the_documented_request_shape()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        using var gateway = Gateway(stub, publishedPrices: true);
        await gateway.GrantAsync("published-price", 1m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("published-price"));

        var id = await client.GenerateAsync("""{"prompt": "a lighthouse in a storm", "vendor": "runway", "model": "gen4.5", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(id);

        var create = Assert.Single(stub.Creates);
        Assert.Equal("/v1/text_to_video", create.Path);
        Assert.Equal("Bearer test-key", create.Header("Authorization"));
        Assert.Equal("2024-11-06", create.Header("X-Runway-Version"));
        Assert.StartsWith("application/json", create.Header("Content-Type"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal(
            ["duration", "model", "promptText", "ratio"],
            body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("gen4.5", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("a lighthouse in a storm", body.RootElement.GetProperty("promptText").GetString());
        Assert.Equal("1280:720", body.RootElement.GetProperty("ratio").GetString());
        Assert.Equal(JsonValueKind.Number, body.RootElement.GetProperty("duration").ValueKind);
        Assert.Equal(2, body.RootElement.GetProperty("duration").GetInt32());

        var taskId = Assert.Single(stub.TaskIds);
        var polls = stub.Requests.Where(r => r.Method == "GET" && r.Path == "/v1/tasks/" + taskId).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, p => Assert.Equal(("Bearer test-key", "2024-11-06"), (p.Header("Authorization"), p.Header("X-Runway-Version"))));
        // A download may be retried under load; none carries our key.
        var outputs = stub.Requests.Where(r => r.Path.StartsWith("/outputs/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Null(output.Header("Authorization")));

        Assert.Equal(("runway", "gen4.5"), (job.GetProperty("vendor").GetString(), job.GetProperty("model").GetString()));
        // gen4.5 costs 12 credits ($0.12) per second.
        Assert.Equal(0.24m, job.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(taskId, job.GetProperty("attempt_details")[0].GetProperty("vendor_job_id").GetString());
        var video = await DownloadAndProbeAsync(gateway, client, id);
        Assert.Equal((1280, 720), (video.Width, video.Height));
        Assert.InRange(video.Duration, 1.5, 2.5);
    }

    [Fact]
    public async Task A_veo_job_in_1080p_portrait_asks_for_ratio_1080_by_1920_with_audio_and_an_integer_duration()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.Throttled = true;
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "rain on a tin roof", "model": "veo3.1_fast", "resolution": "1080p", "aspect": "9:16", "duration_seconds": 4}""");
        await client.WaitForSuccessAsync(id);

        var create = Assert.Single(stub.Creates);
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal("veo3.1_fast", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("1080:1920", body.RootElement.GetProperty("ratio").GetString());
        Assert.Equal(4, body.RootElement.GetProperty("duration").GetInt32());
        Assert.True(body.RootElement.GetProperty("audio").GetBoolean());
        var video = await DownloadAndProbeAsync(gateway, client, id);
        Assert.Equal((1080, 1920), (video.Width, video.Height));
    }

    [Fact]
    public async Task A_reference_image_Runway_cannot_fetch_itself_is_sent_inline_to_image_to_video()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        using var gateway = Gateway(stub).With("Reelgate:Network:AllowPrivateAddresses", "true");
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync($$"""{"prompt": "animate this", "vendor": "runway", "reference_image_url": "{{stub.Url}}/assets/reference.png", "duration_seconds": 2}""");
        await client.WaitForSuccessAsync(id);

        var create = Assert.Single(stub.Creates);
        Assert.Equal("/v1/image_to_video", create.Path);
        using var body = JsonDocument.Parse(create.Body);
        var promptImage = body.RootElement.GetProperty("promptImage").GetString()!;
        Assert.StartsWith("data:image/png;base64,", promptImage, StringComparison.Ordinal);
        Assert.Equal(RunwayStub.ReferencePng, Convert.FromBase64String(promptImage["data:image/png;base64,".Length..]));
        Assert.Equal("gen4.5", body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_task_Runway_fails_internally_fails_the_pinned_job_with_Runway_reason()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.TaskFailure = ("INTERNAL", "An unexpected error occurred while generating");
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "doomed", "vendor": "runway", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("VENDOR_INTERNAL", error.GetProperty("code").GetString());
        Assert.Contains("An unexpected error occurred while generating", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("(INTERNAL)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task A_task_Runway_fails_internally_falls_through_to_local_and_succeeds_on_the_second_attempt()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.TaskFailure = ("INTERNAL.BAD_OUTPUT.CODE01", "The output did not pass quality checks");
        using var gateway = Gateway(stub, local: true);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "second time lucky", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        var attempts = job.GetProperty("attempt_details");
        Assert.Equal(2, attempts.GetArrayLength());
        Assert.Equal(("runway", "gen4.5", "VENDOR_INTERNAL"), (attempts[0].GetProperty("vendor").GetString(), attempts[0].GetProperty("model").GetString(), attempts[0].GetProperty("outcome").GetString()));
        Assert.Equal(("local", "succeeded"), (attempts[1].GetProperty("vendor").GetString(), attempts[1].GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Input_moderation_fails_the_job_naming_the_prompt_and_does_not_fall_through_to_local()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.TaskFailure = ("SAFETY.INPUT.TEXT", "Your prompt did not pass our content moderation");
        using var gateway = Gateway(stub, local: true);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "something forbidden", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        var error = job.GetProperty("error");
        Assert.Equal("CONTENT_POLICY", error.GetProperty("code").GetString());
        Assert.Contains("flagged the prompt", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal("runway", job.GetProperty("vendor").GetString());
    }

    [Theory]
    [InlineData("SAFETY.INPUT.IMAGE", "CONTENT_POLICY", "flagged the reference image")]
    [InlineData("SAFETY.OUTPUT.VIOLENCE", "CONTENT_POLICY", "flagged the generated video")]
    [InlineData("ASSET.INVALID", "VENDOR_INVALID_REQUEST", "could not use the reference image")]
    public async Task Runway_failure_codes_that_are_the_request_fault_fail_the_job_without_falling_through(string failureCode, string code, string message)
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.TaskFailure = (failureCode, "Rejected");
        using var gateway = Gateway(stub, local: true);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "refused", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed", "succeeded");

        var error = job.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_create_Runway_refuses_as_invalid_fails_the_job_with_its_error_text_and_does_not_fall_through()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.CreateError = (400, "Validation of body failed: promptText contains unsupported characters");
        using var gateway = Gateway(stub, local: true);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "bad input", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed", "succeeded");

        var error = job.GetProperty("error");
        Assert.Equal("VENDOR_INVALID_REQUEST", error.GetProperty("code").GetString());
        Assert.Contains("promptText contains unsupported characters", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task An_empty_Runway_balance_is_the_gateway_account_problem_and_falls_through_to_local()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.CreateError = (400, "You do not have enough credits to run this task.");
        using var gateway = Gateway(stub, local: true);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "paid by someone", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("local", job.GetProperty("vendor").GetString());
        var first = job.GetProperty("attempt_details")[0];
        Assert.Equal(("runway", "VENDOR_INSUFFICIENT_CREDIT"), (first.GetProperty("vendor").GetString(), first.GetProperty("outcome").GetString()));
        Assert.Empty(stub.TaskIds);
    }

    [Fact]
    public async Task Two_429s_on_create_are_waited_out_as_Retry_After_says_and_the_third_create_succeeds()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RateLimitNextCreates(2);
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "busy day", "vendor": "runway", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(id);

        var creates = stub.Creates;
        Assert.Equal(3, creates.Count);
        Assert.True(creates[1].At - creates[0].At >= TimeSpan.FromSeconds(0.9), "waited Retry-After: 1 before the second create");
        Assert.True(creates[2].At - creates[1].At >= TimeSpan.FromSeconds(0.9), "waited Retry-After: 1 before the third create");
        Assert.Single(stub.TaskIds);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Server_errors_on_poll_are_tolerated_and_the_job_succeeds()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.FailNextPolls(2);
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "flaky status page", "vendor": "runway", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(id);

        var taskId = Assert.Single(stub.TaskIds);
        Assert.True(stub.Requests.Count(r => r.Path == "/v1/tasks/" + taskId) >= 3, "two failed polls, then at least one that answered");
        Assert.Single(stub.Creates);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_create_answered_with_malformed_json_fails_outcome_unknown_and_keeps_the_hold()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.MalformedCreates = true;
        using var gateway = Gateway(stub, local: true).With("Reelgate:Vendors:Runway:PricePerSecondUsd", "0.1");
        await gateway.GrantAsync("garbled", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("garbled"));

        var id = await client.GenerateAsync("""{"prompt": "lost in parsing", "vendor": "runway", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed");

        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(stub.Creates);
        Assert.Equal((5m, 0.2m, 4.8m), await Account.CreditTests.BalanceAsync(client));
    }

    [Fact]
    public async Task A_create_that_times_out_after_Runway_accepted_it_is_not_sent_again_and_the_hold_stays()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.HangCreates = true;
        using var gateway = Gateway(stub, local: true).With("Reelgate:Vendors:Runway:PricePerSecondUsd", "0.1");
        await gateway.GrantAsync("timeout", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("timeout"));

        var id = await client.GenerateAsync("""{"prompt": "answer lost", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Single(stub.Creates);
        Assert.Single(stub.TaskIds);
        Assert.Equal((5m, 0.2m, 4.8m), await Account.CreditTests.BalanceAsync(client));
    }

    [Fact]
    public async Task An_output_link_that_answers_404_falls_through_to_local()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.MissingOutput = true;
        using var gateway = Gateway(stub, local: true);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "vanished output", "prefer": "smartest", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("local", job.GetProperty("vendor").GetString());
        var first = job.GetProperty("attempt_details")[0];
        Assert.Equal(("runway", "VENDOR_BAD_OUTPUT"), (first.GetProperty("vendor").GetString(), first.GetProperty("outcome").GetString()));
        Assert.Contains("404", first.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_that_is_not_a_video_fails_the_pinned_job_as_VENDOR_BAD_OUTPUT()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.NonVideoOutput = true;
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "an html page", "vendor": "runway", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed");

        Assert.Equal("VENDOR_BAD_OUTPUT", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task Cancel_of_a_running_job_deletes_its_Runway_task()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromMinutes(5);
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "never mind", "vendor": "runway", "duration_seconds": 2}""");
        var poll = await stub.WaitForRequestAsync(r => r.Method == "GET" && r.Path.StartsWith("/v1/tasks/", StringComparison.Ordinal), Wait);

        var answer = await (await client.PostJsonAsync($"/v1/video/cancel/{id}", "{}")).JsonAsync();

        Assert.True(answer.GetProperty("ok").GetBoolean());
        var delete = await stub.WaitForRequestAsync(r => r.Method == "DELETE", TimeSpan.FromSeconds(10));
        Assert.Equal(poll.Path, delete.Path);
        Assert.Equal("Bearer test-key", delete.Header("Authorization"));
        await client.WaitForStateAsync(id, TimeSpan.FromSeconds(10), "canceled");
    }

    [Fact]
    public async Task A_wrong_api_key_fails_the_job_as_unauthorized_and_creates_no_task()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        using var gateway = Gateway(stub).With("Reelgate:Vendors:Runway:ApiKey", "wrong-key");
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "who are you", "vendor": "runway", "duration_seconds": 2}""");
        var job = await client.WaitForStateAsync(id, Wait, "failed");

        Assert.Equal("VENDOR_UNAUTHORIZED", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Bearer wrong-key", Assert.Single(stub.Creates).Header("Authorization"));
        Assert.Empty(stub.TaskIds);
    }

    [Fact]
    public async Task Square_and_4k_are_not_offered_by_Runway()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var square = await client.PostJsonAsync("/v1/video/generate", """{"prompt": "x", "vendor": "runway", "aspect": "1:1", "duration_seconds": 2}""");
        var uhd = await client.PostJsonAsync("/v1/video/generate", """{"prompt": "x", "vendor": "runway", "resolution": "4k", "duration_seconds": 8}""");

        await square.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "UNSUPPORTED");
        await uhd.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "UNSUPPORTED");
        Assert.Empty(stub.Creates);
    }

    private static GatewayFactory Gateway(RunwayStub stub, bool local = false, bool publishedPrices = false)
    {
        var gateway = new GatewayFactory()
            .With("Reelgate:Vendors:Runway:ApiKey", RunwayStub.ApiKey)
            .With("Reelgate:Vendors:Runway:BaseUrl", stub.Url)
            .With("Reelgate:Vendors:Runway:PollInterval", "00:00:00.050")
            .With("Reelgate:Vendors:Runway:RequestTimeout", "00:00:02")
            .With("Reelgate:Vendors:Local:Enabled", local ? "true" : "false");

        // Free unless a test is about money, so projects need no grant.
        return publishedPrices ? gateway : gateway.With("Reelgate:Vendors:Runway:PricePerSecondUsd", "0");
    }

    private static async Task<(int Width, int Height, double Duration)> DownloadAndProbeAsync(GatewayFactory gateway, HttpClient client, string id)
    {
        var link = await (await client.GetAsync($"/v1/video/download_url/{id}", TestContext.Current.CancellationToken)).JsonAsync();
        var url = new Uri(link.GetProperty("url").GetString()!);
        var bytes = await gateway.CreateClient().GetByteArrayAsync(url.PathAndQuery, TestContext.Current.CancellationToken);
        var path = Path.Combine(gateway.DataDirectory, id + "-download.mp4");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var video = await Ffprobe.VideoAsync(path);
        return (video.Width, video.Height, video.Duration);
    }
}
