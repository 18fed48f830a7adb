namespace Reelgate.Contracts.Errors;

/// <summary>The envelope of every non-2xx answer.</summary>
/// <param name="Error">The error.</param>
public sealed record ErrorResponse(ErrorBody Error);

/// <summary>The body of the error envelope.</summary>
/// <param name="Code">A stable code such as <c>INVALID_ARGUMENT</c>.</param>
/// <param name="Message">What went wrong and how to fix it.</param>
/// <param name="RequestId">The id of the request, also sent as <c>X-Request-Id</c>.</param>
public sealed record ErrorBody(string Code, string Message, string RequestId);
