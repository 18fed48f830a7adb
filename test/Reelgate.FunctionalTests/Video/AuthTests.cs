using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Video;

public sealed class AuthTests : IClassFixture<ApiOnlyGatewayFixture>
{
    private readonly GatewayFactory _gateway;

    public AuthTests(ApiOnlyGatewayFixture fixture) => _gateway = fixture.Gateway;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/v1/video/generate" },
        { "GET", "/v1/video/status/vid_01m8905aa9fvcsanasy8hcmwz4" },
        { "POST", "/v1/video/cancel/vid_01m8905aa9fvcsanasy8hcmwz4" },
        { "GET", "/v1/video/get/vid_01m8905aa9fvcsanasy8hcmwz4" },
        { "GET", "/v1/video/list" },
        { "DELETE", "/v1/video/delete/vid_01m8905aa9fvcsanasy8hcmwz4" },
        { "POST", "/v1/video/delete_all" },
        { "GET", "/v1/video/download_url/vid_01m8905aa9fvcsanasy8hcmwz4" },
        { "POST", "/v1/video/set_retention/vid_01m8905aa9fvcsanasy8hcmwz4" },
        { "GET", "/v1/video/capabilities" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_without_a_key_answers_401(string method, string path)
    {
        var client = _gateway.CreateClient();

        var response = await client.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_with_an_unknown_key_answers_401(string method, string path)
    {
        var client = _gateway.CreateClient("rg_pk_this-key-does-not-exist-anywhere-at-all");

        var response = await client.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_basic_auth_header_is_not_accepted()
    {
        var client = _gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        var response = await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Another_projects_job_is_indistinguishable_from_a_missing_one()
    {
        var owner = await _gateway.CreateClientForNewProjectAsync();
        var stranger = await _gateway.CreateClientForNewProjectAsync();
        var id = await owner.GenerateAsync("""{"prompt": "mine"}""");

        foreach (var (method, template) in new[] { ("GET", "/v1/video/status/{0}"), ("GET", "/v1/video/get/{0}"), ("POST", "/v1/video/cancel/{0}"), ("DELETE", "/v1/video/delete/{0}"), ("GET", "/v1/video/download_url/{0}"), ("POST", "/v1/video/set_retention/{0}") })
        {
            var response = await stranger.SendAsync(Request(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id)), TestContext.Current.CancellationToken);
            await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        var strangersList = await (await stranger.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(0, strangersList.GetProperty("items").GetArrayLength());
        var deleted = await (await stranger.PostJsonAsync("/v1/video/delete_all", "{}")).JsonAsync();
        Assert.Equal(0, deleted.GetProperty("deleted").GetInt32());
        Assert.Equal("queued", (await owner.GetJobAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        var response = await _gateway.CreateClient().GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"prompt": "x", "days": 5}""", Encoding.UTF8, "application/json");
        }

        return request;
    }
}
