using System.CommandLine;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin create-key --project NAME</c>: creates the project if needed and prints a new API key alone on stdout.</summary>
internal sealed class CreateKeyCommand : AdminCommand
{
    private readonly Option<string> _project = AdminOptions.Project("The project the key belongs to (created if needed).");

    public CreateKeyCommand()
        : base("create-key", "Create the project if needed and print a new API key (shown once).")
    {
        Options.Add(_project);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        var (record, secret) = await services.Access.CreateKeyAsync(parseResult.GetRequiredValue(_project), cancellationToken);
        output.Print(secret, new() { ["key"] = secret, ["key_id"] = record.KeyId, ["project_id"] = record.ProjectId, ["project"] = record.ProjectName });
        return AdminExitCodes.Ok;
    }
}
