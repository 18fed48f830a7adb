using System.Net;

namespace Reelgate.Client;

/// <summary>404 <c>NOT_FOUND</c>: no such job in the caller's project (another project's job looks the same).</summary>
public sealed class ReelgateNotFoundException : ReelgateApiException
{
    /// <summary>Creates the exception.</summary>
    public ReelgateNotFoundException()
        : this("Not found.", requestId: null)
    {
    }

    /// <summary>Creates the exception from the envelope's message.</summary>
    /// <param name="message">The envelope's message.</param>
    /// <param name="requestId">The envelope's request id.</param>
    public ReelgateNotFoundException(string message, string? requestId)
        : base(HttpStatusCode.NotFound, ReelgateErrorCodes.NotFound, message, requestId)
    {
    }
}
