using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Reelgate.Contracts.Account;
using Reelgate.Contracts.Errors;
using Reelgate.Contracts.Video;

namespace Reelgate.Server.Docs;

/// <summary>
/// Per operation: the bearer requirement, and, from the facts each endpoint declares
/// (<see cref="OpenApiEndpointExtensions"/>), the JSON body its handler reads, its parameters and headers, and the
/// error envelope for each status it can answer. An endpoint's own responses (a stream, a file) are described where
/// it is mapped, with <c>AddOpenApiOperationTransformer</c>.
/// </summary>
internal sealed class ReelgateOperationTransformer : IOpenApiOperationTransformer
{
    private const string ExampleRequestId = "req_3f9a1c2b7d00000001";

    private static readonly Dictionary<int, (string Code, string Description, string Example)> Errors = new()
    {
        [400] = ("INVALID_ARGUMENT", "`INVALID_ARGUMENT`: a field or parameter is missing, malformed or out of range; the message names it.", "'limit' must be a whole number from 1 to 100."),
        [401] = ("UNAUTHENTICATED", "`UNAUTHENTICATED`: the API key is missing, unknown or revoked.", "Missing or invalid API key; send 'Authorization: Bearer <key>'."),
        [402] = ("INSUFFICIENT_CREDIT", "`INSUFFICIENT_CREDIT`: available credit (balance minus holds) does not cover the job's quote; the message names both.", "This job may cost up to $2.50 but $1.00 is available; top up with POST /v1/account/topup."),
        [403] = ("FORBIDDEN", "`FORBIDDEN`: the file link is invalid, altered or expired; ask `download_url` for a new one.", "The file link has expired; ask GET /v1/video/download_url/{id} for a new one."),
        [404] = ("NOT_FOUND", "`NOT_FOUND`: no such job in this project (another project's job looks the same).", "No video job 'vid_01kb7m3x5c8q9r2t4v6w8y0z1a' in this project."),
        [413] = ("PAYLOAD_TOO_LARGE", "`PAYLOAD_TOO_LARGE`: the body exceeds `Reelgate:Server:MaxRequestBodyBytes`.", "The request body is larger than 65536 bytes."),
        [422] = ("IDEMPOTENCY_KEY_REUSED", "`IDEMPOTENCY_KEY_REUSED`: the key was used with a different request; or `UNSUPPORTED`: no enabled model serves the request (the message lists what is supported).", "This idempotency key was already used with a different request; use a new key for a new request."),
        [429] = ("RATE_LIMITED", "`RATE_LIMITED`: the key is over its limit; retry after `Retry-After` seconds.", "Too many requests for this API key; retry in 2 seconds."),
        [500] = ("INTERNAL", "`INTERNAL`: the gateway failed; quote the request id when reporting it.", "The gateway failed to handle this request; quote the request id when reporting it."),
        [503] = ("VENDOR_UNAVAILABLE", "`VENDOR_UNAVAILABLE`: no vendor (or payment provider) could take the request now; nothing was charged.", "No vendor can take this job right now; try again shortly."),
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer needs the document.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorized = metadata.OfType<IAuthorizeData>().Any();
        if (authorized)
        {
            ReelgateDocumentTransformer.EnsureBearerScheme(document);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ReelgateDocumentTransformer.BearerScheme, document)] = [] }];
        }

        DescribeParameters(operation, metadata);

        // The OpenAI-compatible surface and the Stripe webhook answer in their own error formats.
        var path = "/" + (context.Description.RelativePath ?? string.Empty).TrimStart('/');
        if (!path.StartsWith("/v1/video/", StringComparison.Ordinal)
            && !path.StartsWith("/v1/account/", StringComparison.Ordinal)
            && !path.StartsWith("/v1/files/", StringComparison.Ordinal))
        {
            return;
        }

        if (metadata.OfType<JsonBodyMetadata>().LastOrDefault() is { } body && operation.RequestBody is null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body.Required,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new OpenApiMediaType
                    {
                        Schema = await ComponentAsync(context, document, body, cancellationToken),
                        Example = body.ExampleJson is { } example ? JsonNode.Parse(example) : null,
                    },
                },
            };
        }

        var errorSchema = await ComponentAsync(context, document, new JsonBodyMetadata(typeof(ErrorResponse), true, [], null), cancellationToken);
        operation.Responses ??= [];
        var extra = metadata.OfType<ReelgateErrorsMetadata>().SelectMany(e => e.Statuses);
        foreach (var status in ErrorStatuses(operation, path, authorized, metadata.OfType<EnableRateLimitingAttribute>().Any(), extra))
        {
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ErrorResponseFor(status, errorSchema));
        }
    }

    private static SortedSet<int> ErrorStatuses(OpenApiOperation operation, string path, bool authorized, bool rateLimited, IEnumerable<int> extra)
    {
        var statuses = new SortedSet<int> { 500 };
        if (operation.RequestBody is not null || operation.Parameters is { Count: > 0 })
        {
            statuses.Add(400);
        }

        if (authorized)
        {
            statuses.Add(401);
        }

        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            statuses.Add(404);
        }

        if (operation.RequestBody is not null)
        {
            statuses.Add(413);
        }

        if (rateLimited)
        {
            statuses.Add(429);
        }

        statuses.UnionWith(extra);
        return statuses;
    }

    private static OpenApiResponse ErrorResponseFor(int status, IOpenApiSchema schema)
    {
        var (code, description, example) = Errors[status];
        var response = new OpenApiResponse
        {
            Description = description,
            Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                ["X-Request-Id"] = new OpenApiHeader { Description = "The request id, also in the envelope.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType
                {
                    Schema = schema,
                    Example = new JsonObject
                    {
                        ["error"] = new JsonObject
                        {
                            ["code"] = code,
                            ["message"] = example,
                            ["request_id"] = ExampleRequestId,
                        },
                    },
                },
            },
        };
        if (status == 429)
        {
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Whole seconds to wait before the next request.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        return response;
    }

    /// <summary>Applies the parameter facts declared on the endpoint (and its group) and adds the headers it reads.</summary>
    private static void DescribeParameters(OpenApiOperation operation, IList<object> metadata)
    {
        var docs = metadata.OfType<ParameterDocsMetadata>().GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is not { } name || !docs.TryGetValue(name, out var doc))
            {
                continue;
            }

            parameter.Description = doc.Description;
            if (doc.Type is { } type)
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = type,
                    Minimum = doc.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Maximum = doc.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Enum = doc.Allowed is { } allowed ? [.. allowed.Select(a => (JsonNode)JsonValue.Create(a))] : null,
                };
            }
        }

        foreach (var header in metadata.OfType<HeaderDocsMetadata>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = header.MaxLength },
            });
        }
    }

    /// <summary>A schema registered once under <c>#/components/schemas/{name}</c>, answered as a reference.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiOperationTransformerContext context, OpenApiDocument document, JsonBodyMetadata body, CancellationToken cancellationToken)
    {
        var name = body.Type.Name;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
            if (body.RequiredFields.Count > 0)
            {
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                schema.Required.UnionWith(body.RequiredFields);
            }

            document.AddComponent(name, schema);
        }

        return new OpenApiSchemaReference(name, document);
    }
}
