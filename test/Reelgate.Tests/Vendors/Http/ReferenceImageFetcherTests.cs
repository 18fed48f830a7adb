using System.Net;
using System.Net.Http.Headers;
using Reelgate.Core.Ports;
using Reelgate.Tests.Client;
using Reelgate.Vendors.Http;

namespace Reelgate.Tests.Vendors.Http;

public sealed class ReferenceImageFetcherTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    [Fact]
    public async Task Redirects_are_followed_hop_by_hop_and_the_image_comes_back_with_its_media_type()
    {
        var handler = new StubHandler((request, call) => call switch
        {
            1 => Redirect("/moved"),
            2 => Redirect("https://cdn.example/frame.png"),
            _ => Image("IMAGE/PNG", Png),
        });

        var image = await Sut(handler).FetchAsync("https://images.example/frame", 1024, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(Png, image.Bytes);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(
            ["https://images.example/frame", "https://images.example/moved", "https://cdn.example/frame.png"],
            handler.Requests.Select(r => r.RequestUri!.ToString()));
        Assert.All(handler.Requests, r => Assert.Equal("image/*", Assert.Single(r.Headers.Accept).MediaType));
    }

    [Fact]
    public async Task More_than_three_redirects_are_refused()
    {
        var handler = new StubHandler((_, call) => Redirect($"/hop{call}"));

        var error = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(handler));

        Assert.Equal("it redirected too often", error.Message);
        Assert.Equal(4, handler.Calls);
    }

    [Theory]
    [InlineData("ftp://images.example/frame.png", "its URL is not an absolute http(s) URL")]
    [InlineData("/relative.png", "its URL is not an absolute http(s) URL")]
    [InlineData("file:///etc/passwd", "its URL is not an absolute http(s) URL")]
    public async Task A_url_that_is_not_absolute_http_is_refused_without_a_request(string url, string why)
    {
        var handler = new StubHandler((_, _) => Image("image/png", Png));

        var error = await Assert.ThrowsAsync<ReferenceImageUnusableException>(
            () => Sut(handler).FetchAsync(url, 1024, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        Assert.Equal(why, error.Message);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task A_redirect_to_a_non_http_location_is_refused()
    {
        var handler = new StubHandler((_, _) => Redirect("file:///etc/passwd"));

        var error = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(handler));

        Assert.Equal("it redirected to a non-HTTP location", error.Message);
    }

    [Fact]
    public async Task An_answer_that_is_not_an_image_is_refused_naming_what_came()
    {
        var handler = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html/>", null, "text/html") });

        var error = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(handler));

        Assert.Equal("its URL answered text/html, not an image", error.Message);
    }

    [Fact]
    public async Task An_error_status_is_refused_with_the_status()
    {
        var handler = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.NotFound));

        var error = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(handler));

        Assert.Equal("its URL answered 404", error.Message);
    }

    [Fact]
    public async Task An_image_over_the_limit_is_refused_whether_or_not_it_declares_its_length()
    {
        var declared = new StubHandler((_, _) => Image("image/png", new byte[2048]));
        var undeclared = new StubHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnseekableStream(new byte[2048])) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return response;
        });

        var first = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(declared));
        var second = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(undeclared));

        Assert.Equal("it is larger than the 1,024 bytes this vendor takes", first.Message);
        Assert.Equal(first.Message, second.Message);
    }

    [Fact]
    public async Task A_transport_failure_is_the_callers_problem_and_keeps_its_cause()
    {
        var handler = new StubHandler((_, _) => throw new HttpRequestException("connection refused (policy: private address)"));

        var error = await Assert.ThrowsAsync<ReferenceImageUnusableException>(() => FetchAsync(handler));

        Assert.Equal("it could not be fetched (connection refused (policy: private address))", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    private static Task<ReferenceImage> FetchAsync(StubHandler handler)
        => Sut(handler).FetchAsync("https://images.example/frame.png", 1024, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

    private static ReferenceImageFetcher Sut(HttpMessageHandler handler) => new(new OneClientFactory(handler));

    private static HttpResponseMessage Redirect(string location)
        => new(HttpStatusCode.Found) { Headers = { Location = new Uri(location, UriKind.RelativeOrAbsolute) } };

    private static HttpResponseMessage Image(string mediaType, byte[] bytes)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return response;
    }

    private sealed class OneClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            Assert.Equal(IOutboundUrlPolicy.HttpClientName, name);
            return new HttpClient(handler, disposeHandler: false);
        }
    }

    /// <summary>A body whose length is unknown until it is read (as with chunked transfer encoding).</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
