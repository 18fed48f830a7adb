using System.Net;
using System.Text.Json;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Vendors.Veo;

/// <summary>The Veo adapter against <see cref="VeoStub"/>, through the real gateway (DESIGN §3 rules end to end).</summary>
public sealed class VeoAdapterTests(VeoStubFixture fixture) : IClassFixture<VeoStubFixture>
{
    private const string FastModel = "veo-3.1-fast-generate-preview";
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    private VeoStub Stub => fixture.Stub;

    [Fact]
    public async Task A_job_succeeds_and_its_video_is_stored_at_the_ordered_size()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("a heron lifts off a misty lake");

        var id = await client.GenerateAsync(Pinned(prompt, aspect: "9:16"));
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("veo", job.GetProperty("vendor").GetString());
        Assert.Equal(FastModel, job.GetProperty("model").GetString());
        Assert.Equal(0.4m, job.GetProperty("cost_usd").GetDecimal());
        var attempt = Assert.Single(job.GetProperty("attempt_details").EnumerateArray());
        Assert.StartsWith($"models/{FastModel}/operations/", attempt.GetProperty("vendor_job_id").GetString(), StringComparison.Ordinal);
        var video = await DownloadAsync(gateway, client, id);
        Assert.Equal(("h264", 720, 1280), (video.Codec, video.Width, video.Height));
        Assert.InRange(video.Duration, 3.8, 4.2);
    }

    [Fact]
    public async Task The_submit_poll_and_download_follow_the_Gemini_API_shape()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("wire shape");

        await client.WaitForSuccessAsync(await client.GenerateAsync(Pinned(prompt, resolution: "720p", aspect: "16:9", seconds: 6)));

        var requests = Stub.For(prompt);
        var create = Assert.Single(requests, r => r.IsCreate);
        Assert.Equal($"/v1beta/models/{FastModel}:predictLongRunning", create.Path);
        Assert.Equal(VeoStub.ApiKey, create.Header("x-goog-api-key"));
        Assert.Null(create.Header("authorization"));
        Assert.Equal(string.Empty, create.Query);
        Assert.StartsWith("application/json", create.Header("content-type"), StringComparison.Ordinal);
        var body = create.Json!;
        var instance = Assert.Single(body["instances"]!.AsArray())!;
        Assert.Equal(prompt, instance["prompt"]!.GetValue<string>());
        Assert.Null(instance["image"]);
        var parameters = body["parameters"]!;
        Assert.Equal("16:9", parameters["aspectRatio"]!.GetValue<string>());
        Assert.Equal("720p", parameters["resolution"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, parameters["durationSeconds"]!.GetValueKind());
        Assert.Equal(6, parameters["durationSeconds"]!.GetValue<int>());
        Assert.Equal(1, parameters["sampleCount"]!.GetValue<int>());

        var polls = requests.Where(r => r.IsPoll).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, p => Assert.Matches($"^/v1beta/models/{FastModel}/operations/[a-z0-9]+$", p.Path));
        Assert.All(polls, p => Assert.Equal(VeoStub.ApiKey, p.Header("x-goog-api-key")));
        // Under load a download may be retried (attempt timeout); every try has the same shape.
        var downloads = requests.Where(r => r.IsDownload).ToList();
        Assert.NotEmpty(downloads);
        Assert.All(downloads, d => Assert.Equal(("?alt=media", VeoStub.ApiKey), (d.Query, d.Header("x-goog-api-key"))));
    }

    [Fact]
    public async Task A_reference_image_is_downloaded_and_sent_inline_as_base64_with_its_mime_type()
    {
        using var gateway = Gateway().With("Reelgate:Network:AllowPrivateAddresses", "true");
        var client = await ClientAsync(gateway);
        var prompt = Prompt("animate this frame");

        var id = await client.GenerateAsync(Pinned(prompt, referenceImageUrl: Stub.ReferenceImageUrl));
        await client.WaitForSuccessAsync(id);

        var image = Assert.Single(Stub.For(prompt), r => r.IsCreate).Json!["instances"]![0]!["image"]!;
        Assert.Equal(Convert.ToBase64String(VeoStub.ReferencePng), image["bytesBase64Encoded"]!.GetValue<string>());
        Assert.Equal("image/png", image["mimeType"]!.GetValue<string>());
        Assert.Contains(Stub.Requests, r => r.Path == "/assets/first-frame.png");
    }

    [Fact]
    public async Task A_reference_url_that_is_not_an_image_fails_the_job_without_calling_veo()
    {
        using var gateway = Gateway().With("Reelgate:Network:AllowPrivateAddresses", "true");
        var client = await ClientAsync(gateway);
        var prompt = Prompt("animate this page");

        var id = await client.GenerateAsync(Pinned(prompt, referenceImageUrl: Stub.NotAnImageUrl));
        var job = await client.WaitForStateAsync(id, Bounded, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("REFERENCE_IMAGE_UNUSABLE", error.GetProperty("code").GetString());
        Assert.Contains("reference image", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("text/html", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Stub.For(prompt), r => r.IsCreate);
    }

    [Fact]
    public async Task A_vendor_failure_fails_the_job_with_veos_reason()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("internal failure");
        Stub.Script(prompt, new VeoScript { OperationError = (13, "Video generation failed due to an internal error (stub 13).") });

        var job = await client.WaitForStateAsync(await client.GenerateAsync(Pinned(prompt)), Bounded, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("VENDOR_INTERNAL", error.GetProperty("code").GetString());
        Assert.Contains("internal error (stub 13)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("INTERNAL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_failure_falls_through_to_local_which_renders_the_job()
    {
        using var gateway = Gateway(localEnabled: true);
        var client = await ClientAsync(gateway);
        var prompt = Prompt("falls through");
        Stub.Script(prompt, new VeoScript { OperationError = (14, "The service is currently unavailable (stub 14).") });

        var id = await client.GenerateAsync($$"""{"prompt":"{{prompt}}","prefer":"smartest","resolution":"720p","aspect_ratio":"16:9","duration_seconds":4}""");
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("local", job.GetProperty("vendor").GetString());
        var attempts = job.GetProperty("attempt_details").EnumerateArray().ToList();
        Assert.True(attempts.Count >= 2, job.ToString());
        Assert.Equal(attempts.Count, job.GetProperty("attempts").GetInt32());
        Assert.Equal(("local", "succeeded"), (attempts[^1].GetProperty("vendor").GetString(), attempts[^1].GetProperty("outcome").GetString()));
        Assert.All(attempts[..^1], a =>
        {
            Assert.Equal("veo", a.GetProperty("vendor").GetString());
            Assert.Equal("VENDOR_INTERNAL", a.GetProperty("outcome").GetString());
            Assert.Contains("stub 14", a.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(attempts.Count - 1, Stub.For(prompt).Count(r => r.IsCreate));
    }

    [Fact]
    public async Task A_safety_filtered_output_fails_the_job_naming_the_prompt_and_never_falls_through()
    {
        using var gateway = Gateway(localEnabled: true);
        var client = await ClientAsync(gateway);
        var prompt = Prompt("filtered");
        Stub.Script(prompt, new VeoScript { RaiReasons = ["Veo could not generate videos because the prompt violates Google's usage guidelines. Support codes: 17301594"] });

        var id = await client.GenerateAsync($$"""{"prompt":"{{prompt}}","prefer":"smartest","duration_seconds":4}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("CONTENT_POLICY", error.GetProperty("code").GetString());
        Assert.Contains("blocked the prompt", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("17301594", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var attempt = Assert.Single(job.GetProperty("attempt_details").EnumerateArray());
        Assert.Equal("veo", attempt.GetProperty("vendor").GetString());
        Assert.Single(Stub.For(prompt), r => r.IsCreate);
    }

    [Fact]
    public async Task A_submit_refused_for_the_reference_image_fails_naming_it()
    {
        using var gateway = Gateway(localEnabled: true).With("Reelgate:Network:AllowPrivateAddresses", "true");
        var client = await ClientAsync(gateway);
        var prompt = Prompt("refused image");
        Stub.Script(prompt, new VeoScript { SubmitError = (400, "INVALID_ARGUMENT", "The input image violates Google's Responsible AI practices. Try a different image.") });

        var id = await client.GenerateAsync($$"""{"prompt":"{{prompt}}","vendor":"veo","reference_image_url":"{{Stub.ReferenceImageUrl}}","duration_seconds":4}""");
        var job = await client.WaitForStateAsync(id, Bounded, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("CONTENT_POLICY", error.GetProperty("code").GetString());
        Assert.Contains("flagged the reference image", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Rate_limited_submits_wait_out_googles_retry_delay_and_then_succeed()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("rate limited");
        Stub.Script(prompt, new VeoScript { RateLimitedSubmits = 2, RetryDelay = TimeSpan.FromSeconds(1.5) });

        var job = await client.WaitForSuccessAsync(await client.GenerateAsync(Pinned(prompt)));

        var creates = Stub.For(prompt).Where(r => r.IsCreate).ToList();
        Assert.Equal(3, creates.Count);
        Assert.All(creates.Zip(creates.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1.4), $"waited {pair.Second.At - pair.First.At}"));
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Poll_errors_are_tolerated_and_the_job_succeeds()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("flaky polls");
        Stub.Script(prompt, new VeoScript { PollErrors = 2 });

        var job = await client.WaitForSuccessAsync(await client.GenerateAsync(Pinned(prompt)));

        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.True(Stub.For(prompt).Count(r => r.IsPoll) >= 3);
        Assert.Single(Stub.For(prompt), r => r.IsCreate);
    }

    [Fact]
    public async Task An_unreadable_submit_answer_fails_outcome_unknown_and_keeps_the_hold()
    {
        using var gateway = Gateway().With("Reelgate:Vendors:Veo:PricePerSecondUsd", "0.1");
        var client = await ClientAsync(gateway, credit: 1m);
        var prompt = Prompt("malformed answer");
        Stub.Script(prompt, new VeoScript { MalformedSubmit = true });

        var job = await client.WaitForStateAsync(await client.GenerateAsync(Pinned(prompt)), Bounded, "failed");
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(Stub.For(prompt), r => r.IsCreate);
        Assert.Equal((1m, 0.4m, 0.6m), await BalanceAsync(client));
    }

    [Fact]
    public async Task A_submit_that_times_out_after_veo_accepted_it_is_not_sent_again()
    {
        using var gateway = Gateway().With("Reelgate:Vendors:Veo:PricePerSecondUsd", "0.1");
        var client = await ClientAsync(gateway, credit: 1m);
        var prompt = Prompt("lost answer");
        Stub.Script(prompt, new VeoScript { HangSubmit = true });

        var job = await client.WaitForStateAsync(await client.GenerateAsync(Pinned(prompt)), Bounded, "failed");
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var error = job.GetProperty("error");
        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", error.GetProperty("code").GetString());
        Assert.Contains("not re-sent", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(Stub.For(prompt), r => r.IsCreate);
        Assert.Equal((1m, 0.4m, 0.6m), await BalanceAsync(client));
    }

    [Fact]
    public async Task A_missing_output_fails_the_job_as_bad_output()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("missing output");
        Stub.Script(prompt, new VeoScript { OutputMissing = true });

        var job = await client.WaitForStateAsync(await client.GenerateAsync(Pinned(prompt)), Bounded, "failed");

        var error = job.GetProperty("error");
        Assert.Equal("VENDOR_BAD_OUTPUT", error.GetProperty("code").GetString());
        Assert.Contains("404", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(Stub.For(prompt).Where(r => r.IsDownload), r => Assert.Equal(VeoStub.ApiKey, r.Header("x-goog-api-key")));
    }

    [Fact]
    public async Task An_output_that_is_not_a_video_fails_the_job_as_bad_output()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("not a video");
        Stub.Script(prompt, new VeoScript { OutputNotVideo = true });

        var job = await client.WaitForStateAsync(await client.GenerateAsync(Pinned(prompt)), Bounded, "failed");

        Assert.Equal("VENDOR_BAD_OUTPUT", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(Stub.For(prompt), r => r.IsDownload);
    }

    [Fact]
    public async Task An_inline_video_answer_is_stored_too()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("inline bytes");
        Stub.Script(prompt, new VeoScript { InlineVideo = true });

        var id = await client.GenerateAsync(Pinned(prompt, aspect: "16:9"));
        await client.WaitForSuccessAsync(id);

        var video = await DownloadAsync(gateway, client, id);
        Assert.Equal((1280, 720), (video.Width, video.Height));
        Assert.DoesNotContain(Stub.For(prompt), r => r.IsDownload);
    }

    [Fact]
    public async Task A_download_redirected_to_another_host_does_not_carry_the_api_key()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("redirected download");
        Stub.Script(prompt, new VeoScript { RedirectDownloadToOtherHost = true });

        await client.WaitForSuccessAsync(await client.GenerateAsync(Pinned(prompt)));

        var requests = Stub.For(prompt);
        var downloads = requests.Where(r => r.IsDownload).ToList();
        Assert.NotEmpty(downloads);
        Assert.All(downloads, d => Assert.Equal(VeoStub.ApiKey, d.Header("x-goog-api-key")));
        var redirected = requests.Where(r => r.Path.StartsWith("/storage/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(redirected);
        Assert.All(redirected, r =>
        {
            Assert.StartsWith("localhost:", r.Header("host"), StringComparison.Ordinal);
            Assert.Null(r.Header("x-goog-api-key"));
        });
    }

    [Fact]
    public async Task Cancel_stops_polling_and_sends_veo_nothing_since_it_has_no_cancel()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("cancel me");
        Stub.Script(prompt, new VeoScript { RenderTime = TimeSpan.FromMinutes(5) });
        var id = await client.GenerateAsync(Pinned(prompt));
        await Eventually.TrueAsync(() => Stub.For(prompt).Any(r => r.IsPoll), "Veo was polled", Bounded);

        await client.PostJsonAsync($"/v1/video/cancel/{id}", "{}");
        await client.WaitForStateAsync(id, Bounded, "canceled");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var polls = Stub.For(prompt).Count(r => r.IsPoll);
        await Task.Delay(600, TestContext.Current.CancellationToken);

        Assert.Equal(polls, Stub.For(prompt).Count(r => r.IsPoll));
        Assert.Single(Stub.For(prompt), r => r.IsCreate);
        var operationId = Stub.For(prompt).First(r => r.IsPoll).Path.Split('/')[^1];
        Assert.DoesNotContain(Stub.Requests, r => r.Path.Contains(operationId, StringComparison.Ordinal) && !r.IsPoll);
    }

    [Fact]
    public async Task A_wrong_api_key_is_the_gateways_fault_so_the_job_falls_through()
    {
        using var gateway = Gateway(localEnabled: true).With("Reelgate:Vendors:Veo:ApiKey", "wrong-key");
        var client = await ClientAsync(gateway);
        var prompt = Prompt("wrong key");

        var id = await client.GenerateAsync($$"""{"prompt":"{{prompt}}","prefer":"smartest","duration_seconds":4}""");
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("local", job.GetProperty("vendor").GetString());
        var veoAttempts = job.GetProperty("attempt_details").EnumerateArray().Where(a => a.GetProperty("vendor").GetString() == "veo").ToList();
        Assert.NotEmpty(veoAttempts);
        Assert.All(veoAttempts, a => Assert.Equal("VENDOR_UNAUTHORIZED", a.GetProperty("outcome").GetString()));
        Assert.All(Stub.For(prompt).Where(r => r.IsCreate), r => Assert.Equal("wrong-key", r.Header("x-goog-api-key")));
    }

    [Fact]
    public async Task A_1080p_job_shorter_than_8_seconds_is_refused_by_routing_and_never_sent_to_veo()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);
        var prompt = Prompt("short full hd");

        var response = await client.PostJsonAsync("/v1/video/generate", $$"""{"prompt":"{{prompt}}","vendor":"veo","resolution":"1080p","duration_seconds":4}""");

        // Veo takes only 8 s at 1080p; the models declare it, so the router refuses before any job exists.
        await response.AssertErrorAsync(System.Net.HttpStatusCode.UnprocessableEntity, "UNSUPPORTED");
        Assert.DoesNotContain(Stub.For(prompt), r => r.IsCreate);
    }

    [Fact]
    public async Task Capabilities_list_veos_models_with_16_9_and_9_16_only_and_published_prices()
    {
        using var gateway = Gateway();
        var client = await ClientAsync(gateway);

        var capabilities = await (await client.GetAsync("/v1/video/capabilities", TestContext.Current.CancellationToken)).JsonAsync();

        var veo = capabilities.GetProperty("vendors").EnumerateArray().Single(v => v.GetProperty("vendor").GetString() == "veo");
        var models = veo.GetProperty("model_details").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        var flagship = models["veo-3.1-generate-preview"];
        Assert.Equal(["16:9", "9:16"], flagship.GetProperty("aspects").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["720p", "1080p", "4k"], flagship.GetProperty("resolutions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal([4, 6, 8], flagship.GetProperty("durations").EnumerateArray().Select(a => a.GetInt32()));
        Assert.Equal(0.6m, flagship.GetProperty("price_per_second_usd").GetProperty("4k").GetDecimal());
        Assert.True(flagship.GetProperty("supports_reference_image").GetBoolean());
        Assert.Equal("2026-06-30", models["veo-3.0-generate-001"].GetProperty("removed_after").GetString());
    }

    private GatewayFactory Gateway(bool localEnabled = false) => new GatewayFactory()
        .With("Reelgate:Vendors:Veo:ApiKey", VeoStub.ApiKey)
        .With("Reelgate:Vendors:Veo:BaseUrl", Stub.Url)
        .With("Reelgate:Vendors:Veo:PollInterval", "00:00:00.050")
        .With("Reelgate:Vendors:Veo:RequestTimeout", "00:00:02")
        .With("Reelgate:Vendors:Local:Enabled", localEnabled ? "true" : "false");

    private static async Task<HttpClient> ClientAsync(GatewayFactory gateway, decimal credit = 100m)
    {
        var project = "veo-" + Guid.NewGuid().ToString("N")[..8];
        await gateway.GrantAsync(project, credit);
        return gateway.CreateClient(await gateway.CreateKeyAsync(project));
    }

    /// <summary>Unique per test, so the shared stub's scripts and records do not mix.</summary>
    private static string Prompt(string what) => $"{what} {Guid.NewGuid():N}";

    private static string Pinned(string prompt, string resolution = "720p", string aspect = "16:9", int seconds = 4, string? referenceImageUrl = null)
        => referenceImageUrl is null
            ? $$"""{"prompt":"{{prompt}}","vendor":"veo","model":"{{FastModel}}","resolution":"{{resolution}}","aspect_ratio":"{{aspect}}","duration_seconds":{{seconds}}}"""
            : $$"""{"prompt":"{{prompt}}","vendor":"veo","model":"{{FastModel}}","resolution":"{{resolution}}","aspect_ratio":"{{aspect}}","duration_seconds":{{seconds}},"reference_image_url":"{{referenceImageUrl}}"}""";

    private static async Task<(string Codec, int Width, int Height, double Duration, string PixelFormat)> DownloadAsync(GatewayFactory gateway, HttpClient client, string id)
    {
        var link = await (await client.GetAsync($"/v1/video/download_url/{id}", TestContext.Current.CancellationToken)).JsonAsync();
        var url = new Uri(link.GetProperty("url").GetString()!);
        var download = await gateway.CreateClient().GetAsync(url.PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var path = Path.Combine(gateway.DataDirectory, $"{id}-download.mp4");
        await File.WriteAllBytesAsync(path, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        return await Ffprobe.VideoAsync(path);
    }

    private static async Task<(decimal Balance, decimal Held, decimal Available)> BalanceAsync(HttpClient client)
    {
        var body = await (await client.GetAsync("/v1/account/balance", TestContext.Current.CancellationToken)).JsonAsync();
        return (body.GetProperty("balance_usd").GetDecimal(), body.GetProperty("held_usd").GetDecimal(), body.GetProperty("available_usd").GetDecimal());
    }
}
