namespace Reelgate.Core.Ports;

/// <summary>
/// A dependency a node needs before it can serve (the database, the blob store). <c>GET /readyz</c>
/// runs every registered check, so a load balancer sends traffic only to nodes that can use them.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>What is checked, as <c>/readyz</c> names it (<c>database</c>, <c>blobs</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Completes when the dependency answers; throws when it cannot be used now, with a message that
    /// says why and carries no secret.
    /// </summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
