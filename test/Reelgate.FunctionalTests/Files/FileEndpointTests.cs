using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.Video;
using Reelgate.Server.Files;

namespace Reelgate.FunctionalTests.Files;

public sealed class FileEndpointTests : IClassFixture<GatewayFactoryFixture>
{
    private readonly GatewayFactory _gateway;

    public FileEndpointTests(GatewayFactoryFixture fixture) => _gateway = fixture.Gateway;

    [Fact]
    public async Task Range_requests_get_206_with_the_asked_bytes()
    {
        var (_, url, whole) = await SucceededVideoAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(100, 199);

        var response = await _gateway.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(whole[100..200], await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(whole.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task A_matching_etag_gets_304()
    {
        var (_, url, _) = await SucceededVideoAsync();
        var first = await _gateway.CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);

        var response = await _gateway.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("sig")]
    [InlineData("exp")]
    [InlineData("file")]
    [InlineData("download")]
    [InlineData("job")]
    public async Task A_tampered_link_answers_403(string part)
    {
        var (id, url, _) = await SucceededVideoAsync();
        var tampered = part switch
        {
            "sig" => url[..^3] + (url[^3] == 'A' ? "BBB" : "AAA"),
            "exp" => url.Replace("exp=", "exp=9", StringComparison.Ordinal),
            "file" => url.Replace("video.mp4", "thumbnail.jpg", StringComparison.Ordinal),
            "download" => url + "&download=1",
            _ => url.Replace(id, id[..^1] + (id[^1] == 'a' ? 'b' : 'a'), StringComparison.Ordinal),
        };

        var response = await _gateway.CreateClient().GetAsync(tampered, TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task An_expired_link_answers_403_even_with_a_valid_signature()
    {
        var (id, _, _) = await SucceededVideoAsync();
        var signer = _gateway.Services.GetRequiredService<UrlSigner>();
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();

        var response = await _gateway.CreateClient().GetAsync($"/v1/files/{id}/video.mp4?exp={past}&sig={signer.Sign(id, "video.mp4", past, false)}", TestContext.Current.CancellationToken);

        var error = await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("expired", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_url_honours_expires_in()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var id = await client.GenerateAsync("""{"prompt": "expires", "duration_seconds": 1}""");
        await client.WaitForSuccessAsync(id);

        var link = await (await client.GetAsync($"/v1/video/download_url/{id}?expires_in=120", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal(120, link.GetProperty("expires_in").GetInt32());
        var expiresAt = link.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, TimeProvider.System.GetUtcNow().AddSeconds(100), TimeProvider.System.GetUtcNow().AddSeconds(125));
    }

    [Fact]
    public async Task Deleting_a_job_removes_its_files_from_disk_and_its_links_stop_working()
    {
        var (id, url, _) = await SucceededVideoAsync();
        var files = Directory.GetFiles(Path.Combine(_gateway.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Where(f => f.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(["thumbnail.jpg", "video.mp4"], files.Select(Path.GetFileName).Order());
        var client = _gateway.CreateClient(await _gateway.CreateKeyAsync(ProjectOf(id)));

        var deleted = await (await client.DeleteAsync($"/v1/video/delete/{id}", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.True(deleted.GetProperty("ok").GetBoolean());
        Assert.All(files, f => Assert.False(File.Exists(f)));
        await (await _gateway.CreateClient().GetAsync(url, TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_all_removes_every_file_of_the_project_and_only_that_project()
    {
        var project = "delete-all-" + Guid.NewGuid().ToString("N")[..6];
        var client = _gateway.CreateClient(await _gateway.CreateKeyAsync(project));
        var other = await _gateway.CreateClientForNewProjectAsync();
        var ids = new[] { await client.GenerateAsync("""{"prompt": "a", "duration_seconds": 1}"""), await client.GenerateAsync("""{"prompt": "b", "duration_seconds": 1}""") };
        var keep = await other.GenerateAsync("""{"prompt": "keep", "duration_seconds": 1}""");
        foreach (var id in ids)
        {
            await client.WaitForSuccessAsync(id);
        }

        await other.WaitForSuccessAsync(keep);

        var answer = await (await client.PostJsonAsync("/v1/video/delete_all", "{}")).JsonAsync();

        Assert.Equal(2, answer.GetProperty("deleted").GetInt32());
        var remaining = Directory.GetFiles(Path.Combine(_gateway.DataDirectory, "blobs"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(remaining, f => ids.Any(id => f.Contains(id, StringComparison.Ordinal)));
        Assert.Equal(2, remaining.Count(f => f.Contains(keep, StringComparison.Ordinal)));
        Assert.Equal("succeeded", (await other.GetJobAsync(keep)).GetProperty("state").GetString());
    }

    private readonly Dictionary<string, string> _projects = [];

    private string ProjectOf(string id) => _projects[id];

    private async Task<(string Id, string Url, byte[] Whole)> SucceededVideoAsync()
    {
        var project = "files-" + Guid.NewGuid().ToString("N")[..6];
        var client = _gateway.CreateClient(await _gateway.CreateKeyAsync(project));
        var id = await client.GenerateAsync("""{"prompt": "files", "duration_seconds": 1}""");
        _projects[id] = project;
        var job = await client.WaitForSuccessAsync(id);
        var url = new Uri(job.GetProperty("video_url").GetString()!).PathAndQuery;
        var whole = await _gateway.CreateClient().GetByteArrayAsync(url, TestContext.Current.CancellationToken);
        return (id, url, whole);
    }
}
