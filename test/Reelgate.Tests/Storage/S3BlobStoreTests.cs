using System.Collections.Concurrent;
using System.Net;
using System.Web;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelgate.Storage.S3;
using Reelgate.Testing;
using Reelgate.Tests.TestSupport;

namespace Reelgate.Tests.Storage;

/// <summary>The S3 blob store against s3rver (REELGATE_TEST_S3); each test owns a random key prefix.</summary>
public sealed class S3BlobStoreTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TempDirectory _directory = new("reelgate-s3-tests-");
    private readonly string _prefix = $"tests/{Guid.NewGuid():N}/";
    private readonly ConcurrentQueue<AmazonWebServiceRequest> _requests = new();

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PutFile_then_Stat_OpenRead_and_Delete_round_trip_the_bytes()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);
        var bytes = RandomBytes(100_000);
        var source = await WriteSourceAsync(bytes);

        await sut.PutFileAsync("proj_a/vid_1/video.mp4", source, "video/mp4", CancellationToken);
        var info = await sut.StatAsync("proj_a/vid_1/video.mp4", CancellationToken);
        var read = await ReadAllAsync(await sut.OpenReadAsync("proj_a/vid_1/video.mp4", 0, CancellationToken));
        await sut.DeleteAsync("proj_a/vid_1/video.mp4", CancellationToken);

        Assert.False(File.Exists(source));
        Assert.NotNull(info);
        Assert.Equal(bytes.Length, info.Length);
        Assert.Equal(bytes, read);
        Assert.Null(await sut.StatAsync("proj_a/vid_1/video.mp4", CancellationToken));
    }

    [Fact]
    public async Task PutFile_stores_the_object_under_the_key_prefix_with_its_content_type()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);

        await sut.PutFileAsync("proj_a/vid_1/thumbnail.jpg", await WriteSourceAsync([1, 2, 3]), "image/jpeg", CancellationToken);
        var head = await s3.GetObjectMetadataAsync(TestServices.S3Bucket, _prefix + "proj_a/vid_1/thumbnail.jpg", CancellationToken);

        Assert.Equal("image/jpeg", head.Headers.ContentType);
        Assert.Equal(3, head.ContentLength);
    }

    [Fact]
    public async Task PutFile_above_the_threshold_uploads_in_parts_and_keeps_every_byte()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3, o =>
        {
            o.MultipartThresholdBytes = 5 * MiB;
            o.PartSizeBytes = 5 * MiB;
        });
        var bytes = RandomBytes((int)(12 * MiB));

        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync(bytes), "video/mp4", CancellationToken);
        var read = await ReadAllAsync(await sut.OpenReadAsync("proj_a/vid_1/video.mp4", 0, CancellationToken));

        Assert.Equal(3, _requests.OfType<UploadPartRequest>().Count());
        Assert.Single(_requests.OfType<CompleteMultipartUploadRequest>());
        Assert.Empty(_requests.OfType<PutObjectRequest>());
        Assert.Equal(bytes, read);
    }

    [Fact]
    public async Task PutFile_multipart_that_fails_midway_aborts_the_upload_and_stores_nothing()
    {
        using var s3 = CreateClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        s3.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: UploadPartRequest { PartNumber: 2 } })
            {
                cancel.Cancel();
            }
        };
        var sut = CreateSut(s3, o =>
        {
            o.MultipartThresholdBytes = 5 * MiB;
            o.PartSizeBytes = 5 * MiB;
        });
        var source = await WriteSourceAsync(RandomBytes((int)(12 * MiB)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PutFileAsync("proj_a/vid_1/video.mp4", source, "video/mp4", cancel.Token));

        Assert.Single(_requests.OfType<AbortMultipartUploadRequest>());
        Assert.Empty(_requests.OfType<CompleteMultipartUploadRequest>());
        Assert.Null(await sut.StatAsync("proj_a/vid_1/video.mp4", CancellationToken));
        Assert.True(File.Exists(source));
    }

    [Fact]
    public async Task OpenRead_from_an_offset_reads_the_rest_of_the_object()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);
        var bytes = RandomBytes(10_000);
        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync(bytes), "video/mp4", CancellationToken);

        var read = await ReadAllAsync(await sut.OpenReadAsync("proj_a/vid_1/video.mp4", 4_000, CancellationToken));
        var atEnd = await ReadAllAsync(await sut.OpenReadAsync("proj_a/vid_1/video.mp4", 10_000, CancellationToken));

        Assert.Equal(bytes[4_000..], read);
        Assert.Empty(atEnd);
    }

    [Fact]
    public async Task Stat_and_OpenRead_of_a_missing_key_answer_null()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);

        Assert.Null(await sut.StatAsync("proj_x/vid_none/video.mp4", CancellationToken));
        Assert.Null(await sut.OpenReadAsync("proj_x/vid_none/video.mp4", 0, CancellationToken));
    }

    [Fact]
    public async Task Delete_of_a_missing_key_is_not_an_error()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);

        var exception = await Record.ExceptionAsync(() => sut.DeleteAsync("proj_x/vid_none/video.mp4", CancellationToken));

        Assert.Null(exception);
    }

    [Fact]
    public async Task Presign_gives_a_url_that_a_plain_HttpClient_downloads()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);
        var bytes = RandomBytes(50_000);
        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync(bytes), "video/mp4", CancellationToken);

        var presigned = await sut.PresignAsync("proj_a/vid_1/video.mp4", TimeSpan.FromMinutes(5), downloadName: null, CancellationToken);
        using var http = new HttpClient();
        using var response = await http.GetAsync(presigned!.Url, CancellationToken);

        Assert.StartsWith(TestServices.S3, presigned.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(CancellationToken));
    }

    [Fact]
    public async Task Presign_lasts_exactly_the_asked_whole_seconds_from_its_signing_time()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);

        var presigned = await sut.PresignAsync("proj_a/vid_1/video.mp4", TimeSpan.FromSeconds(3600), downloadName: null, CancellationToken);

        var query = HttpUtility.ParseQueryString(presigned!.Url.Query);
        Assert.Equal("3600", query["X-Amz-Expires"]);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(signedAt.AddSeconds(3600), presigned.ExpiresAt);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-central-1")]
    public async Task Presign_for_AWS_itself_is_SigV4_and_needs_no_network(string region)
    {
        var options = new S3StorageOptions { Region = region, Bucket = "reelgate-prod", AccessKey = "AKIDEXAMPLE", SecretKey = "secret" };
        using var s3 = StorageServiceCollectionExtensions.CreateClient(options);
        var sut = new S3BlobStore(s3, Microsoft.Extensions.Options.Options.Create(options), NullLogger<S3BlobStore>.Instance);

        var presigned = await sut.PresignAsync("proj_a/vid_1/video.mp4", TimeSpan.FromSeconds(600), "vid_1.mp4", CancellationToken);

        var query = HttpUtility.ParseQueryString(presigned!.Url.Query);
        Assert.Equal(Uri.UriSchemeHttps, presigned.Url.Scheme);
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.Equal("600", query["X-Amz-Expires"]);
        Assert.Equal("attachment; filename=\"vid_1.mp4\"", query["response-content-disposition"]);
    }

    [Fact]
    public async Task Presign_with_a_download_name_serves_an_attachment_of_that_name()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);
        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync([9, 8, 7]), "video/mp4", CancellationToken);

        var presigned = await sut.PresignAsync("proj_a/vid_1/video.mp4", TimeSpan.FromMinutes(5), "vid_1.mp4", CancellationToken);
        using var http = new HttpClient();
        using var response = await http.GetAsync(presigned!.Url, CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("vid_1.mp4", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal([9, 8, 7], await response.Content.ReadAsByteArrayAsync(CancellationToken));
    }

    [Fact]
    public async Task Presign_that_has_expired_is_refused_by_the_server()
    {
        using var s3 = CreateClient();
        var sut = CreateSut(s3);
        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync([1]), "video/mp4", CancellationToken);

        var presigned = await sut.PresignAsync("proj_a/vid_1/video.mp4", TimeSpan.Zero, downloadName: null, CancellationToken);

        // S3 judges expiry by its own (real) clock; a zero lifetime ends within the signing second.
        var wait = presigned!.ExpiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, CancellationToken);
        }

        using var http = new HttpClient();
        using var response = await http.GetAsync(presigned.Url, CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public void Options_without_a_bucket_fail_at_start_with_a_clear_error()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ResolveOptions(new Dictionary<string, string?>
        {
            ["Reelgate:Storage:S3:ServiceUrl"] = "http://127.0.0.1:9000",
        }));

        Assert.Contains("Reelgate:Storage:S3:Bucket is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_report_every_cross_field_and_range_error_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ResolveOptions(new Dictionary<string, string?>
        {
            ["Reelgate:Storage:S3:Bucket"] = "b",
            ["Reelgate:Storage:S3:AccessKey"] = "only-half",
            ["Reelgate:Storage:S3:ServiceUrl"] = "ftp://example.com",
            ["Reelgate:Storage:S3:PartSizeBytes"] = "1024",
        }));

        Assert.Contains(error.Failures, f => f.Contains("AccessKey and Reelgate:Storage:S3:SecretKey go together", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ServiceUrl must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PartSizeBytes must be from 5 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_with_a_bucket_alone_are_valid_and_keep_their_defaults()
    {
        var options = ResolveOptions(new Dictionary<string, string?> { ["Reelgate:Storage:S3:Bucket"] = "b" });

        Assert.Equal("us-east-1", options.Region);
        Assert.Equal(64 * MiB, options.MultipartThresholdBytes);
        Assert.Equal(16 * MiB, options.PartSizeBytes);
    }

    private static S3StorageOptions ResolveOptions(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddS3Blobs();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<S3StorageOptions>>().Value;
    }

    private AmazonS3Client CreateClient()
    {
        var client = StorageServiceCollectionExtensions.CreateClient(Options(TestServices.S3));
        client.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: { } request })
            {
                _requests.Enqueue(request);
            }
        };
        return client;
    }

    private S3BlobStore CreateSut(IAmazonS3 s3, Action<S3StorageOptions>? configure = null)
    {
        var options = Options(TestServices.S3);
        configure?.Invoke(options);
        return new S3BlobStore(s3, Microsoft.Extensions.Options.Options.Create(options), NullLogger<S3BlobStore>.Instance);
    }

    private S3StorageOptions Options(string serviceUrl) => new()
    {
        ServiceUrl = serviceUrl,
        Bucket = TestServices.S3Bucket,
        ForcePathStyle = true,
        AccessKey = TestServices.S3AccessKey,
        SecretKey = TestServices.S3SecretKey,
        KeyPrefix = _prefix,
    };

    private async Task<string> WriteSourceAsync(byte[] bytes)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, bytes, CancellationToken);
        return path;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, CancellationToken);
            return copy.ToArray();
        }
    }
}
