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
        OrderTags(document);

        // Generators join a server URL and a path with a slash of their own.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

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

    /// <summary>
    /// The seed's API first (Video, Account, Webhooks, Files), then the OpenAI-compatible surface and payments: the
    /// order readers and the docs page's navigation meet them. Only tags some endpoint uses are listed; any this list
    /// lacks follow it.
    /// </summary>
    private static void OrderTags(OpenApiDocument document)
    {
        (string Name, string Description)[] known =
        [
            ("Video", "Jobs: generate, follow (status long poll, Server-Sent Events), list, cancel, delete, download links, retention."),
            ("Account", "Prepaid credit, its ledger and top-ups."),
            ("Webhooks", "The project's webhook endpoint and signing secret, and the delivery log."),
            ("Files", "Signed, expiring links to a job's video and thumbnail (no API key)."),
            ("OpenAI Videos", "OpenAI's Videos API (`client.videos.*`) on the same jobs, keys and credit, in OpenAI's shapes and errors."),
            ("Payments", "Payment providers' signed event deliveries (no API key)."),
        ];
        var existing = document.Tags ?? new HashSet<OpenApiTag>();
        var ordered = new List<OpenApiTag>();
        foreach (var (name, description) in known)
        {
            if (existing.FirstOrDefault(t => t.Name == name) is { } tag)
            {
                tag.Description ??= description;
                ordered.Add(tag);
            }
        }

        ordered.AddRange(existing.Where(t => !known.Any(k => k.Name == t.Name)));

        // An insertion-ordered set: the writer emits tags in this order.
        document.Tags = new HashSet<OpenApiTag>(ordered);
    }
}
