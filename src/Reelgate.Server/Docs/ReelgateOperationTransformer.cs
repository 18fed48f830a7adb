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
/// Per operation: the bearer requirement, the JSON bodies the handlers read themselves, the error envelope for each
/// status the operation can answer, the headers outside model binding, and examples.
/// </summary>
internal sealed class ReelgateOperationTransformer : IOpenApiOperationTransformer
{
    private const string ErrorSchema = nameof(ErrorResponse);
    private const string ExampleRequestId = "req_3f9a1c2b7d00000001";

    /// <summary>Bodies read with <c>JsonBody.ReadAsync</c>, invisible to ApiExplorer.</summary>
    private static readonly Dictionary<string, (Type Type, bool Required)> Bodies = new(StringComparer.Ordinal)
    {
        ["GenerateVideo"] = (typeof(GenerateVideoRequest), true),
        ["CancelVideo"] = (typeof(CancelVideoRequest), false),
        ["SetVideoRetention"] = (typeof(SetRetentionRequest), true),
        ["CreateTopUp"] = (typeof(TopUpRequest), true),
    };

    /// <summary>Request fields the handlers require although the types leave them nullable (to answer 400 with a message, not a framework error).</summary>
    private static readonly Dictionary<Type, string[]> RequiredFields = new()
    {
        [typeof(GenerateVideoRequest)] = ["prompt"],
        [typeof(SetRetentionRequest)] = ["days"],
        [typeof(TopUpRequest)] = ["amount_usd"],
    };

