using Microsoft.OpenApi;

namespace Reelgate.Server.Docs;

/// <summary>
/// OpenAPI facts declared on the endpoints themselves (read by <see cref="ReelgateOperationTransformer"/>), so
/// renaming or moving an endpoint keeps its documentation.
/// </summary>
internal static class OpenApiEndpointExtensions
{
    /// <summary>The error statuses this endpoint answers beyond the ones every operation of its kind can.</summary>
    public static TBuilder ProducesReelgateErrors<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new ReelgateErrorsMetadata(statuses));

    /// <summary>The JSON body the handler reads, with the fields it requires and an example.</summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder, bool required = true, string[]? requiredFields = null, string? example = null)
        => builder.WithMetadata(new JsonBodyMetadata(typeof(T), required, requiredFields ?? [], example));

    /// <summary>Describes a parameter where it appears (on a group: every endpoint that has it).</summary>
    public static TBuilder DescribesParameter<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new ParameterDocsMetadata(name, description));

    /// <summary>A whole-number parameter within a range (bound as text, so a bad value answers the error envelope).</summary>
    public static TBuilder DescribesInteger<TBuilder>(this TBuilder builder, string name, string description, int minimum, int maximum)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new ParameterDocsMetadata(name, description, JsonSchemaType.Integer, minimum, maximum));

    /// <summary>A parameter with a closed set of values.</summary>
    public static TBuilder DescribesChoice<TBuilder>(this TBuilder builder, string name, string description, params string[] allowed)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new ParameterDocsMetadata(name, description, JsonSchemaType.String, Allowed: allowed));

    /// <summary>A request header the handler reads itself.</summary>
    public static RouteHandlerBuilder AcceptsHeader(this RouteHandlerBuilder builder, string name, string description, int? maxLength = null)
        => builder.WithMetadata(new HeaderDocsMetadata(name, description, maxLength));
}
