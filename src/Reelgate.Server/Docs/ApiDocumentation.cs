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
    }

    public static void ConfigureDocsPage(ScalarOptions options)
    {
        options.WithTitle("Reelgate API");
        options.AddPreferredSecuritySchemes(ReelgateDocumentTransformer.BearerScheme);
    }
}
