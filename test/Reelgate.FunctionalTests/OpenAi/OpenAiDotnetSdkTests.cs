// OpenAI 2.15.0 ships VideoClient as an evaluation API (protocol methods only: BinaryContent in,
// ClientResult out); using it is the point of this test.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI.Videos;
using Reelgate.FunctionalTests.Infrastructure;
using OpenAiVideoClient = OpenAI.Videos.VideoClient;

namespace Reelgate.FunctionalTests.OpenAi;

/// <summary>
/// The official OpenAI .NET SDK (<c>OpenAI</c> 2.15.0, <see cref="OpenAiVideoClient"/>) against a real
/// gateway process on the embedded default, with only <c>Endpoint</c> and the key changed.
/// </summary>
public sealed class OpenAiDotnetSdkTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private GatewayProcess _gateway = null!;
    private OpenAiVideoClient _client = null!;

    private static RequestOptions Options => new() { CancellationToken = TestContext.Current.CancellationToken };

    public async ValueTask InitializeAsync()
    {
        _gateway = new GatewayProcess(_data.Path);
        await _gateway.StartAsync();
        var key = await _gateway.CreateKeyAsync("openai-dotnet");
        _client = CreateClient(key);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task The_official_dotnet_sdk_runs_create_poll_download_list_delete_with_only_endpoint_and_key_changed()
    {
        // Create as multipart/form-data (OpenAI's documented form) and as JSON.
        using var form = new MultipartFormDataContent
        {
            { new StringContent("sora-2"), "model" },
            { new StringContent("A kite over a beach"), "prompt" },
            { new StringContent("4"), "seconds" },
            { new StringContent("1280x720"), "size" },
        };
        var multipart = BinaryContent.Create(BinaryData.FromBytes(await form.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        var created = Json(await _client.CreateVideoAsync(multipart, form.Headers.ContentType!.ToString(), Options));
        var second = Json(await _client.CreateVideoAsync(JsonContent("""{"model": "sora-2-pro", "prompt": "A second kite", "seconds": "4", "size": "720x1280"}"""), "application/json", Options));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(("video", "4", "1280x720"), (created.GetProperty("object").GetString(), created.GetProperty("seconds").GetString(), created.GetProperty("size").GetString()));
        Assert.Contains(created.GetProperty("status").GetString(), new[] { "queued", "in_progress" });

        var done = await PollAsync(id);
        await PollAsync(second.GetProperty("id").GetString()!);
        Assert.Equal(("completed", 100), (done.GetProperty("status").GetString(), done.GetProperty("progress").GetInt32()));

        var video = await _client.DownloadVideoAsync(id, "video", Options);
        var path = Path.Combine(_data.Path, "dotnet-video.mp4");
        await File.WriteAllBytesAsync(path, video.GetRawResponse().Content.ToArray(), TestContext.Current.CancellationToken);
        var probed = await Ffprobe.VideoAsync(path);
        Assert.Equal(("h264", 1280, 720), (probed.Codec, probed.Width, probed.Height));
        Assert.InRange(probed.Duration, 3.8, 4.2);
        var spritesheet = await _client.DownloadVideoAsync(id, "spritesheet", Options);
        var spritesheetPath = Path.Combine(_data.Path, "dotnet-sprites.jpg");
        await File.WriteAllBytesAsync(spritesheetPath, spritesheet.GetRawResponse().Content.ToArray(), TestContext.Current.CancellationToken);
        var grid = await Ffprobe.VideoAsync(spritesheetPath);
        Assert.Equal(("mjpeg", 1280, 720), (grid.Codec, grid.Width, grid.Height));

        var listed = await ListAllAsync(pageSize: 1);
        Assert.Equal([second.GetProperty("id").GetString()!, id], listed);

        var deleted = Json(await _client.DeleteVideoAsync(id, Options));
        Assert.Equal((id, "video.deleted", true), (deleted.GetProperty("id").GetString(), deleted.GetProperty("object").GetString(), deleted.GetProperty("deleted").GetBoolean()));
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetVideoAsync(id, Options));
        Assert.Equal(404, gone.Status);
    }

    [Theory]
    [InlineData("""{"prompt": "p", "seconds": "99"}""", "seconds")]
    [InlineData("""{"prompt": "p", "size": "640x480"}""", "size")]
    [InlineData("""{"prompt": "p", "model": "sora-9"}""", "model")]
    public async Task Bad_create_parameters_raise_a_400_with_openais_error_naming_the_parameter(string body, string param)
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.CreateVideoAsync(JsonContent(body), "application/json", Options));

        Assert.Equal(400, error.Status);
        var envelope = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal(("invalid_request_error", param), (envelope.GetProperty("type").GetString(), envelope.GetProperty("param").GetString()));
    }

    [Fact]
    public async Task An_unknown_id_raises_a_404()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetVideoAsync("vid_00000000000000000000000000", Options));

        Assert.Equal(404, error.Status);
        Assert.Contains("No video with id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remix_raises_a_400_unsupported()
    {
        var created = Json(await _client.CreateVideoAsync(JsonContent("""{"prompt": "original", "seconds": "1"}"""), "application/json", Options));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.CreateVideoRemixAsync(created.GetProperty("id").GetString()!, JsonContent("""{"prompt": "remixed"}"""), "application/json", Options));

        Assert.Equal(400, error.Status);
        Assert.Contains("\"code\":\"unsupported\"", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_raises_a_401()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => CreateClient("rg_pk_not-a-key").GetVideoAsync("vid_00000000000000000000000000", Options));

        Assert.Equal(401, error.Status);
    }

    private OpenAiVideoClient CreateClient(string key)
        => new(new ApiKeyCredential(key), new VideoClientOptions { Endpoint = new Uri(_gateway.BaseUrl + "/v1") });

    private async Task<JsonElement> PollAsync(string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonElement video;
        do
        {
            video = Json(await _client.GetVideoAsync(id, Options));
            if (video.GetProperty("status").GetString() is "completed" or "failed")
            {
                return video;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(90));

        Assert.Fail($"Video {id} did not finish within 90 s; last: {video}");
        return video;
    }

    /// <summary>Pages with <c>after</c> = <c>last_id</c> while <c>has_more</c>, as OpenAI's list contract says.</summary>
    private async Task<List<string>> ListAllAsync(int pageSize)
    {
        var ids = new List<string>();
        string? after = null;
        bool hasMore;
        do
        {
            hasMore = false;
            await foreach (var page in _client.GetVideosAsync(pageSize, "desc", after, Options).GetRawPagesAsync())
            {
                var body = Json(page);
                Assert.Equal("list", body.GetProperty("object").GetString());
                ids.AddRange(body.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()!));
                after = body.GetProperty("last_id").GetString();
                hasMore = body.GetProperty("has_more").GetBoolean();
            }
        }
        while (hasMore);

        return ids;
    }

    private static BinaryContent JsonContent(string json) => BinaryContent.Create(BinaryData.FromString(json));

    private static JsonElement Json(ClientResult result) => JsonDocument.Parse(result.GetRawResponse().Content.ToString()).RootElement.Clone();
}
