using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Reelgate.Server.Docs;

/// <summary>
/// The responses and bodies of single endpoints that no shared rule describes (an event stream, a file, an
/// accepted job), attached where each endpoint is mapped with <c>AddOpenApiOperationTransformer</c>. These run
/// after <see cref="ReelgateOperationTransformer"/>, so an endpoint whose body is described here declares its
/// body's errors (400, 413) itself.
/// </summary>
internal static class OperationDocs
{
    public static Task AcceptedJobAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("202", out var accepted) == true && accepted is OpenApiResponse response)
        {
            response.Description = "The job was accepted (or, with an idempotency key already used for the same request, the original job).";
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            response.Headers["Location"] = new OpenApiHeader { Description = "The job's status URL.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            response.Headers["Idempotent-Replayed"] = new OpenApiHeader { Description = "`true` when this answers a repeated idempotency key.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            if (response.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = new JsonObject { ["job_id"] = "vid_01kb7m3x5c8q9r2t4v6w8y0z1a", ["state"] = "queued" };
            }
        }

        return Task.CompletedTask;
    }

    public static Task EventStreamAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
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
        return Task.CompletedTask;
    }

    public static Task FileAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var file = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            ["video/mp4"] = new OpenApiMediaType { Schema = binary },
            ["image/jpeg"] = new OpenApiMediaType { Schema = binary },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse { Description = "The file. Honours `Range` and `If-None-Match` (the ETag derives from the video's SHA-256).", Content = file };
        operation.Responses["206"] = new OpenApiResponse { Description = "The requested byte range.", Content = file };
        operation.Responses["304"] = new OpenApiResponse { Description = "Not modified (`If-None-Match` matched)." };
        return Task.CompletedTask;
    }

    /// <summary>The seed sends <c>{}</c> to <c>delete_all</c>: any JSON object, or no body.</summary>
    public static Task AnyJsonObjectBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = false,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Any JSON object (the seed sends `{}`), or no body." } },
            },
        };
        return Task.CompletedTask;
    }

    public static Task WebhookUrlBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "url" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["url"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "uri", Description = "An http(s) URL that receives signed `video.*` events, or null to remove the webhook." },
                        },
                    },
                    Example = new JsonObject { ["url"] = "https://example.com/hooks/reelgate" },
                },
            },
        };
        return Task.CompletedTask;
    }
}
