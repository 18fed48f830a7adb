using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// The API-key scheme as the OpenAI-compatible surface presents it: authentication is forwarded to
/// the gateway's own <c>ApiKey</c> scheme (same keys, same cached lookup per request); only the
/// challenge differs, answering 401 in OpenAI's envelope so the SDKs raise <c>AuthenticationError</c>.
/// </summary>
internal sealed class OpenAiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OpenAiApiKey";

    // Not reached: the scheme's ForwardAuthenticate sends authentication to the ApiKey scheme.
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var error = Request.Headers.Authorization.Count == 0
            ? new OpenAiError(401, OpenAiError.InvalidRequest, "You didn't provide an API key. Send your Reelgate API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY); an operator creates one with 'admin create-key'.")
            : new OpenAiError(401, OpenAiError.InvalidRequest, "Incorrect API key provided. The key is unknown or revoked; ask the gateway's operator for a key ('admin create-key').", null, "invalid_api_key");
        return error.ExecuteAsync(Context);
    }
}
