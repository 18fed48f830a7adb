namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>The bench's one connection pool to the gateways on loopback (no connection limit: a burst opens as many as it sends at once).</summary>
internal static class Http
{
    public static SocketsHttpHandler Handler { get; } = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        UseProxy = false,
    };
}
