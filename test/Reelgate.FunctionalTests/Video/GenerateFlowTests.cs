using System.Net;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Video;

public sealed class GenerateFlowTests : IClassFixture<GatewayFactoryFixture>
{
    private readonly GatewayFactory _gateway;

    public GenerateFlowTests(GatewayFactoryFixture fixture) => _gateway = fixture.Gateway;

    [Theory]
    [InlineData("720p", "16:9", 2, 1280, 720)]
    [InlineData("720p", "9:16", 1, 720, 1280)]
    [InlineData("720p", "1:1", 1, 720, 720)]
    [InlineData("1080p", "16:9", 1, 1920, 1080)]
    public async Task Generate_then_download_yields_h264_of_the_ordered_size_and_duration(string resolution, string aspect, int seconds, int width, int height)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync($$"""{"prompt":"a lighthouse in a storm","resolution":"{{resolution}}","aspect_ratio":"{{aspect}}","duration_seconds":{{seconds}}}""");

        var job = await client.WaitForSuccessAsync(id);
        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal(resolution, job.GetProperty("resolution").GetString());
        Assert.Equal(aspect, job.GetProperty("aspect").GetString());
        Assert.Equal(seconds, job.GetProperty("duration_seconds").GetInt32());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        Assert.Equal(0m, job.GetProperty("cost_usd").GetDecimal());
        Assert.False(Directory.Exists(Path.Combine(_gateway.DataDirectory, "work", "local", id)), "the render's work folder is cleaned up");
        Assert.False(Directory.Exists(Path.Combine(_gateway.DataDirectory, "tmp", id)), "the ingest scratch folder is cleaned up");

        var link = await (await client.GetAsync($"/v1/video/download_url/{id}", TestContext.Current.CancellationToken)).JsonAsync();
        var url = new Uri(link.GetProperty("url").GetString()!);
        var download = await _gateway.CreateClient().GetAsync(url.PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var path = Path.Combine(_gateway.DataDirectory, $"{id}-download.mp4");
        await File.WriteAllBytesAsync(path, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        var video = await Ffprobe.VideoAsync(path);
        Assert.Equal("h264", video.Codec);
        Assert.Equal("yuv420p", video.PixelFormat);
        Assert.Equal((width, height), (video.Width, video.Height));
        Assert.InRange(video.Duration, seconds - 0.2, seconds + 0.2);
    }

    [Fact]
    public async Task Status_of_a_succeeded_job_carries_signed_video_and_thumbnail_urls()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt":"status urls","duration_seconds":1}""");
        await client.WaitForSuccessAsync(id);

        var status = await (await client.GetAsync($"/v1/video/status/{id}", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        var thumbnail = new Uri(status.GetProperty("thumbnail_url").GetString()!);
        var jpeg = await _gateway.CreateClient().GetByteArrayAsync(thumbnail.PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        var video = new Uri(status.GetProperty("video_url").GetString()!);
        var response = await _gateway.CreateClient().GetAsync(video.PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task Capabilities_lists_the_local_vendor_with_its_limits()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var capabilities = await (await client.GetAsync("/v1/video/capabilities", TestContext.Current.CancellationToken)).JsonAsync();

        var local = capabilities.GetProperty("vendors").EnumerateArray().Single(v => v.GetProperty("vendor").GetString() == "local");
        Assert.Equal(["720p", "1080p", "4k"], local.GetProperty("resolutions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(20, local.GetProperty("max_duration_seconds").GetInt32());
        Assert.Contains("local-procedural-v1", local.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("healthy", local.GetProperty("health").GetString());
        var model = local.GetProperty("model_details")[0];
        Assert.Equal(20, model.GetProperty("durations").GetArrayLength());
        Assert.Equal(["16:9", "9:16", "1:1"], model.GetProperty("aspects").EnumerateArray().Select(a => a.GetString()));
    }
}

/// <summary>One gateway per test class: its jobs share the dispatcher, each test uses its own project.</summary>
public sealed class GatewayFactoryFixture : IDisposable
{
    public GatewayFactory Gateway { get; } = new();

    public void Dispose() => Gateway.Dispose();
}
