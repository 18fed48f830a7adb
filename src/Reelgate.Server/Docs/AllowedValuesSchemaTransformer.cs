using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Reelgate.Server.Docs;

/// <summary>
/// A wire property with <see cref="AllowedValuesAttribute"/> becomes an <c>enum</c> in its schema, so generated
/// clients get a closed type instead of a bare string. The wire types keep <c>string</c> because the server answers an
/// unknown value with a 400 naming the choices rather than a deserialisation error.
/// </summary>
/// <remarks>
/// An optional field that allows <c>null</c> is documented as "omit it": client generators turn a <c>null</c> enum
/// member into a junk identifier (Kiota 1.38 emits <c>OpenapiJsonNullSentinelValue…</c>), and omitting the field
/// means the same to the server as sending <c>null</c>.
/// </remarks>
internal sealed class AllowedValuesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: false) is not [AllowedValuesAttribute allowed, ..])
        {
            return Task.CompletedTask;
        }

        schema.Enum = [.. allowed.Values.OfType<object>().Select(value => (JsonNode)JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture))!)];
        if (schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }
}
