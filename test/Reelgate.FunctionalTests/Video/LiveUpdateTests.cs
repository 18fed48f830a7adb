using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Video;

/// <summary><c>status?wait=</c> and the SSE stream.</summary>
public sealed class LiveUpdateTests
{
    [Fact]
    public async Task Status_wait_answers_as_soon_as_a_short_job_succeeds()
    {
        using var gateway = new GatewayFactory();
        var client = await gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "three seconds", "duration_seconds": 3}""");
        var clock = Stopwatch.StartNew();

        var status = await (await client.GetAsync($"/v1/video/status/{id}?wait=30", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Status_wait_on_a_job_that_does_not_move_answers_after_the_wait_with_its_state()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var client = await gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "stays queued"}""");
        var clock = Stopwatch.StartNew();

        var status = await (await client.GetAsync($"/v1/video/status/{id}?wait=1", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal("queued", status.GetProperty("state").GetString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("61")]
    [InlineData("-1")]
    [InlineData("soon")]
    public async Task Status_wait_out_of_range_answers_400(string wait)
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var client = await gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "x"}""");

        var response = await client.GetAsync($"/v1/video/status/{id}?wait={wait}", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(System.Net.HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task An_sse_client_sees_queued_running_succeeded_and_resumes_after_the_last_event_id()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Vendors:Local:MaxConcurrentRenders", "1");
        var client = await gateway.CreateClientForNewProjectAsync();
        client.Timeout = TimeSpan.FromMinutes(2);
        var blocker = await client.GenerateAsync("""{"prompt": "occupies the only slot", "duration_seconds": 3}""");
        await client.WaitForStateAsync(blocker, TimeSpan.FromSeconds(30), "running");
        var id = await client.GenerateAsync("""{"prompt": "streamed", "duration_seconds": 2}""");

        var events = await ReadEventsAsync(client, id, lastEventId: null);

        Assert.Equal(["queued", "running", "succeeded"], events.Select(e => e.Name).Distinct());
        Assert.Equal("succeeded", events[^1].Name);
        Assert.True(events.Select(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).SequenceEqual(events.Select(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).Order()));
        using var last = JsonDocument.Parse(events[^1].Data);
        Assert.True(last.RootElement.TryGetProperty("video_url", out _));

        var lastRunning = events.Last(e => e.Name == "running");
        var resumed = await ReadEventsAsync(client, id, lastRunning.Id);
        Assert.Equal(["succeeded"], resumed.Select(e => e.Name));

        var upToDate = await ReadEventsAsync(client, id, events[^1].Id);
        Assert.Empty(upToDate);
    }

    [Fact]
    public async Task Events_of_an_unknown_job_answer_404_in_the_envelope()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var client = await gateway.CreateClientForNewProjectAsync();

        var response = await client.GetAsync("/v1/video/events/vid_01m8905aa9fvcsanasy8hcmwz4", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(System.Net.HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static async Task<List<(string Id, string Name, string Data)>> ReadEventsAsync(HttpClient client, string id, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/video/events/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var events = new List<(string, string, string)>();
        string? eventId = null, name = null, data = null;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (eventId is not null)
                {
                    events.Add((eventId, name!, data!));
                }

                eventId = name = data = null;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return events;
    }
}
