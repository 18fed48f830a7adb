using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Reelgate.FunctionalTests.Account;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Vendors.Kling;

/// <summary>The Kling adapter end to end: the real gateway in memory against a Kling stub on loopback.</summary>
public sealed class KlingAdapterTests(KlingStubVideos videos) : IClassFixture<KlingStubVideos>
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_text_job_succeeds_and_kling_received_the_documented_create()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"a red kite over dunes","model":"kling-v2-6","resolution":"720p","aspect_ratio":"16:9","duration_seconds":5}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(("kling", "kling-v2-6"), (job.GetProperty("vendor").GetString(), job.GetProperty("model").GetString()));
        var video = await DownloadAsync(gateway, client, id);
        Assert.Equal((1280, 720), (video.Width, video.Height));
        Assert.InRange(video.Duration, 4.8, 5.2);

        var create = Assert.Single(stub.Creates);
        Assert.Equal("/v1/videos/text2video", create.Path);
        Assert.StartsWith("application/json", create.Headers["Content-Type"], StringComparison.Ordinal);
        var body = create.Json;
        Assert.Equal("kling-v2-6", (string?)body["model_name"]);
        Assert.Equal("a red kite over dunes", (string?)body["prompt"]);
        Assert.Equal("std", (string?)body["mode"]);
        Assert.Equal("16:9", (string?)body["aspect_ratio"]);
        Assert.Equal(JsonValueKind.String, body["duration"]!.GetValueKind());
        Assert.Equal("5", (string?)body["duration"]);
        Assert.Equal("off", (string?)body["sound"]);
        Assert.Equal(id + "-kling-v2-6", (string?)body["external_task_id"]);
        Assert.False(body.ContainsKey("image"));

        var taskId = Assert.Single(stub.TaskIds);
        Assert.Equal(taskId, job.GetProperty("attempt_details")[0].GetProperty("vendor_job_id").GetString());
        Assert.NotEmpty(stub.Queries);
        Assert.All(stub.Queries, q => Assert.Equal("/v1/videos/text2video/" + taskId, q.Path));

        // The output link is a plain CDN URL: our token must not travel with it (nor with a retried download).
        var downloads = stub.Requests.Where(r => r.Path == $"/outputs/{taskId}.mp4").ToList();
        Assert.NotEmpty(downloads);
        Assert.All(downloads, download => Assert.Empty(download.Authorization));
    }

    [Fact]
    public async Task Every_call_carries_one_cached_hs256_token_signed_with_the_secret_key()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);
        var before = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

        var id = await client.GenerateAsync("""{"prompt":"token check","vendor":"kling","duration_seconds":3}""");
        await client.WaitForStateAsync(id, Bounded, "succeeded");

        var calls = stub.Requests.Where(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        Assert.True(calls.Count >= 2, "a create and at least one query");
        var authorization = Assert.Single(calls.Select(c => c.Authorization).Distinct());
        var (code, claims) = KlingStub.VerifyToken(authorization);
        Assert.Equal(0, code);
        Assert.Equal(KlingStub.AccessKey, (string?)claims!["iss"]);
        var exp = (long)claims["exp"]!;
        var nbf = (long)claims["nbf"]!;
        Assert.Equal(1805, exp - nbf);
        Assert.InRange(exp - before, 1795, 1800 + (long)Bounded.TotalSeconds);
        Assert.DoesNotContain("Bearer  ", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_1080p_portrait_job_on_kling_v3_asks_for_pro_mode_at_9_16_for_3_seconds()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"a tall waterfall","model":"kling-v3","resolution":"1080p","aspect_ratio":"9:16","duration_seconds":3}""");
        await client.WaitForStateAsync(id, Bounded, "succeeded");

        var body = Assert.Single(stub.Creates).Json;
        Assert.Equal(("kling-v3", "pro", "9:16", "3"), ((string?)body["model_name"], (string?)body["mode"], (string?)body["aspect_ratio"], (string?)body["duration"]));
        var video = await DownloadAsync(gateway, client, id);
        Assert.Equal((1080, 1920), (video.Width, video.Height));
    }

    [Fact]
    public async Task A_job_with_a_reference_image_goes_to_image2video_with_the_image_url_and_no_aspect()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub).With("Reelgate:Network:AllowPrivateAddresses", "true");
        var client = await FundedClientAsync(gateway);
        var image = stub.Url + "/images/first-frame.png";

        var id = await client.GenerateAsync($$"""{"prompt":"the kite takes off","reference_image_url":"{{image}}","vendor":"kling","duration_seconds":3}""");
        await client.WaitForStateAsync(id, Bounded, "succeeded");

        var create = Assert.Single(stub.Creates);
        Assert.Equal("/v1/videos/image2video", create.Path);
        Assert.Equal(image, (string?)create.Json["image"]);
        Assert.False(create.Json.ContainsKey("aspect_ratio"));
        Assert.All(stub.Queries, q => Assert.StartsWith("/v1/videos/image2video/", q.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_kling_fails_fails_the_job_with_klings_reason()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.FailTask = "Render node crashed while encoding";
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"vendor failure","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        var error = job.GetProperty("error");
        Assert.Equal("VENDOR_INTERNAL", error.GetProperty("code").GetString());
        Assert.Contains("Render node crashed while encoding", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_kling_fails_falls_through_to_local_and_succeeds_on_the_second_attempt()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.FailTask = "Internal error, please retry";
        using var gateway = Gateway(stub, local: true);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"fall through","prefer":"smartest","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        var attempts = job.GetProperty("attempt_details").EnumerateArray().ToList();
        Assert.Equal(["kling", "local"], attempts.Select(a => a.GetProperty("vendor").GetString()));
        Assert.Equal("VENDOR_INTERNAL", attempts[0].GetProperty("outcome").GetString());
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task A_content_policy_refusal_at_create_fails_the_job_naming_the_prompt_without_fall_through()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.SubmitError = (400, 1301, "Content security policy triggered: the prompt contains sensitive content");
        using var gateway = Gateway(stub, local: true);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"something flagged","prefer":"smartest","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("CONTENT_POLICY", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("the prompt", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal("kling", job.GetProperty("vendor").GetString());
    }

    [Fact]
    public async Task A_moderation_failure_of_the_task_fails_the_job_without_fall_through()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.FailTask = "Failure to pass the risk control system: content moderation review failed for the prompt";
        using var gateway = Gateway(stub, local: true);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"flagged later","prefer":"smartest","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("CONTENT_POLICY", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("the prompt", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_moderation_failure_about_the_image_names_the_reference_image()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.FailTask = "Image content moderation review failed";
        using var gateway = Gateway(stub).With("Reelgate:Network:AllowPrivateAddresses", "true");
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync($$"""{"prompt":"animate it","reference_image_url":"{{stub.Url}}/images/flagged.png","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("CONTENT_POLICY", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("the reference image", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limited_creates_are_waited_out_per_retry_after_and_the_job_succeeds()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.RateLimitSubmits(2, retryAfterSeconds: 1);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"rate limited","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var creates = stub.Creates;
        Assert.Equal(3, creates.Count);
        Assert.True(Stopwatch.GetElapsedTime(creates[0].Timestamp, creates[1].Timestamp) >= TimeSpan.FromSeconds(0.9), "Retry-After was honoured");
        Assert.True(Stopwatch.GetElapsedTime(creates[1].Timestamp, creates[2].Timestamp) >= TimeSpan.FromSeconds(0.9), "Retry-After was honoured");
        Assert.Single(creates.Select(c => (string?)c.Json["external_task_id"]).Distinct());
    }

    [Fact]
    public async Task Insufficient_kling_balance_is_our_accounts_fault_and_falls_through()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.SubmitError = (429, 1102, "Account balance insufficient: resource pack depleted");
        using var gateway = Gateway(stub, local: true);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"no credit at kling","prefer":"smartest","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal("VENDOR_INSUFFICIENT_BALANCE", job.GetProperty("attempt_details")[0].GetProperty("outcome").GetString());

        // Not a rate limit, although HTTP 429: one create, no waiting and retrying.
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task An_error_envelope_on_http_200_is_classified_by_its_code()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.SubmitError = (200, 1201, "Invalid parameter value: prompt too long");
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"envelope says no","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("VENDOR_INVALID_REQUEST", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("prompt too long", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task A_token_signed_with_the_wrong_secret_is_refused_and_the_job_fails_unauthorized()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub).With("Reelgate:Vendors:Kling:SecretKey", "not-the-secret");
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"bad secret","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("VENDOR_UNAUTHORIZED", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("1002", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(stub.TaskIds);
    }

    [Fact]
    public async Task Failing_and_garbled_queries_are_tolerated_and_the_job_succeeds()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.FailQueries(1).MalformQueries(1);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"flaky polls","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.False(stub.Script.TakeFailedQuery(), "the 500 was served");
        Assert.False(stub.Script.TakeMalformedQuery(), "the garbled answer was served");
        Assert.True(stub.Queries.Count >= 3);
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task A_create_that_times_out_after_kling_accepted_it_is_found_by_external_id_and_not_sent_again()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.HangSubmit = true;
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"lost answer","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Single(stub.Creates);
        var taskId = Assert.Single(stub.TaskIds);
        Assert.Contains(stub.Queries, q => q.Path == $"/v1/videos/text2video/{id}-kling-v3");
        Assert.Equal(taskId, job.GetProperty("attempt_details")[0].GetProperty("vendor_job_id").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_create_answered_with_malformed_json_is_found_by_external_id_and_not_sent_again()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.MalformedSubmit = true;
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"garbled create","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Single(stub.Creates);
        Assert.Contains(stub.Queries, q => q.Path == $"/v1/videos/text2video/{id}-kling-v3");
    }

    [Fact]
    public async Task A_garbled_create_kling_never_recorded_is_looked_up_then_falls_through_to_local()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.MalformedSubmitUnaccepted = true;
        using var gateway = Gateway(stub, local: true);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"proxy page","prefer":"smartest","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal("VENDOR_BAD_RESPONSE", job.GetProperty("attempt_details")[0].GetProperty("outcome").GetString());
        Assert.Single(stub.Creates);
        Assert.Contains(stub.Queries, q => q.Path == $"/v1/videos/text2video/{id}-kling-v3");
    }

    [Fact]
    public async Task A_lost_create_whose_lookup_cannot_tell_fails_outcome_unknown_and_keeps_the_hold()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.HangSubmit = true;
        stub.Script.FailLookups = true;
        using var gateway = Gateway(stub, local: true).With("Reelgate:Vendors:Kling:PricePerSecondUsd", "0.1");
        await gateway.GrantAsync("kling-unknown", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("kling-unknown"));

        var id = await client.GenerateAsync("""{"prompt":"unknown outcome","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(stub.Creates);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var (balance, held, available) = await CreditTests.BalanceAsync(client);
        Assert.Equal((5m, 0.3m, 4.7m), (balance, held, available));
    }

    [Fact]
    public async Task An_output_link_that_answers_404_falls_through_to_local()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.OutputNotFound = true;
        using var gateway = Gateway(stub, local: true);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"missing output","prefer":"smartest","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "succeeded", "failed");

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Equal("VENDOR_BAD_OUTPUT", job.GetProperty("attempt_details")[0].GetProperty("outcome").GetString());
        Assert.Contains(stub.Requests, r => r.Path.StartsWith("/outputs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_output_that_is_not_a_video_fails_the_job_as_bad_output()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.Script.OutputNotVideo = true;
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var id = await client.GenerateAsync("""{"prompt":"not a video","vendor":"kling","duration_seconds":3}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed", "succeeded");

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("VENDOR_BAD_OUTPUT", job.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cancel_of_a_running_kling_job_ends_canceled_and_stops_polling_since_kling_has_no_cancel_call()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        stub.SuccessAfter = TimeSpan.FromMinutes(5);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);
        var id = await client.GenerateAsync("""{"prompt":"cancel me","vendor":"kling","duration_seconds":3}""");
        await client.WaitForStateAsync(id, TimeSpan.FromSeconds(20), "running");
        await Eventually.TrueAsync(() => stub.Queries.Count >= 2, "Kling was polled twice");

        var answer = await (await client.PostJsonAsync($"/v1/video/cancel/{id}", "{}")).JsonAsync();
        await client.WaitForStateAsync(id, TimeSpan.FromSeconds(10), "canceled");

        Assert.True(answer.GetProperty("ok").GetBoolean());
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var settled = stub.Requests.Count;
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(settled, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.True(r.Method == "GET" || r.Path == "/v1/videos/text2video", $"unexpected {r.Method} {r.Path}"));
        Assert.Single(stub.Creates);
    }

    [Fact]
    public async Task Capabilities_list_klings_current_models_with_their_sizes_and_durations()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var capabilities = await (await client.GetAsync("/v1/video/capabilities", TestContext.Current.CancellationToken)).JsonAsync();

        var kling = capabilities.GetProperty("vendors").EnumerateArray().Single(v => v.GetProperty("vendor").GetString() == "kling");
        Assert.Equal(["720p", "1080p"], kling.GetProperty("resolutions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(15, kling.GetProperty("max_duration_seconds").GetInt32());
        var models = kling.GetProperty("models").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["kling-v1-6", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6", "kling-v2-master", "kling-v3"], models.Order());
        var details = kling.GetProperty("model_details").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        Assert.Equal([5, 10], details["kling-v2-6"].GetProperty("durations").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(13, details["kling-v3"].GetProperty("durations").GetArrayLength());
        Assert.Equal(["1080p"], details["kling-v2-1-master"].GetProperty("resolutions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["720p"], details["kling-v2-master"].GetProperty("resolutions").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_4k_order_pinned_to_kling_is_refused_as_unsupported()
    {
        await using var stub = await KlingStub.StartAsync(videos);
        using var gateway = Gateway(stub);
        var client = await FundedClientAsync(gateway);

        var response = await client.PostJsonAsync("/v1/video/generate", """{"prompt":"too big","vendor":"kling","resolution":"4k","duration_seconds":5}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task An_api_key_without_the_access_and_secret_key_pair_stops_the_gateway_at_start()
    {
        // A real process: the in-memory test host races its own disposal when start-up fails.
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Vendors:Kling:ApiKey", "test-key"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("Reelgate:Vendors:Kling:AccessKey", failure.Message, StringComparison.Ordinal);
    }

    private static GatewayFactory Gateway(KlingStub stub, bool local = false)
        => new GatewayFactory()
            .With("Reelgate:Vendors:Kling:AccessKey", KlingStub.AccessKey)
            .With("Reelgate:Vendors:Kling:SecretKey", KlingStub.SecretKey)
            .With("Reelgate:Vendors:Kling:BaseUrl", stub.Url)
            .With("Reelgate:Vendors:Kling:PollInterval", "00:00:00.050")
            .With("Reelgate:Vendors:Kling:RequestTimeout", "00:00:02")

            // Polling every 50 ms makes dozens of calls a second; a scripted 429 or 500 among them must not
            // trip the circuit (a ratio over >= 10 calls) and park the test behind a 30 s break.
            .With("Reelgate:Vendors:Kling:CircuitMinimumThroughput", "10000")
            .With("Reelgate:Vendors:Local:Enabled", local ? "true" : "false");

    /// <summary>A client of a new project with credit: Kling's models are priced, so jobs need a hold.</summary>
    private static async Task<HttpClient> FundedClientAsync(GatewayFactory gateway)
    {
        var project = "kling-" + Guid.NewGuid().ToString("N")[..8];
        await gateway.GrantAsync(project, 50m);
        return gateway.CreateClient(await gateway.CreateKeyAsync(project));
    }

    private static async Task<(int Width, int Height, double Duration)> DownloadAsync(GatewayFactory gateway, HttpClient client, string id)
    {
        var link = await (await client.GetAsync($"/v1/video/download_url/{id}", TestContext.Current.CancellationToken)).JsonAsync();
        var url = new Uri(link.GetProperty("url").GetString()!);
        var bytes = await gateway.CreateClient().GetByteArrayAsync(url.PathAndQuery, TestContext.Current.CancellationToken);
        var path = Path.Combine(gateway.DataDirectory, $"{id}-download.mp4");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var video = await Ffprobe.VideoAsync(path);
        return (video.Width, video.Height, video.Duration);
    }
}
