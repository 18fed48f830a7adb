using System.Net;

namespace Reelgate.Client;

/// <summary>
/// The gateway answered with an error (any non-2xx status). <see cref="Code"/>, <see cref="Exception.Message"/>
/// and <see cref="RequestId"/> come from the error envelope. Network failures are not wrapped: they surface as
/// <see cref="HttpRequestException"/>.
/// </summary>
public class ReelgateApiException : Exception
{
    /// <summary>Creates an exception with no status (for serializers and tests).</summary>
    public ReelgateApiException()
        : this(HttpStatusCode.InternalServerError, ReelgateErrorCodes.Internal, "The gateway answered with an error.", requestId: null)
    {
    }

    /// <summary>Creates an exception with a message and no status.</summary>
    /// <param name="message">What went wrong.</param>
    public ReelgateApiException(string message)
        : this(HttpStatusCode.InternalServerError, ReelgateErrorCodes.Internal, message, requestId: null)
    {
    }

    /// <summary>Creates an exception with a message and its cause, and no status.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ReelgateApiException(string message, Exception? innerException)
        : this(HttpStatusCode.InternalServerError, ReelgateErrorCodes.Internal, message, requestId: null, innerException)
    {
    }

    /// <summary>Creates an exception from an error answer.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="code">The envelope's code, such as <c>NOT_FOUND</c>.</param>
    /// <param name="message">The envelope's message.</param>
    /// <param name="requestId">The envelope's request id (also the <c>X-Request-Id</c> header).</param>
    /// <param name="innerException">The cause, if any.</param>
    public ReelgateApiException(HttpStatusCode statusCode, string code, string message, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Code = code;
        RequestId = requestId;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The stable error code (see <see cref="ReelgateErrorCodes"/>); <c>HTTP_&lt;status&gt;</c> when the answer had no envelope.</summary>
    public string Code { get; }

    /// <summary>The gateway's id of the failed request, to quote when reporting a problem.</summary>
    public string? RequestId { get; }
}
