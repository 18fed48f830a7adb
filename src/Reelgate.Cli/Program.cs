using System.CommandLine;
using Reelgate.Cli;
using Reelgate.Cli.Commands;

var root = new RootCommand("reelgate: generate, follow and download AI videos through a Reelgate gateway.")
{
    GlobalOptions.Url,
    GlobalOptions.ApiKey,
    GlobalOptions.Json,
    new GenerateCommand(),
    new StatusCommand(),
    new GetCommand(),
    new ListCommand(),
    new CancelCommand(),
    new DeleteCommand(),
    new DownloadCommand(),
    new CapabilitiesCommand(),
    new BalanceCommand(),
    new TopUpCommand(),
};

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    // System.CommandLine would exit 1, which scripts read as "the job failed"; usage errors are 2.
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine("error: " + error.Message);
    }

    Console.Error.WriteLine("Run 'reelgate --help' for usage.");
    return ExitCodes.Usage;
}

return await parseResult.InvokeAsync();
