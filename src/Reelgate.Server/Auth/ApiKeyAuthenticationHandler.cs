using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Reelgate.Core.Access;
using Reelgate.Server.Errors;

namespace Reelgate.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;project key&gt;</c>; the principal carries the project id.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessService access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ProjectClaim = "reelgate:project";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var projectId = await access.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (projectId is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity([new Claim(ProjectClaim, projectId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var message = Request.Headers.Authorization.Count == 0
            ? "Missing API key; send 'Authorization: Bearer <key>' (create one with 'admin create-key')."
            : "Unknown or revoked API key.";
        return ApiError.WriteAsync(Context, 401, "UNAUTHENTICATED", message);
    }
}

internal static class ProjectPrincipal
{
    /// <summary>The authenticated project; endpoints in the authorized groups always have one.</summary>
    public static string ProjectId(this ClaimsPrincipal user)
        => user.FindFirst(ApiKeyAuthenticationHandler.ProjectClaim)?.Value
           ?? throw new InvalidOperationException("The endpoint is not behind the API-key policy.");
}
