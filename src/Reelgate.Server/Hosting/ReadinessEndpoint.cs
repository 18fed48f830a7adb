using Microsoft.AspNetCore.Http.HttpResults;
using Reelgate.Core.Ports;
using Reelgate.Server.Errors;

namespace Reelgate.Server.Hosting;

/// <summary>
/// <c>GET /readyz</c>: 200 when this node can use what it depends on (every <see cref="IReadinessCheck"/>:
/// the database and the blob store), 503 <c>NOT_READY</c> naming what failed otherwise, and 503 from the
/// moment the node starts shutting down so a load balancer drains it first. <c>/healthz</c> stays a
/// plain liveness answer: a node whose database is briefly away must not be restarted for it.
/// </summary>
internal static partial class ReadinessEndpoint
{
    /// <summary>A check slower than this counts as failed: a probe must answer well inside a load balancer's timeout.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/readyz", ReadyAsync)
            .WithName("Readiness")
            .WithSummary("Readiness: 200 when the database and blob store answer; 503 NOT_READY otherwise and while shutting down.")
            .ExcludeFromDescription();
        return app;
    }

    internal static async Task<Results<Ok<Dictionary<string, string>>, ApiError>> ReadyAsync(
        IEnumerable<IReadinessCheck> checks, IHostApplicationLifetime lifetime, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return new ApiError(StatusCodes.Status503ServiceUnavailable, "NOT_READY", "The node is shutting down.");
        }

        var results = await Task.WhenAll(checks.Select(check => RunAsync(check, cancellationToken)));
        var failures = results.Where(r => r.Problem is not null).ToList();
        if (failures.Count > 0)
        {
            var log = loggers.CreateLogger(typeof(ReadinessEndpoint));
            foreach (var (name, problem) in failures)
            {
                Log.NotReady(log, name, problem!);
            }

            return new ApiError(StatusCodes.Status503ServiceUnavailable, "NOT_READY", "Not ready: " + string.Join("; ", failures.Select(f => $"{f.Name}: {f.Problem}")) + ".");
        }

        var body = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = "ready" };
        foreach (var (name, _) in results)
        {
            body[name] = "ok";
        }

        return TypedResults.Ok(body);
    }

    private static async Task<(string Name, string? Problem)> RunAsync(IReadinessCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check.CheckAsync(timeout.Token);
            return (check.Name, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (check.Name, $"no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The failure is the answer: a probe reports it, it does not turn it into a 500.
            return (check.Name, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1410, LogLevel.Warning, "Not ready: {Check} failed: {Problem}")]
        public static partial void NotReady(ILogger logger, string check, string problem);
    }
}
