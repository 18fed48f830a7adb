using System.CommandLine;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin create-project --project NAME</c>: a project without a key.</summary>
internal sealed class CreateProjectCommand : AdminCommand
{
    private readonly Option<string> _project = AdminOptions.Project();

    public CreateProjectCommand()
        : base("create-project", "Create a project (no key); an existing one is left as it is.")
    {
        Options.Add(_project);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        var project = parseResult.GetRequiredValue(_project);
        var (projectId, created) = await services.Access.CreateProjectAsync(project, cancellationToken);
        output.Print($"{(created ? "created" : "exists")} {projectId} {project}", new() { ["project_id"] = projectId, ["project"] = project, ["created"] = created ? "true" : "false" });
        return AdminExitCodes.Ok;
    }
}
