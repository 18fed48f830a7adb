using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Server.Auth;

namespace Reelgate.Server.OpenAi;

/// <summary>Registers the OpenAI-compatible <c>/v1/videos</c> surface; map it with <see cref="OpenAiVideosApi.MapOpenAiVideosApi"/>.</summary>
internal static class OpenAiCompatServiceCollectionExtensions
{
    public static IServiceCollection AddOpenAiCompat(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OpenAiCompatOptions>().BindConfiguration(OpenAiCompatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OpenAiRequestMapper>();

        // Same keys as /v1/video (authentication forwards to the ApiKey scheme); the challenge is OpenAI's.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OpenAiAuthenticationHandler>(
                OpenAiAuthenticationHandler.SchemeName,
                scheme => scheme.ForwardAuthenticate = ApiKeyAuthenticationHandler.SchemeName);
        services.AddAuthorizationBuilder()
            .AddPolicy(OpenAiVideosApi.AuthorizationPolicy, policy => policy.AddAuthenticationSchemes(OpenAiAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }
}
