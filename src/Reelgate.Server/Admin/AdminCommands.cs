using System.CommandLine;
using Reelgate.Server.Admin.Commands;

namespace Reelgate.Server.Admin;

/// <summary>
/// The operator verbs (DESIGN §7), on System.CommandLine like the <c>reelgate</c> tool. Each prints one
/// line per result (one JSON object with <c>--json</c>) and works whether or not a gateway is running
/// on the same data: they share only the database. Exit codes: <see cref="AdminExitCodes"/>.
/// </summary>
internal static class AdminCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Reelgate.Server admin: operator verbs on the gateway's data.")
        {
            AdminOptions.Json,
            new CreateKeyCommand(),
            new ListKeysCommand(),
            new RevokeKeyCommand(),
            new CreateProjectCommand(),
            new ListProjectsCommand(),
            new GrantCreditCommand(),
            new BalanceCommand(),
            new LedgerCommand(),
            new ConfirmTopUpCommand(),
            new HeldJobsCommand(),
            new SettleJobCommand(),
        };

        var parseResult = root.Parse(args);
        if (args.Length == 0)
        {
            await parseResult.RootCommandResult.Command.Parse("--help").InvokeAsync();
            return AdminExitCodes.Usage;
        }

        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'Reelgate.Server admin --help' for usage.");
            return AdminExitCodes.Usage;
        }

        return await parseResult.InvokeAsync();
    }
}
