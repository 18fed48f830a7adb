using Microsoft.OpenApi;

namespace Reelgate.Server.Docs;

/// <summary>Error statuses an endpoint answers beyond those every operation of its kind can (see <see cref="ReelgateOperationTransformer"/>).</summary>
internal sealed record ReelgateErrorsMetadata(IReadOnlyList<int> Statuses);

/// <summary>
/// A JSON body the handler reads itself (for the contract's error answers), invisible to ApiExplorer.
/// <c>RequiredFields</c> are the fields the handler requires although the type leaves them nullable (it
/// answers 400 with a message, not a framework error).
/// </summary>
internal sealed record JsonBodyMetadata(Type Type, bool Required, IReadOnlyList<string> RequiredFields, string? ExampleJson);

/// <summary>What a route or query parameter means and which values it takes (its schema, where the handler binds it as text to answer the envelope).</summary>
internal sealed record ParameterDocsMetadata(string Name, string Description, JsonSchemaType? Type = null, int? Minimum = null, int? Maximum = null, IReadOnlyList<string>? Allowed = null);

/// <summary>A request header outside model binding.</summary>
internal sealed record HeaderDocsMetadata(string Name, string Description, int? MaxLength = null);
