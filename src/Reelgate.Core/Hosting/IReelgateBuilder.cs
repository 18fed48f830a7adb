using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reelgate.Core.Hosting;

/// <summary>
/// The composition seam of a gateway, returned by <c>services.AddReelgate(configuration)</c>. Each
/// part chains onto it and decides at registration from the configuration whether and how it is
/// added; nothing is removed afterwards. How to add a part:
/// 1. Write an extension method on <see cref="IReelgateBuilder"/> in the project that owns the part
///    (storage in Reelgate.Storage, vendors in Reelgate.Vendors).
/// 2. Read its settings from <see cref="Configuration"/> to decide what to register.
/// 3. Register with <c>TryAdd*</c>, so a test can put its own service in first.
/// 4. Return the builder.
/// </summary>
public interface IReelgateBuilder
{
    IServiceCollection Services { get; }

    IConfiguration Configuration { get; }
}
