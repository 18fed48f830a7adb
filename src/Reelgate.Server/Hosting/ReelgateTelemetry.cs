using System.Reflection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reelgate.Core.Diagnostics;

namespace Reelgate.Server.Hosting;

/// <summary>
/// OpenTelemetry for operators. Metrics: Prometheus text at <c>GET /metrics</c> with the
/// <c>Reelgate</c> meter (jobs, vendor attempts, credit, webhooks), on unless
/// <c>Reelgate:Server:MetricsEnabled=false</c>. ASP.NET Core's per-request meters (request duration,
/// active requests, connections, rate-limiter leases) are opt-in with
/// <c>Reelgate:Server:HttpMetricsEnabled=true</c>: recording a histogram on every request took about
/// a quarter of <c>status</c> throughput in bench/run-http.sh, and a load balancer in front usually
/// measures requests already. Traces: exported over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>…_TRACES_ENDPOINT</c>) is set — the <c>Reelgate</c>
/// source (job runs, vendor attempts, ingest) with the HTTP server, HTTP client and Npgsql spans
/// around it, so one trace shows a job's calls to its vendor.
/// </summary>
internal static class ReelgateTelemetry
{
    public const string Path = "/metrics";

    private static readonly string[] HttpMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>Client-side sources that carry their own semantic-convention tags (.NET 10's HttpClient, Npgsql).</summary>
    private static readonly string[] ClientSources = ["System.Net.Http", "Npgsql"];

    /// <summary>Probes and scrapes would be most of the server spans and tell nothing.</summary>
    private static readonly PathString[] UntracedPaths = [Path, "/healthz", "/readyz"];

    public static IServiceCollection AddReelgateTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Read(configuration);
        var tracing = TracingEnabled(configuration);
        if (!settings.MetricsEnabled && !tracing)
        {
            return services;
        }

        // The resource names the service and its version instead of "unknown_service:dotnet".
        var version = typeof(ReelgateTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("reelgate", serviceVersion: version));
        if (settings.MetricsEnabled)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(ReelgateMetrics.MeterName);

                // Built with the meter provider and kept alive by it: the gauges exist from the first scrape.
                metrics.AddInstrumentation(sp => sp.GetRequiredService<DispatchGauges>());
                if (settings.HttpMetricsEnabled)
                {
                    metrics.AddMeter(HttpMeters);
                }

                metrics.AddPrometheusExporter();
            });
        }

        if (tracing)
        {
            // A typo here would otherwise only silence the exporter (it reports through its own EventSource).
            services.AddOptions<OtlpEndpoints>()
                .Configure(endpoints =>
                {
                    endpoints.Endpoint = configuration[OtlpEndpoints.EndpointKey];
                    endpoints.TracesEndpoint = configuration[OtlpEndpoints.TracesEndpointKey];
                })
                .Validate(
                    endpoints => OtlpEndpoints.IsHttpUrlOrUnset(endpoints.Endpoint) && OtlpEndpoints.IsHttpUrlOrUnset(endpoints.TracesEndpoint),
                    $"{OtlpEndpoints.EndpointKey} and {OtlpEndpoints.TracesEndpointKey} must be absolute http(s) URLs, e.g. http://collector:4317.")
                .ValidateOnStart();

            // The exporter reads the other OTEL_EXPORTER_OTLP_* settings (protocol, headers, timeout) itself.
            telemetry.WithTracing(traces => traces
                .AddSource(ReelgateTracing.SourceName)
                .AddAspNetCoreInstrumentation(server => server.Filter = context => !UntracedPaths.Any(context.Request.Path.StartsWithSegments))
                .AddSource(ClientSources)
                .AddOtlpExporter());
        }

        return services;
    }

    public static IEndpointRouteBuilder MapReelgateMetrics(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (Read(configuration).MetricsEnabled)
        {
            app.MapPrometheusScrapingEndpoint(Path).ExcludeFromDescription();
        }

        return app;
    }

    private static bool TracingEnabled(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration[OtlpEndpoints.EndpointKey])
           || !string.IsNullOrWhiteSpace(configuration[OtlpEndpoints.TracesEndpointKey]);

    /// <summary>Read while the host is built: which endpoints exist cannot wait for options validation.</summary>
    private static ServerOptions Read(IConfiguration configuration)
        => configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
}

/// <summary>The standard OTLP endpoint settings, as read from configuration (environment variables).</summary>
internal sealed class OtlpEndpoints
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    public string? Endpoint { get; set; }

    public string? TracesEndpoint { get; set; }

    public static bool IsHttpUrlOrUnset(string? value)
        => string.IsNullOrWhiteSpace(value)
           || (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https");
}
