using System.Security.Cryptography;

namespace Reelgate.Server.Errors;

/// <summary>Gives every request an id that appears in error envelopes, logs and the <c>X-Request-Id</c> header.</summary>
internal static class RequestIds
{
    public const string Header = "X-Request-Id";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            context.TraceIdentifier = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
            context.Response.Headers[Header] = context.TraceIdentifier;
            return next(context);
        });
}
