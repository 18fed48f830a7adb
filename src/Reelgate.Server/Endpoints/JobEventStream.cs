using System.Globalization;
using System.Text.Json;
using Reelgate.Core.Events;
using Reelgate.Core.Jobs;
using Reelgate.Server.Auth;
using Reelgate.Server.Errors;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Endpoints;

/// <summary>
/// <c>GET /v1/video/events/{id}</c>: Server-Sent Events of a job until it is terminal. Each event is
/// the short job view; its id is the job's <c>updated_at</c> in Unix milliseconds, so a client that
/// reconnects with <c>Last-Event-ID</c> gets only what changed after the last event it saw.
/// </summary>
internal static class JobEventStream
{
    /// <summary>A comment line keeps proxies from closing an idle stream.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string id, HttpContext context, JobService jobs, JobViews views, JobEventHub events, CancellationToken cancellationToken)
    {
        var project = context.User.ProjectId();
        var lastSent = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var resumed) ? resumed : -1;

        // Subscribe before the first read, so a change between the read and the wait is not missed.
        using var subscription = events.Subscribe(id);
        var job = await jobs.GetAsync(project, id, cancellationToken);
        if (job.Error is { } error)
        {
            await ApiError.From(error).ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
        try
        {
            while (true)
            {
                var current = job.Value!;
                var version = current.UpdatedAt.ToUnixTimeMilliseconds();
                if (version > lastSent)
                {
                    var data = JsonSerializer.Serialize(await views.ShortAsync(current, context.Request, cancellationToken), WireJson.Context.VideoJob);
                    var name = JsonSerializer.Serialize(current.State, WireJson.Context.VideoJobState).Trim('"');
                    await response.WriteAsync($"id: {version.ToString(CultureInfo.InvariantCulture)}\nevent: {name}\ndata: {data}\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastSent = version;
                }

                if (current.IsTerminal)
                {
                    return;
                }

                if (!await subscription.WaitAsync(KeepAlive, cancellationToken))
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                }

                job = await jobs.GetAsync(project, id, cancellationToken);
                if (job.Error is not null)
                {
                    // Deleted while streaming: end the stream; a reconnect answers 404.
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
