using System.CommandLine;

namespace Reelgate.Server.Admin.Commands;

/// <summary><c>admin revoke-key --key-id ID</c>: the key answers 401 from the next request on.</summary>
internal sealed class RevokeKeyCommand : AdminCommand
{
    private readonly Option<string> _keyId = new("--key-id") { Description = "The key's id (list-keys shows it).", Required = true };

    public RevokeKeyCommand()
        : base("revoke-key", "Revoke an API key: it answers 401 from the next request on.")
    {
        Options.Add(_keyId);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, AdminServices services, AdminOutput output, CancellationToken cancellationToken)
    {
        var keyId = parseResult.GetRequiredValue(_keyId);
        var revoked = await services.Access.RevokeKeyAsync(keyId, cancellationToken);
        output.Print(revoked ? $"revoked {keyId}" : $"no active key {keyId}", new() { ["key_id"] = keyId, ["revoked"] = revoked ? "true" : "false" });
        return revoked ? AdminExitCodes.Ok : AdminExitCodes.Failed;
    }
}
