using System.Net;
using System.Net.Http.Headers;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.Video;

namespace Reelgate.FunctionalTests.OpenAi;

/// <summary><c>GET /v1/videos/{id}/content</c> of rendered videos: the video, its thumbnail and its spritesheet.</summary>
public sealed class OpenAiVideoContentTests : IClassFixture<GatewayFactoryFixture>
{
    private readonly GatewayFactory _gateway;

    public OpenAiVideoContentTests(GatewayFactoryFixture fixture) => _gateway = fixture.Gateway;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_completed_video_streams_as_h264_of_the_ordered_size()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"model": "sora-2", "prompt": "content", "seconds": "2", "size": "1280x720"}""")).GetProperty("id").GetString()!;
        var video = await client.WaitForVideoAsync(id);

        var response = await client.GetAsync($"/v1/videos/{id}/content", CancellationToken);

        Assert.Equal(("completed", 100), (video.GetProperty("status").GetString(), video.GetProperty("progress").GetInt32()));
        Assert.True(video.GetProperty("expires_at").GetInt64() > video.GetProperty("completed_at").GetInt64());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(_gateway.DataDirectory, $"{id}-openai.mp4");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(CancellationToken), CancellationToken);
        var probed = await Ffprobe.VideoAsync(path);
        Assert.Equal(("h264", 1280, 720), (probed.Codec, probed.Width, probed.Height));
        Assert.InRange(probed.Duration, 1.8, 2.2);
    }

    [Fact]
    public async Task Content_honours_range_requests()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "ranges", "seconds": "1"}""")).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/videos/{id}/content?variant=video");
        request.Headers.Range = new RangeHeaderValue(0, 99);

        var response = await client.SendAsync(request, CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(100, (await response.Content.ReadAsByteArrayAsync(CancellationToken)).Length);
    }

    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("720x1280", 1280, 2280)]
    [InlineData("720x720", 1280, 1280)]
    public async Task Every_completed_video_has_a_spritesheet_jpeg_of_5x5_tiles_256_pixels_wide(string size, int width, int height)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync($$"""{"prompt": "sprites", "seconds": "3", "size": "{{size}}"}""")).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id);

        var response = await client.GetAsync($"/v1/videos/{id}/content?variant=spritesheet", CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(CancellationToken);
        Assert.True(bytes is [0xFF, 0xD8, ..], "The spritesheet is not a JPEG.");
        var path = Path.Combine(_gateway.DataDirectory, $"{id}-sprites.jpg");
        await File.WriteAllBytesAsync(path, bytes, CancellationToken);
        var grid = await Ffprobe.VideoAsync(path);
        Assert.Equal(("mjpeg", width, height), (grid.Codec, grid.Width, grid.Height));
    }

    [Fact]
    public async Task The_thumbnail_variant_is_a_jpeg()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "made by the seed api", "duration_seconds": 1}""");
        await client.WaitForSuccessAsync(id);

        var response = await client.GetAsync($"/v1/videos/{id}/content?variant=thumbnail", CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.True(await response.Content.ReadAsByteArrayAsync(CancellationToken) is [0xFF, 0xD8, ..]);
    }

    [Fact]
    public async Task A_spritesheet_is_made_on_its_first_request_once_and_kept()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "made when asked", "seconds": "1"}""")).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id);
        var blobs = Path.Combine(_gateway.DataDirectory, "blobs");
        string[] Spritesheets() => [.. Directory.GetFiles(blobs, "spritesheet.jpg", SearchOption.AllDirectories).Where(f => f.Contains(id, StringComparison.Ordinal))];

        // Ingest leaves it out (it decodes the whole video); concurrent first requests share one making.
        Assert.Empty(Spritesheets());
        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetByteArrayAsync($"/v1/videos/{id}/content?variant=spritesheet", CancellationToken)));
        var stored = Assert.Single(Spritesheets());
        var writtenAt = File.GetLastWriteTimeUtc(stored);
        var again = await client.GetByteArrayAsync($"/v1/videos/{id}/content?variant=spritesheet", CancellationToken);

        Assert.All(first, bytes => Assert.Equal(again, bytes));
        Assert.True(again is [0xFF, 0xD8, ..], "The spritesheet is not a JPEG.");
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(stored));
    }

    [Fact]
    public async Task Deleting_a_completed_video_removes_its_spritesheet_with_its_other_files()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = (await client.CreateVideoAsync("""{"prompt": "delete my files", "seconds": "1"}""")).GetProperty("id").GetString()!;
        await client.WaitForVideoAsync(id);
        var blobs = Path.Combine(_gateway.DataDirectory, "blobs");
        (await client.GetAsync($"/v1/videos/{id}/content?variant=spritesheet", CancellationToken)).EnsureSuccessStatusCode();
        Assert.Single(Directory.GetFiles(blobs, "spritesheet.jpg", SearchOption.AllDirectories), f => f.Contains(id, StringComparison.Ordinal));

        await (await client.DeleteAsync($"/v1/videos/{id}", CancellationToken)).JsonAsync();

        Assert.DoesNotContain(Directory.GetFiles(blobs, "*", SearchOption.AllDirectories), f => f.Contains(id, StringComparison.Ordinal));
    }
}
