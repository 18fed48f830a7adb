using System.Globalization;
using System.Security.Cryptography;

namespace Reelgate.Server.Errors;

/// <summary>
/// Gives every request an id that appears in error envelopes, logs and the <c>X-Request-Id</c>
/// header: a random per-process prefix and a counter, unique without a random draw per request.
/// </summary>
internal sealed class RequestIds
{
    public const string Header = "X-Request-Id";
    private readonly string _prefix = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
    private long _counter;

    public string Next() => string.Create(CultureInfo.InvariantCulture, $"{_prefix}{Interlocked.Increment(ref _counter):x8}");
}

internal static class RequestIdsApplicationBuilderExtensions
{
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app)
    {
        var ids = new RequestIds();
        return app.Use((context, next) =>
        {
            context.TraceIdentifier = ids.Next();
            context.Response.Headers[RequestIds.Header] = context.TraceIdentifier;
            return next(context);
        });
    }
}
