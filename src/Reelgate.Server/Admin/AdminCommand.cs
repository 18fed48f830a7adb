using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Reelgate.Core.Access;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Admin;

/// <summary>
/// An operator verb: builds the gateway's services on the configured data (no server; it works
/// whether or not a gateway runs on the same data), runs, and maps what can go wrong onto
/// <see cref="AdminExitCodes"/> in one place.
/// </summary>
internal abstract class AdminCommand : Command
{
    protected AdminCommand(string name, string description)
        : base(name, description)
    {
        SetAction(RunAsync);
    }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken);

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            builder.Configuration.AddReelgateConfiguration();
            builder.Logging.ClearProviders();
            builder.Services.AddReelgateData(builder.Configuration);
            using var host = builder.Build();
            var services = new AdminServices(
                host.Services.GetRequiredService<AccessService>(),
                host.Services.GetRequiredService<BillingService>(),
                host.Services.GetRequiredService<JobService>());
            return await ExecuteAsync(parseResult, services, new AdminOutput(parseResult.GetValue(AdminOptions.Json)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            return AdminExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or OptionsValidationException or InvalidOperationException)
        {
            // DbException: SQLite's and PostgreSQL's errors alike (a locked file, a server that is away).
            return AdminOutput.Error(ex.Message);
        }
    }
}

/// <summary>The use cases the verbs call.</summary>
internal sealed record AdminServices(AccessService Access, BillingService Billing, JobService Jobs)
{
    /// <summary>The project's id, or null after telling the operator there is no such project.</summary>
    public async Task<string?> ProjectIdAsync(string name, CancellationToken cancellationToken)
    {
        var id = await Access.FindProjectIdAsync(name, cancellationToken);
        if (id is null)
        {
            AdminOutput.Error($"no project '{name}' (create it with create-project or create-key)");
        }

        return id;
    }
}