    /// <summary>Statuses beyond the ones every operation of its kind can answer (see <see cref="ErrorStatuses"/>).</summary>
    private static readonly Dictionary<string, int[]> ExtraErrors = new(StringComparer.Ordinal)
    {
        ["GenerateVideo"] = [402, 422, 503],
        ["DeleteVideo"] = [422],
        ["SetVideoRetention"] = [422],
        ["CreateTopUp"] = [503],
        ["GetFile"] = [403],
    };

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

    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["id"] = "The job id (`vid_…`).",
        ["wait"] = "Long poll: answer as soon as the job is terminal, or after this many seconds (0..60) with its current state.",
        ["limit"] = "Page size.",
        ["cursor"] = "The `next_cursor` of the previous page, unchanged.",
        ["expires_in"] = "Lifetime of the link in seconds, 60..604800 (default 3600).",
        ["idempotency_key"] = "De-duplication key (or the `Idempotency-Key` header).",
        ["file"] = "`video.mp4` or `thumbnail.jpg`.",
        ["exp"] = "Expiry of the link (Unix seconds), part of the signature.",
        ["sig"] = "HMAC-SHA256 signature of the link.",
        ["download"] = "`1` for `Content-Disposition: attachment` (part of the signature).",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer needs the document.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var name = operation.OperationId ?? string.Empty;
        var authorized = metadata.OfType<IAuthorizeData>().Any();
        if (authorized)
        {
            ReelgateDocumentTransformer.EnsureBearerScheme(document);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ReelgateDocumentTransformer.BearerScheme, document)] = [] }];
        }

        // The OpenAI-compatible surface and the Stripe webhook answer in their own error formats.
        var path = "/" + (context.Description.RelativePath ?? string.Empty).TrimStart('/');
        if (!path.StartsWith("/v1/video/", StringComparison.Ordinal)
            && !path.StartsWith("/v1/account/", StringComparison.Ordinal)
            && !path.StartsWith("/v1/files/", StringComparison.Ordinal))
        {
            return;
        }

        await AddRequestBodyAsync(operation, context, document, name, cancellationToken);
        DescribeParameters(operation, name);
        DescribeSpecialResponses(operation, name);

        var errorSchema = await ComponentAsync(context, document, typeof(ErrorResponse), ErrorSchema, cancellationToken);
        operation.Responses ??= [];
        foreach (var status in ErrorStatuses(operation, name, path, authorized, metadata.OfType<EnableRateLimitingAttribute>().Any()))
        {
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ErrorResponseFor(status, errorSchema));
        }
    }

    private static IEnumerable<int> ErrorStatuses(OpenApiOperation operation, string name, string path, bool authorized, bool rateLimited)
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

        if (ExtraErrors.TryGetValue(name, out var extra))
        {
            statuses.UnionWith(extra);
        }

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

    private static async Task AddRequestBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, OpenApiDocument document, string name, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is not null)
        {
            return;
        }

        IOpenApiSchema? schema = null;
        var required = true;
        JsonNode? example = null;
        if (Bodies.TryGetValue(name, out var body))
        {
            schema = await ComponentAsync(context, document, body.Type, body.Type.Name, cancellationToken);
            required = body.Required;
        }
        else if (name == "SetWebhook")
        {
            schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string>(StringComparer.Ordinal) { "url" },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["url"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "uri", Description = "An http(s) URL that receives signed `video.*` events, or null to remove the webhook." },
                },
            };
            example = new JsonObject { ["url"] = "https://example.com/hooks/reelgate" };
        }
        else if (name == "DeleteAllVideos")
        {
            schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Any JSON object (the seed sends `{}`), or no body." };
            required = false;
        }

        if (name == "GenerateVideo")
        {
            example = new JsonObject
            {
                ["prompt"] = "a timelapse of a city skyline at dusk",
                ["prefer"] = "balanced",
                ["resolution"] = "1080p",
                ["duration_seconds"] = 5,
                ["aspect_ratio"] = "16:9",
            };
        }
        else if (name == "SetVideoRetention")
        {
            example = new JsonObject { ["days"] = 7 };
        }
        else if (name == "CreateTopUp")
        {
            example = new JsonObject { ["amount_usd"] = 20 };
        }

        if (schema is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new OpenApiMediaType { Schema = schema, Example = example },
                },
            };
        }
    }

    private static void DescribeParameters(OpenApiOperation operation, string name)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } key && ParameterDescriptions.TryGetValue(key, out var description))
            {
                parameter.Description ??= description;
            }
        }

        var header = name switch
        {
            "GenerateVideo" or "DeleteVideo" => new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = "De-duplication key (1..255 characters, scoped to the project): the same key and request answer the original result with `Idempotent-Replayed: true`; the same key with another request answers 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            },
            "StreamVideoEvents" => new OpenApiParameter
            {
                Name = "Last-Event-ID",
                In = ParameterLocation.Header,
                Description = "The `id` of the last event received: the stream resumes with what changed after it.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            },
            _ => null,
        };
        if (header is not null)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(header);
        }
    }

    private static void DescribeSpecialResponses(OpenApiOperation operation, string name)
    {
        operation.Responses ??= [];
        switch (name)
        {
            case "GenerateVideo" when operation.Responses.TryGetValue("202", out var accepted) && accepted is OpenApiResponse response:
                response.Description = "The job was accepted (or, with an idempotency key already used for the same request, the original job).";
                response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                response.Headers["Location"] = new OpenApiHeader { Description = "The job's status URL.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                response.Headers["Idempotent-Replayed"] = new OpenApiHeader { Description = "`true` when this answers a repeated idempotency key.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                if (response.Content?.TryGetValue("application/json", out var media) == true)
                {
                    media.Example = new JsonObject { ["job_id"] = "vid_01kb7m3x5c8q9r2t4v6w8y0z1a", ["state"] = "queued" };
                }

                break;
            case "StreamVideoEvents":
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "Server-Sent Events until the job is terminal: `event:` the state, `data:` the `VideoJob` body, `id:` the job's update time in Unix milliseconds. Comment lines keep idle streams open.",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["text/event-stream"] = new OpenApiMediaType
                        {
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                            Example = "id: 1764061200123\nevent: running\ndata: {\"job_id\":\"vid_01kb7m3x5c8q9r2t4v6w8y0z1a\",\"state\":\"running\",\"progress\":0.4}\n\n",
                        },
                    },
                };
                break;
            case "GetFile":
                var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                var file = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["video/mp4"] = new OpenApiMediaType { Schema = binary },
                    ["image/jpeg"] = new OpenApiMediaType { Schema = binary },
                };
                operation.Responses["200"] = new OpenApiResponse { Description = "The file. Honours `Range` and `If-None-Match` (the ETag derives from the video's SHA-256).", Content = file };
                operation.Responses["206"] = new OpenApiResponse { Description = "The requested byte range.", Content = file };
                operation.Responses["304"] = new OpenApiResponse { Description = "Not modified (`If-None-Match` matched)." };
                break;
            default:
                break;
        }
    }

    /// <summary>A schema registered once under <c>#/components/schemas/{name}</c>, answered as a reference.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiOperationTransformerContext context, OpenApiDocument document, Type type, string name, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
            if (RequiredFields.TryGetValue(type, out var required))
            {
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                schema.Required.UnionWith(required);
            }

            document.AddComponent(name, schema);
        }

        return new OpenApiSchemaReference(name, document);
    }
}
