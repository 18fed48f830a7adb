using System.Net;
using Reelgate.Client;
using Reelgate.Contracts.Video;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Tooling;

/// <summary>The typed .NET client against the real host in memory.</summary>
public sealed class ReelgateClientTests
{
    [Fact]
    public async Task Generate_wait_and_download_yield_the_video_with_progress_reported_on_the_way()
    {
        using var gateway = new GatewayFactory();
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("client")));
        var updates = new List<VideoJob>();

        var job = await sut.GenerateAsync(new GenerateVideoRequest { Prompt = "typed client", DurationSeconds = 2, Resolution = "720p" }, cancellationToken: TestContext.Current.CancellationToken);
        var final = await sut.WaitForCompletionAsync(job.JobId, new Inline(updates.Add), TestContext.Current.CancellationToken);
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "video.mp4");
        long bytes;
        await using (var file = File.Create(path))
        {
            bytes = await sut.DownloadVideoAsync(job.JobId, file, TestContext.Current.CancellationToken);
        }

        Assert.Equal(VideoJobState.Succeeded, final.State);
        Assert.NotNull(final.VideoUrl);
        Assert.Equal(VideoJobState.Succeeded, updates[^1].State);
        Assert.Equal(new FileInfo(path).Length, bytes);
        var (codec, width, height, _, _) = await Ffprobe.VideoAsync(path);
        Assert.Equal(("h264", 1280, 720), (codec, width, height));
        var details = await sut.GetAsync(job.JobId, TestContext.Current.CancellationToken);
        Assert.Equal("typed client", details.Prompt);
        var page = await sut.ListAsync(limit: 10, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(page.Items, j => j.JobId == job.JobId);
    }

    [Fact]
    public async Task An_unknown_job_throws_ReelgateNotFoundException_with_the_envelope()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("client")));

        var error = await Assert.ThrowsAsync<ReelgateNotFoundException>(() => sut.GetAsync("vid_00000000000000000000000000", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(ReelgateErrorCodes.NotFound, error.Code);
        Assert.Contains("vid_00000000000000000000000000", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("req_", error.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_without_credit_throws_ReelgateInsufficientCreditException()
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Dispatcher:Enabled", "false")
            .With("Reelgate:Vendors:Local:PricePerSecondUsd", "0.10");
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("poor")));

        var error = await Assert.ThrowsAsync<ReelgateInsufficientCreditException>(() => sut.GenerateAsync(new GenerateVideoRequest { Prompt = "costs money" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.PaymentRequired, error.StatusCode);
        Assert.Equal(ReelgateErrorCodes.InsufficientCredit, error.Code);
    }

    [Fact]
    public async Task Invalid_input_throws_ReelgateApiException_with_code_INVALID_ARGUMENT()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("client")));

        var error = await Assert.ThrowsAsync<ReelgateApiException>(() => sut.GenerateAsync(new GenerateVideoRequest { Prompt = " " }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ReelgateErrorCodes.InvalidArgument, error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task The_event_stream_yields_states_in_order_and_ends_with_the_terminal_state()
    {
        using var gateway = new GatewayFactory();
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("client")));
        var job = await sut.GenerateAsync(new GenerateVideoRequest { Prompt = "streamed", DurationSeconds = 2 }, cancellationToken: TestContext.Current.CancellationToken);

        var events = new List<VideoJobEvent>();
        await foreach (var update in sut.StreamEventsAsync(job.JobId, cancellationToken: TestContext.Current.CancellationToken))
        {
            events.Add(update);
        }

        Assert.NotEmpty(events);
        Assert.Equal(VideoJobState.Succeeded, events[^1].Job.State);
        Assert.Equal("succeeded", events[^1].Event);
        Assert.All(events, e => Assert.Equal(job.JobId, e.Job.JobId));
        Assert.All(events[..^1], e => Assert.False(e.Job.State.IsTerminal()));

        // Resuming after the last event has nothing more to say.
        var resumed = new List<VideoJobEvent>();
        await foreach (var update in sut.StreamEventsAsync(job.JobId, events[^1].Id, TestContext.Current.CancellationToken))
        {
            resumed.Add(update);
        }

        Assert.Empty(resumed);
    }

    [Fact]
    public async Task Account_and_webhook_calls_round_trip()
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Dispatcher:Enabled", "false")
            .With("Reelgate:Network:AllowPrivateAddresses", "true");
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("account")));
        await gateway.GrantAsync("account", 5m);

        var balance = await sut.GetBalanceAsync(TestContext.Current.CancellationToken);
        var ledger = await sut.ListLedgerAsync(cancellationToken: TestContext.Current.CancellationToken);
        var topUp = await sut.CreateTopUpAsync(20m, TestContext.Current.CancellationToken);
        var webhook = await sut.SetWebhookAsync(new Uri("http://127.0.0.1:9/hook"), TestContext.Current.CancellationToken);
        var rotated = await sut.RotateWebhookSecretAsync(TestContext.Current.CancellationToken);
        var removed = await sut.SetWebhookAsync(null, TestContext.Current.CancellationToken);
        var capabilities = await sut.GetCapabilitiesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5m, balance.AvailableUsd);
        Assert.Equal("grant", ledger.Items[0].Kind);
        Assert.Equal(20m, topUp.AmountUsd);
        Assert.Equal("http://127.0.0.1:9/hook", webhook.Url);
        Assert.StartsWith("whsec_", webhook.Secret, StringComparison.Ordinal);
        Assert.NotEqual(webhook.Secret, rotated.Secret);
        Assert.Null(removed.Url);
        Assert.Contains(capabilities.Vendors, v => v.Vendor == "local");
    }

    [Fact]
    public async Task Cancel_retention_download_url_delete_and_delete_all_answer_their_contract_types()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var sut = new ReelgateClient(gateway.CreateClient(await gateway.CreateKeyAsync("verbs")));
        var first = await sut.GenerateAsync(new GenerateVideoRequest { Prompt = "one" }, "key-1", TestContext.Current.CancellationToken);
        var replay = await sut.GenerateAsync(new GenerateVideoRequest { Prompt = "one" }, "key-1", TestContext.Current.CancellationToken);
        var second = await sut.GenerateAsync(new GenerateVideoRequest { Prompt = "two" }, cancellationToken: TestContext.Current.CancellationToken);

        var retention = await sut.SetRetentionAsync(first.JobId, 7, cancellationToken: TestContext.Current.CancellationToken);
        var canceled = await sut.CancelAsync(first.JobId, TestContext.Current.CancellationToken);
        var canceledAgain = await sut.CancelAsync(first.JobId, TestContext.Current.CancellationToken);
        var noVideo = await Assert.ThrowsAsync<ReelgateApiException>(() => sut.GetDownloadUrlAsync(second.JobId, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken));
        var deliveries = await sut.ListWebhookDeliveriesAsync(first.JobId, TestContext.Current.CancellationToken);
        var deleted = await sut.DeleteAsync(first.JobId, cancellationToken: TestContext.Current.CancellationToken);
        var all = await sut.DeleteAllAsync(TestContext.Current.CancellationToken);

        Assert.Equal(first.JobId, replay.JobId);
        Assert.Equal(7, retention.RetentionDays);
        Assert.True(canceled.Ok);
        Assert.False(canceledAgain.Ok);
        Assert.Equal(ReelgateErrorCodes.InvalidArgument, noVideo.Code);
        Assert.Empty(deliveries.Items);
        Assert.True(deleted.Ok);
        Assert.Equal(1, all.Deleted);
    }

    private sealed class Inline(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }
}
