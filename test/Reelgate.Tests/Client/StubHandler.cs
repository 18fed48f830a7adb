using System.Net;
using System.Text;

namespace Reelgate.Tests.Client;

/// <summary>A delegate-based handler standing in for the gateway (STYLE 50); records every request it saw.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _calls;

    public List<HttpRequestMessage> Requests { get; } = [];

    public int Calls => _calls;

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        var call = Interlocked.Increment(ref _calls);
        return Task.FromResult(respond(request, call));
    }
}
