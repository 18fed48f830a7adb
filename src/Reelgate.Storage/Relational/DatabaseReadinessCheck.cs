using Reelgate.Core.Ports;

namespace Reelgate.Storage.Relational;

/// <summary>The database answers a trivial query on a pooled connection (after its migrations ran).</summary>
internal sealed class DatabaseReadinessCheck(IRelationalDatabase database) : IReadinessCheck
{
    public string Name => "database";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
