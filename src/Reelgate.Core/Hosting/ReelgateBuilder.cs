using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reelgate.Core.Hosting;

internal sealed class ReelgateBuilder(IServiceCollection services, IConfiguration configuration) : IReelgateBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;
}
