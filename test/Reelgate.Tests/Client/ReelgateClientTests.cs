using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reelgate.Client;
using Reelgate.Contracts.Video;
using Reelgate.Testing;

namespace Reelgate.Tests.Client;

public sealed class ReelgateClientTests
{
    private const string QueuedJob = """{"job_id":"vid_1","state":"queued"}""";

    [Fact]
    public async Task GetStatus_after_a_503_and_a_network_error_retries_and_succeeds()
    {
        var handler = new StubHandler((_, call) => call switch
        {
            1 => StubHandler.Json(HttpStatusCode.ServiceUnavailable, """{"error":{"code":"VENDOR_UNAVAILABLE","message":"busy","request_id":"req_1"}}"""),
            2 => throw new HttpRequestException("connection reset"),
            _ => StubHandler.Json(HttpStatusCode.OK, QueuedJob),
        });
        var sut = CreateSut(handler, new ReelgateClientOptions { MaxRetries = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(1) });

        var job = await sut.GetStatusAsync("vid_1", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VideoJobState.Queued, job.State);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var handler = new StubHandler((_, call) =>
        {
            if (call > 1)
            {
                return StubHandler.Json(HttpStatusCode.OK, QueuedJob);
            }

            var limited = StubHandler.Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"RATE_LIMITED","message":"slow down","request_id":"req_1"}}""");
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return limited;
        });
        var sut = CreateSut(handler, new ReelgateClientOptions { TimeProvider = time });

        var pending = sut.GetStatusAsync("vid_1", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => handler.Calls == 1, "the first call");
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, handler.Calls);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(VideoJobState.Queued, (await pending).State);
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelay_fails_at_once_with_RetryAfter()
    {
        var handler = new StubHandler((_, _) =>
        {
            var limited = StubHandler.Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"RATE_LIMITED","message":"slow down","request_id":"req_9"}}""");
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromMinutes(5));
            return limited;
        });
        var sut = CreateSut(handler, new ReelgateClientOptions { MaxRetryDelay = TimeSpan.FromSeconds(30) });

        var error = await Assert.ThrowsAsync<ReelgateRateLimitedException>(() => sut.GetCapabilitiesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Equal("req_9", error.RequestId);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Generate_without_an_idempotency_key_is_never_retried()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json(HttpStatusCode.ServiceUnavailable, """{"error":{"code":"VENDOR_UNAVAILABLE","message":"busy","request_id":"req_1"}}"""));
        var sut = CreateSut(handler, new ReelgateClientOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<ReelgateApiException>(() => sut.GenerateAsync(new GenerateVideoRequest { Prompt = "x" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ReelgateErrorCodes.VendorUnavailable, error.Code);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Generate_with_an_idempotency_key_is_retried_with_the_same_key_header()
    {
        var handler = new StubHandler((_, call) => call == 1
            ? throw new HttpRequestException("connection refused")
            : StubHandler.Json(HttpStatusCode.Accepted, QueuedJob));
        var sut = CreateSut(handler, new ReelgateClientOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(1) });

        var job = await sut.GenerateAsync(new GenerateVideoRequest { Prompt = "x" }, "key-1", TestContext.Current.CancellationToken);

        Assert.Equal("vid_1", job.JobId);
        Assert.Equal(2, handler.Calls);
        Assert.All(handler.Requests, r => Assert.Equal("key-1", r.Headers.GetValues("Idempotency-Key").Single()));
    }

    [Fact]
    public async Task An_answer_without_the_envelope_maps_to_an_HTTP_code()
    {
        var handler = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html") });
        var sut = CreateSut(handler, new ReelgateClientOptions());

        var error = await Assert.ThrowsAsync<ReelgateApiException>(() => sut.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal("HTTP_502", error.Code);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
    }

    [Fact]
    public async Task StreamEvents_parses_ids_names_multi_line_data_and_skips_comments()
    {
        const string Stream = "id: 1\nevent: queued\ndata: {\"job_id\":\"vid_1\",\ndata: \"state\":\"queued\"}\n\n: keep-alive\n\nretry: 100\nid: 2\nevent: succeeded\ndata: {\"job_id\":\"vid_1\",\"state\":\"succeeded\",\"video_url\":\"http://x/v.mp4\"}\n\n";
        var handler = new StubHandler((request, _) =>
        {
            Assert.Equal("5", request.Headers.GetValues("Last-Event-ID").Single());
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Stream, Encoding.UTF8, "text/event-stream") };
        });
        var sut = CreateSut(handler, new ReelgateClientOptions());

        var events = new List<VideoJobEvent>();
        await foreach (var e in sut.StreamEventsAsync("vid_1", "5", TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        Assert.Equal(["1", "2"], events.Select(e => e.Id));
        Assert.Equal(["queued", "succeeded"], events.Select(e => e.Event));
        Assert.Equal(VideoJobState.Succeeded, events[1].Job.State);
        Assert.Equal("http://x/v.mp4", events[1].Job.VideoUrl);
    }

    [Fact]
    public async Task WaitForCompletion_falls_back_to_a_long_poll_when_the_stream_ends_early()
    {
        var handler = new StubHandler((request, _) => request.RequestUri!.AbsolutePath.Contains("/events/", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("id: 1\nevent: running\ndata: {\"job_id\":\"vid_1\",\"state\":\"running\",\"progress\":0.5}\n\n", Encoding.UTF8, "text/event-stream") }
            : StubHandler.Json(HttpStatusCode.OK, """{"job_id":"vid_1","state":"failed","error":{"code":"VENDOR_FAILED","message":"no"}}"""));
        var sut = CreateSut(handler, new ReelgateClientOptions());
        var seen = new List<VideoJobState>();

        var final = await sut.WaitForCompletionAsync("vid_1", new Inline(j => seen.Add(j.State)), TestContext.Current.CancellationToken);

        Assert.Equal(VideoJobState.Failed, final.State);
        Assert.Equal([VideoJobState.Running, VideoJobState.Failed], seen);
        var poll = handler.Requests.Single(r => r.RequestUri!.AbsolutePath.Contains("/status/", StringComparison.Ordinal));
        Assert.Equal("?wait=30", poll.RequestUri!.Query);
    }

    [Fact]
    public async Task AddReelgateClient_sends_the_key_to_the_gateway_only()
    {
        var handler = new StubHandler((request, _) => request.RequestUri!.AbsolutePath.Contains("/download_url/", StringComparison.Ordinal)
            ? StubHandler.Json(HttpStatusCode.OK, """{"url":"https://cdn.example.com/v1/files/vid_1/video.mp4?sig=x","expires_at":"2026-01-01T00:00:00.000Z","expires_in":3600}""")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        var services = new ServiceCollection();
        services.AddReelgateClient(options =>
        {
            options.BaseAddress = new Uri("http://gateway.test/base");
            options.ApiKey = "rg_pk_secret";
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var sut = provider.GetRequiredService<ReelgateClient>();

        using var destination = new MemoryStream();
        var bytes = await sut.DownloadVideoAsync("vid_1", destination, TestContext.Current.CancellationToken);

        Assert.Equal(3, bytes);
        Assert.Equal("http://gateway.test/base/v1/video/download_url/vid_1", handler.Requests[0].RequestUri!.ToString());
        Assert.Equal("Bearer rg_pk_secret", handler.Requests[0].Headers.Authorization!.ToString());
        Assert.Equal("cdn.example.com", handler.Requests[1].RequestUri!.Host);
        Assert.Null(handler.Requests[1].Headers.Authorization);
    }

    private static ReelgateClient CreateSut(StubHandler handler, ReelgateClientOptions options)
        => new(new HttpClient(handler) { BaseAddress = new Uri("http://gateway.test/") }, options);

    private sealed class Inline(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }
}
