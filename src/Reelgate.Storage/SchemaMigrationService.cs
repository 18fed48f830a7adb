using Microsoft.Extensions.Hosting;

namespace Reelgate.Storage;

/// <summary>
/// Applies the store's migrations while the host starts, before Kestrel listens: a node that says
/// it is listening has its schema in place, and an unreachable or broken database stops the start
/// instead of failing the first request. (Stores also migrate on first use, for hosts that are
/// never started, such as the operator verbs.)
/// </summary>
internal sealed class SchemaMigrationService(Func<CancellationToken, Task> migrate) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrate(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
