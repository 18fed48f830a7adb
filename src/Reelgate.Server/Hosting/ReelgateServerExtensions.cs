using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Reelgate.Contracts.Serialization;
using Reelgate.Core.Hosting;
using Reelgate.Core.Ports;
using Reelgate.Server.Auth;
using Reelgate.Server.Docs;
using Reelgate.Server.Endpoints;
using Reelgate.Server.Errors;
using Reelgate.Server.Files;
using Reelgate.Server.Network;
using Reelgate.Server.OpenAi;
using Reelgate.Server.Payments.Stripe;
using Reelgate.Server.RateLimiting;
using Reelgate.Server.Webhooks;
using Reelgate.Vendors.Local;
using Scalar.AspNetCore;

namespace Reelgate.Server.Hosting;

/// <summary>Composition root of the gateway: configuration, services and the HTTP pipeline.</summary>
internal static class ReelgateServerExtensions
{
    public const string DataDirectoryVariable = "REELGATE_DATA_DIR";

    /// <summary>Maps <c>REELGATE_DATA_DIR</c> (DESIGN §7) onto <c>Reelgate:DataDirectory</c>.</summary>
    public static void AddReelgateConfiguration(this IConfigurationManager configuration)
    {
        if (Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } dataDirectory
            && configuration["Reelgate:DataDirectory"] is null)
        {
            configuration["Reelgate:DataDirectory"] = dataDirectory;
        }
    }

    /// <summary>Storage and vendors: what both the server and the admin verbs need.</summary>
    public static IReelgateBuilder AddReelgateData(this IServiceCollection services, IConfiguration configuration)
        => services.AddReelgate(configuration).AddStorage().AddLocalVendor().AddHttpVendors();

    public static WebApplicationBuilder AddReelgateServer(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddReelgateConfiguration();
        var services = builder.Services;

        // The slim builder pins the console logger to the simple formatter; operators choose one with
        // Logging:Console:FormatterName (simple, json for structured logs, systemd) as on a full host.
        builder.Logging.AddConsole();
        services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        services.AddReelgateData(builder.Configuration).AddWorkers();
        services.AddStripePayments(builder.Configuration);

        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FileSigningOptions>().BindConfiguration(FileSigningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<UrlSigner>();
        services.TryAddSingleton<FileLinks>();
        services.TryAddSingleton<JobViews>();
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.SectionName);
        services.TryAddSingleton<OutboundAddressPolicy>();
        services.Replace(ServiceDescriptor.Singleton<IOutboundUrlPolicy>(sp => sp.GetRequiredService<OutboundAddressPolicy>()));
        services.AddHttpClient(IOutboundUrlPolicy.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every connection is checked against the address policy (SSRF, DNS rebinding).
                ConnectCallback = sp.GetRequiredService<OutboundAddressPolicy>().ConnectAsync,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddHostedService<WebhookSender>();
        services.AddReelgateRateLimiting();
        services.AddReelgateTelemetry(builder.Configuration);
        services.AddOpenAiCompat();
        // A lambda, not a method group: ASP.NET Core's XML-comment generator intercepts only this form (schema descriptions).
        services.AddOpenApi(options => ApiDocumentation.Configure(options));

        services.ConfigureHttpJsonOptions(json =>
        {
            // The same settings as the source-generated context, so every answer is snake_case without nulls.
            var contract = WireJson.Context.Options;
            json.SerializerOptions.PropertyNamingPolicy = contract.PropertyNamingPolicy;
            json.SerializerOptions.DefaultIgnoreCondition = contract.DefaultIgnoreCondition;
            json.SerializerOptions.NumberHandling = contract.NumberHandling;
            json.SerializerOptions.Encoder = contract.Encoder;
            json.SerializerOptions.Converters.Insert(0, new UtcTimestampJsonConverter());
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, WireJson.Context);
        });

        // Authentication pulls in Data Protection; keep its keys with the rest of the data, not in $HOME.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Configuration["Reelgate:DataDirectory"] ?? new ReelgateOptions().DataDirectory, "keys")));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.SchemeName, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue($"{ServerOptions.SectionName}:{nameof(ServerOptions.MaxRequestBodyBytes)}", new ServerOptions().MaxRequestBodyBytes);
        });
        return builder;
    }

    public static WebApplication UseReelgateServer(this WebApplication app)
    {
        app.WarnAboutRetiredSettings();
        app.UseRequestIds();
        app.UseReelgateErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapGet("/healthz", () => TypedResults.Ok(new Dictionary<string, string> { ["status"] = "ok" }))
            .WithName("Health").WithSummary("Liveness: 200 when the process serves requests.").ExcludeFromDescription();
        app.MapReadiness();
        app.MapReelgateMetrics(app.Configuration);
        app.MapVideoApi();
        app.MapOpenAiVideosApi();
        app.MapAccountApi();
        app.MapWebhookApi();
        app.MapFilesApi();
        app.MapStripeWebhook();
        app.MapOpenApi();
        app.MapScalarApiReference(ApiDocumentation.DocsPath, ApiDocumentation.ConfigureDocsPage);
        return app;
    }
}
