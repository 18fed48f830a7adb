using System.Net;

namespace Reelgate.Client;

/// <summary>402 <c>INSUFFICIENT_CREDIT</c>: the project's available credit does not cover the job's quote; top up.</summary>
public sealed class ReelgateInsufficientCreditException : ReelgateApiException
{
    /// <summary>Creates the exception.</summary>
    public ReelgateInsufficientCreditException()
        : this("Insufficient credit.", requestId: null)
    {
    }

    /// <summary>Creates the exception from the envelope's message (which names the quote and what is available).</summary>
    /// <param name="message">The envelope's message.</param>
    /// <param name="requestId">The envelope's request id.</param>
    public ReelgateInsufficientCreditException(string message, string? requestId)
        : base(HttpStatusCode.PaymentRequired, ReelgateErrorCodes.InsufficientCredit, message, requestId)
    {
    }
}
