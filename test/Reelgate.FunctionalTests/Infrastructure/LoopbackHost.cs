using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reelgate.FunctionalTests.Infrastructure;

/// <summary>
/// A real Kestrel on a free loopback port for the third parties tests stand in for (vendor and
/// Stripe stubs, webhook receivers). Nothing here ever listens beyond 127.0.0.1.
/// </summary>
internal static class LoopbackHost
{
    /// <summary>A slim app bound to 127.0.0.1 on a port the OS picks, without console logging.</summary>
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder.Build();
    }

    /// <summary>Starts the app and answers its base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public static async Task<string> StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }
}
