using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.Client;

namespace Reelgate.Cli;

/// <summary>
/// A verb that calls the gateway: resolves the settings, builds the client, and maps what can go wrong onto
/// <see cref="ExitCodes"/> in one place.
/// </summary>
internal abstract class ApiCommand : Command
{
    protected ApiCommand(string name, string description)
        : base(name, description)
    {
        SetAction(RunAsync);
    }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, ReelgateClient client, CliOutput output, CancellationToken cancellationToken);

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = new CliOutput(parseResult.GetValue(GlobalOptions.Json));
        try
        {
            var settings = CliSettings.Resolve(parseResult.GetValue(GlobalOptions.Url), parseResult.GetValue(GlobalOptions.ApiKey));
            var services = new ServiceCollection();
            services.AddReelgateClient(options =>
            {
                options.BaseAddress = settings.Url;
                options.ApiKey = settings.ApiKey;
            });
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<ReelgateClient>();
            return await ExecuteAsync(parseResult, client, output, cancellationToken);
        }
        catch (CliUsageException ex)
        {
            CliOutput.Error("error: " + ex.Message);
            return ExitCodes.Usage;
        }
        catch (ReelgateApiException ex)
        {
            var request = ex.RequestId is null ? string.Empty : $" (request {ex.RequestId})";
            CliOutput.Error($"error: {ex.Code}: {ex.Message}{request}");
            return ExitCodes.ApiError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CliOutput.Error("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // TaskCanceledException without our token is HttpClient's timeout.
            CliOutput.Error($"error: cannot reach the gateway: {ex.Message}");
            return ExitCodes.NetworkError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A local file (the --output target) could not be written; the job itself is fine.
            CliOutput.Error($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}
