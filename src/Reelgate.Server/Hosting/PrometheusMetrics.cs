using System.Reflection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Reelgate.Core.Diagnostics;

namespace Reelgate.Server.Hosting;

/// <summary>
/// Prometheus text at <c>GET /metrics</c> through OpenTelemetry's exporter: the <c>Reelgate</c> meter
/// (jobs, vendor attempts, credit, webhooks), on unless <c>Reelgate:Server:MetricsEnabled=false</c>.
/// ASP.NET Core's per-request meters (request duration, active requests, connections, rate-limiter
/// leases) are opt-in with <c>Reelgate:Server:HttpMetricsEnabled=true</c>: recording a histogram on
/// every request took about a quarter of <c>status</c> throughput in bench/run-http.sh, and a load
/// balancer in front usually measures requests already.
/// </summary>
internal static class PrometheusMetrics
{
    public const string Path = "/metrics";

    private static readonly string[] HttpMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    public static IServiceCollection AddReelgateMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Read(configuration);
        if (settings.MetricsEnabled)
        {
            // target_info names the service and its version instead of "unknown_service:dotnet".
            var version = typeof(PrometheusMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("reelgate", serviceVersion: version))
                .WithMetrics(metrics =>
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

    /// <summary>Read while the host is built: which endpoints exist cannot wait for options validation.</summary>
    private static ServerOptions Read(IConfiguration configuration)
        => configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
}
