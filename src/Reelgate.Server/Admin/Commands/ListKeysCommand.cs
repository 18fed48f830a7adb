using System.CommandLine;
using System.Globalization;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin list-keys</c>: every key with its project, prefix, creation and state.</summary>
internal sealed class ListKeysCommand : AdminCommand
{
    public ListKeysCommand()
        : base("list-keys", "List every API key: id, project, prefix, created, active or revoked.")
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        foreach (var key in await services.Access.ListKeysAsync(cancellationToken))
        {
            output.Print(
                string.Create(CultureInfo.InvariantCulture, $"{key.KeyId}\t{key.ProjectName}\t{key.Prefix}…\t{key.CreatedAt:O}\t{(key.RevokedAt is null ? "active" : "revoked")}"),
                new()
                {
                    ["key_id"] = key.KeyId,
                    ["project"] = key.ProjectName,
                    ["project_id"] = key.ProjectId,
                    ["prefix"] = key.Prefix,
                    ["created_at"] = key.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                    ["revoked_at"] = key.RevokedAt?.ToString("O", CultureInfo.InvariantCulture),
                });
        }

        return AdminExitCodes.Ok;
    }
}
