using System.Net;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Video;

public sealed class ListTests : IClassFixture<ApiOnlyGatewayFixture>
{
    private readonly GatewayFactory _gateway;

    public ListTests(ApiOnlyGatewayFixture fixture) => _gateway = fixture.Gateway;

    [Fact]
    public async Task List_pages_through_250_jobs_newest_first_without_duplicates_or_gaps()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var created = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            created.Add(await client.GenerateAsync($$"""{"prompt": "job {{i}}"}"""));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/v1/video/list?limit=40{(cursor is null ? string.Empty : "&cursor=" + cursor)}", TestContext.Current.CancellationToken)).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("job_id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(7, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task List_defaults_to_20_items_and_omits_the_cursor_on_the_last_page()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        for (var i = 0; i < 21; i++)
        {
            await client.GenerateAsync("""{"prompt": "p"}""");
        }

        var first = await (await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).JsonAsync();
        var last = await (await client.GetAsync($"/v1/video/list?cursor={first.GetProperty("next_cursor").GetString()}", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal(20, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, last.GetProperty("items").GetArrayLength());
        Assert.False(last.TryGetProperty("next_cursor", out _));
    }

    [Fact]
    public async Task Delete_is_idempotent_and_hides_the_job()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "bye"}""");

        var first = await (await client.DeleteAsync($"/v1/video/delete/{id}", TestContext.Current.CancellationToken)).JsonAsync();
        var second = await (await client.DeleteAsync($"/v1/video/delete/{id}", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.True(first.GetProperty("ok").GetBoolean());
        Assert.True(second.GetProperty("ok").GetBoolean());
        await (await client.GetAsync($"/v1/video/get/{id}", TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Cancel_of_a_queued_job_answers_ok_then_false_once_terminal()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "stop"}""");

        var first = await (await client.PostJsonAsync($"/v1/video/cancel/{id}", $$"""{"job_id": "{{id}}"}""")).JsonAsync();
        var second = await (await client.PostAsync($"/v1/video/cancel/{id}", null, TestContext.Current.CancellationToken)).JsonAsync();

        Assert.True(first.GetProperty("ok").GetBoolean());
        Assert.False(second.GetProperty("ok").GetBoolean());
        var job = await client.GetJobAsync(id);
        Assert.Equal("canceled", job.GetProperty("state").GetString());
        Assert.True(job.TryGetProperty("completed_at", out _));
    }
}
