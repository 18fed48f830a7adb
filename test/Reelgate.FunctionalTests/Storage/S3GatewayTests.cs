using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Web;
using Amazon.S3;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Retention;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Server.Files;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Storage;

/// <summary>
/// The gateway with <c>Reelgate:Storage:Blobs=S3</c> against s3rver (REELGATE_TEST_S3): outputs land
/// in the bucket, links are presigned S3 URLs, the OpenAI content endpoint streams from S3, and
/// delete and retention remove the objects.
/// </summary>
public sealed class S3GatewayTests : IClassFixture<S3GatewayFixture>
{
    private readonly S3GatewayFixture _fixture;

    public S3GatewayTests(S3GatewayFixture fixture) => _fixture = fixture;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_succeeded_job_links_to_presigned_s3_urls_that_serve_a_valid_mp4_and_jpeg()
    {
        var gateway = _fixture.Gateway;
        var client = await gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "s3 links", "duration_seconds": 2, "resolution": "720p", "aspect": "16:9"}""");

        var job = await client.WaitForSuccessAsync(id);

        var videoUrl = job.GetProperty("video_url").GetString()!;
        var thumbnailUrl = job.GetProperty("thumbnail_url").GetString()!;
        Assert.StartsWith($"{TestServices.S3}/{TestServices.S3Bucket}/{_fixture.KeyPrefix}", videoUrl, StringComparison.Ordinal);
        Assert.StartsWith($"{TestServices.S3}/{TestServices.S3Bucket}/{_fixture.KeyPrefix}", thumbnailUrl, StringComparison.Ordinal);
        Assert.Equal("3600", HttpUtility.ParseQueryString(new Uri(videoUrl).Query)["X-Amz-Expires"]);

        using var http = new HttpClient();
        var video = Path.Combine(gateway.DataDirectory, $"{id}-s3.mp4");
        await File.WriteAllBytesAsync(video, await http.GetByteArrayAsync(videoUrl, CancellationToken), CancellationToken);
        var probed = await Ffprobe.VideoAsync(video);
        Assert.Equal(("h264", 1280, 720), (probed.Codec, probed.Width, probed.Height));
        Assert.InRange(probed.Duration, 1.8, 2.2);

        var thumbnail = Path.Combine(gateway.DataDirectory, $"{id}-s3.jpg");
        await File.WriteAllBytesAsync(thumbnail, await http.GetByteArrayAsync(thumbnailUrl, CancellationToken), CancellationToken);
        Assert.Equal("mjpeg", (await Ffprobe.VideoAsync(thumbnail)).Codec);

        // Nothing of the job stays on local disk: the scratch files went up and were removed.
        var blobs = Path.Combine(gateway.DataDirectory, "blobs");
        Assert.False(Directory.Exists(blobs) && Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Any());
        Assert.False(Directory.Exists(Path.Combine(gateway.DataDirectory, "tmp", id)));
    }

    [Fact]
    public async Task Download_url_is_an_s3_attachment_link_that_lasts_exactly_expires_in()
    {
        var (client, id) = await SucceededJobAsync("s3 download");

        var link = await (await client.GetAsync($"/v1/video/download_url/{id}?expires_in=120", CancellationToken)).JsonAsync();

        var url = new Uri(link.GetProperty("url").GetString()!);
        var query = HttpUtility.ParseQueryString(url.Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.StartsWith(TestServices.S3, url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("120", query["X-Amz-Expires"]);
        Assert.Equal(120, link.GetProperty("expires_in").GetInt32());
        Assert.Equal(signedAt.AddSeconds(120), link.GetProperty("expires_at").GetDateTimeOffset());

        using var http = new HttpClient();
        using var response = await http.GetAsync(url, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{id}.mp4", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True((await response.Content.ReadAsByteArrayAsync(CancellationToken)).Length > 1000);
    }

    [Fact]
    public async Task OpenAi_content_streams_the_video_thumbnail_and_spritesheet_from_s3()
    {
        var (client, id) = await SucceededJobAsync("s3 openai content");
        var job = await client.GetJobAsync(id);
        using var http = new HttpClient();
        var fromS3 = await http.GetByteArrayAsync(job.GetProperty("video_url").GetString(), CancellationToken);

        var video = await client.GetAsync($"/v1/videos/{id}/content", CancellationToken);
        var thumbnail = await client.GetAsync($"/v1/videos/{id}/content?variant=thumbnail", CancellationToken);
        var spritesheet = await client.GetAsync($"/v1/videos/{id}/content?variant=spritesheet", CancellationToken);

        Assert.Equal(HttpStatusCode.OK, video.StatusCode);
        Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fromS3, await video.Content.ReadAsByteArrayAsync(CancellationToken));
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.True(await thumbnail.Content.ReadAsByteArrayAsync(CancellationToken) is [0xFF, 0xD8, ..], "The thumbnail is not a JPEG.");
        Assert.Equal("image/jpeg", spritesheet.Content.Headers.ContentType?.MediaType);
        Assert.True(await spritesheet.Content.ReadAsByteArrayAsync(CancellationToken) is [0xFF, 0xD8, ..], "The spritesheet is not a JPEG.");
    }

    [Fact]
    public async Task OpenAi_content_from_s3_honours_range_and_if_none_match()
    {
        var (client, id) = await SucceededJobAsync("s3 ranges");
        var whole = await (await client.GetAsync($"/v1/videos/{id}/content", CancellationToken)).Content.ReadAsByteArrayAsync(CancellationToken);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/v1/videos/{id}/content");
        ranged.Headers.Range = new RangeHeaderValue(1000, 1999);

        var partial = await client.SendAsync(ranged, CancellationToken);
        var first = await client.GetAsync($"/v1/videos/{id}/content", CancellationToken);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/videos/{id}/content");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await client.SendAsync(conditional, CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(whole[1000..2000], await partial.Content.ReadAsByteArrayAsync(CancellationToken));
        Assert.Equal(whole.Length, partial.Content.Headers.ContentRange?.Length);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_gateway_file_link_redirects_to_a_presigned_url_that_ends_with_it()
    {
        var gateway = _fixture.Gateway;
        var (_, id) = await SucceededJobAsync("s3 redirect");
        var (link, expiresAt) = gateway.Services.GetRequiredService<FileLinks>().Issue("http://localhost", id, FileLinks.Video, TimeSpan.FromMinutes(10), download: true);
        var noRedirects = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await noRedirects.GetAsync(link, CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var query = HttpUtility.ParseQueryString(location.Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.StartsWith(TestServices.S3, location.AbsoluteUri, StringComparison.Ordinal);
        Assert.InRange(signedAt.AddSeconds(long.Parse(query["X-Amz-Expires"]!, CultureInfo.InvariantCulture)), expiresAt.AddSeconds(-2), expiresAt.AddSeconds(1));
        using var http = new HttpClient();
        using var file = await http.GetAsync(location, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Deleting_a_job_removes_its_objects_from_the_bucket()
    {
        var (client, id) = await SucceededJobAsync("s3 delete");
        (await client.GetAsync($"/v1/videos/{id}/content?variant=spritesheet", CancellationToken)).EnsureSuccessStatusCode();
        var keys = await ObjectKeysAsync(id);
        Assert.All(await Task.WhenAll(keys.Select(ExistsAsync)), Assert.True);

        var deleted = await (await client.DeleteAsync($"/v1/video/delete/{id}", CancellationToken)).JsonAsync();

        Assert.True(deleted.GetProperty("ok").GetBoolean());
        Assert.All(await Task.WhenAll(keys.Select(ExistsAsync)), Assert.False);
    }

    [Fact]
    public async Task The_retention_sweep_removes_the_objects_of_an_expired_job()
    {
        var gateway = _fixture.Gateway;
        var (client, id) = await SucceededJobAsync("s3 retention");
        var keys = await ObjectKeysAsync(id);
        (await client.PostJsonAsync($"/v1/video/set_retention/{id}", $$"""{"job_id": "{{id}}", "days": 1}""")).EnsureSuccessStatusCode();

        // The sweeper the host runs, at a clock two days on.
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(2));
        var sweeper = ActivatorUtilities.CreateInstance<RetentionSweeper>(gateway.Services, (TimeProvider)later);
        await sweeper.SweepAsync(CancellationToken);

        Assert.Equal("expired", (await client.GetJobAsync(id)).GetProperty("state").GetString());
        Assert.All(await Task.WhenAll(keys.Select(ExistsAsync)), Assert.False);
    }

    [Fact]
    public async Task S3_blobs_without_a_bucket_stop_the_host_at_start_with_a_clear_error()
    {
        // A real process: the in-memory test host races its own disposal when start-up fails. No S3 server is needed.
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Storage:Blobs", "S3"), ("Storage:S3:ServiceUrl", "http://127.0.0.1:9"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Reelgate:Storage:S3:Bucket is required", failure.Message, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Client, string Id)> SucceededJobAsync(string prompt)
    {
        var client = await _fixture.Gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync($$"""{"prompt": "{{prompt}}", "duration_seconds": 1}""");
        await client.WaitForSuccessAsync(id);
        return (client, id);
    }

    /// <summary>The bucket keys of a job's three files (video, thumbnail, spritesheet), prefix included.</summary>
    private async Task<string[]> ObjectKeysAsync(string id)
    {
        var job = await _fixture.Gateway.Services.GetRequiredService<IJobStore>().FindJobAsync(id, CancellationToken);
        Assert.NotNull(job);
        return [.. ArtifactKeys.For(job).Select(key => _fixture.KeyPrefix + key)];
    }

    private async Task<bool> ExistsAsync(string objectKey)
    {
        try
        {
            await _fixture.Gateway.Services.GetRequiredService<IAmazonS3>().GetObjectMetadataAsync(TestServices.S3Bucket, objectKey, CancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}

/// <summary>
/// One S3-backed gateway per test class, with its own key prefix; made on first use so that a
/// missing REELGATE_TEST_S3 skips the tests instead of failing the fixture.
/// </summary>
public sealed class S3GatewayFixture : IDisposable
{
    private GatewayFactory? _gateway;

    public string KeyPrefix { get; } = $"tests/{Guid.NewGuid():N}/";

    public GatewayFactory Gateway => _gateway ??= new GatewayFactory()
        .With("Reelgate:Storage:Blobs", "S3")
        .With("Reelgate:Storage:S3:ServiceUrl", TestServices.S3)
        .With("Reelgate:Storage:S3:Bucket", TestServices.S3Bucket)
        .With("Reelgate:Storage:S3:ForcePathStyle", "true")
        .With("Reelgate:Storage:S3:AccessKey", TestServices.S3AccessKey)
        .With("Reelgate:Storage:S3:SecretKey", TestServices.S3SecretKey)
        .With("Reelgate:Storage:S3:KeyPrefix", KeyPrefix);

    public void Dispose() => _gateway?.Dispose();
}
