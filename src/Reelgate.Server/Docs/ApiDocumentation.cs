using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace Reelgate.Server.Docs;

/// <summary>
/// The OpenAPI 3.1 document (<c>/openapi/v1.json</c>) and its Scalar page (<c>/docs</c>). Handlers read their JSON
/// bodies themselves (for the contract's error answers), and errors are the DESIGN §2 envelope rather than
/// ProblemDetails, so two transformers add what endpoint metadata cannot say: request bodies, the shared error
/// responses, headers, examples and the bearer scheme.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocsPath = "/docs";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer<ReelgateDocumentTransformer>();
        options.AddOperationTransformer<ReelgateOperationTransformer>();
        options.AddSchemaTransformer<AllowedValuesSchemaTransformer>();
    }

    /// <summary>
    /// A page for a self-hosted, often offline gateway: nothing that calls a hosted service (Scalar's AI agent would
    /// send the document to a third party; its MCP, SDK-generation and deploy buttons, telemetry and CDN fonts all
    /// reach out), and the tags in the document's order, the seed's Video API first.
    /// </summary>
    public static void ConfigureDocsPage(ScalarOptions options)
    {
        options.WithTitle("Reelgate API")
            .AddPreferredSecuritySchemes(ReelgateDocumentTransformer.BearerScheme)
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts()
            .HideClientButton()
            .HideDeveloperTools();
    }
}
