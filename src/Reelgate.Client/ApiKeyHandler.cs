using System.Net.Http.Headers;

namespace Reelgate.Client;

/// <summary>
/// Adds <c>Authorization: Bearer</c> to requests for the gateway's own origin only, so the key never travels
/// to another host (a file link may point at a CDN when the gateway sets a public base URL).
/// </summary>
internal sealed class ApiKeyHandler(Uri gateway, string apiKey) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri
            && Uri.Compare(uri, gateway, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
