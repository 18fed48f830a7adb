using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Reelgate.Server.Docs;

/// <summary>Title, description, tags and the bearer scheme of the whole document.</summary>
internal sealed class ReelgateDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Reelgate API",
            Version = "v1",
            Description = """
                One stable API over many text-to-video vendors. Every call carries `Authorization: Bearer <project key>`
                (an operator creates keys with `admin create-key --project NAME`). JSON is snake_case; times are RFC 3339 UTC.

                Every non-2xx answer is the error envelope `{"error": {"code", "message", "request_id"}}` (schema
                `ErrorResponse`); the request id is also in the `X-Request-Id` header. Codes: `INVALID_ARGUMENT` 400,
                `UNAUTHENTICATED` 401, `INSUFFICIENT_CREDIT` 402, `FORBIDDEN` 403, `NOT_FOUND` 404, `PAYLOAD_TOO_LARGE` 413,
                `IDEMPOTENCY_KEY_REUSED` and `UNSUPPORTED` 422, `RATE_LIMITED` 429 (with `Retry-After`), `INTERNAL` 500,
                `VENDOR_UNAVAILABLE` 503.
                """,
        };
        EnsureBearerScheme(document);
        document.Tags ??= new HashSet<OpenApiTag>();
        AddTag(document, "Video", "Jobs: generate, follow (status long poll, Server-Sent Events), list, cancel, delete, download links, retention.");
        AddTag(document, "Account", "Prepaid credit, its ledger and top-ups.");
        AddTag(document, "Webhooks", "The project's webhook endpoint and signing secret, and the delivery log.");
        AddTag(document, "Files", "Signed, expiring links to a job's video and thumbnail (no API key).");
        return Task.CompletedTask;
    }

    /// <summary>Adds the scheme once; the operation transformer calls it too, before it references the scheme.</summary>
    public static void EnsureBearerScheme(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes.TryAdd(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "rg_pk_…",
            Description = "A project API key: `Authorization: Bearer rg_pk_…`.",
        });
    }

    private static void AddTag(OpenApiDocument document, string name, string description)
    {
        var existing = document.Tags!.FirstOrDefault(t => t.Name == name);
        if (existing is not null)
        {
            existing.Description ??= description;
        }
        else
        {
            document.Tags!.Add(new OpenApiTag { Name = name, Description = description });
        }
    }
}
