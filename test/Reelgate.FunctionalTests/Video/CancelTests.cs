using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.Core.Ports;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Vendors.Local;

namespace Reelgate.FunctionalTests.Video;

public sealed class CancelTests : IClassFixture<GatewayFactoryFixture>
{
    private readonly GatewayFactory _gateway;

    public CancelTests(GatewayFactoryFixture fixture) => _gateway = fixture.Gateway;

    [Fact]
    public async Task Cancel_of_a_running_local_job_stops_ffmpeg_and_ends_canceled()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var local = _gateway.Services.GetServices<IVideoVendor>().OfType<LocalVendor>().Single();
        var id = await client.GenerateAsync("""{"prompt": "a long render to cancel", "resolution": "1080p", "duration_seconds": 20}""");
        var pid = await WaitForRenderProcessAsync(local, id);

        var answer = await (await client.PostJsonAsync($"/v1/video/cancel/{id}", "{}")).JsonAsync();

        Assert.True(answer.GetProperty("ok").GetBoolean());
        await WaitForExitAsync(pid);
        var job = await client.WaitForStateAsync(id, TimeSpan.FromSeconds(10), "canceled");
        Assert.False(job.TryGetProperty("video_url", out _));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal("canceled", (await client.GetJobAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Delete_of_a_running_job_cancels_it_first()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var local = _gateway.Services.GetServices<IVideoVendor>().OfType<LocalVendor>().Single();
        var id = await client.GenerateAsync("""{"prompt": "a long render to delete", "resolution": "1080p", "duration_seconds": 20}""");
        var pid = await WaitForRenderProcessAsync(local, id);

        var answer = await client.DeleteAsync($"/v1/video/delete/{id}", TestContext.Current.CancellationToken);

        Assert.True((await answer.JsonAsync()).GetProperty("ok").GetBoolean());
        await WaitForExitAsync(pid);
        Assert.DoesNotContain(Directory.GetFiles(_gateway.DataDirectory, "*.mp4", SearchOption.AllDirectories), f => f.Contains(id, StringComparison.Ordinal));
        await (await client.GetAsync($"/v1/video/get/{id}", TestContext.Current.CancellationToken)).AssertErrorAsync(System.Net.HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static async Task<int> WaitForRenderProcessAsync(LocalVendor local, string id)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (local.GetRenderProcessId(id) is { } pid)
            {
                return pid;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail("ffmpeg never started for the job");
        return 0;
    }

    private static async Task WaitForExitAsync(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return;
                }
            }
            catch (ArgumentException)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"ffmpeg (pid {pid}) still runs after cancel");
    }
}
