namespace Reelgate.Core.Jobs;

/// <summary>The contract's error codes (DESIGN §2); the server maps each to one HTTP status.</summary>
public enum ErrorCode
{
    InvalidArgument,
    Unauthenticated,
    InsufficientCredit,
    Forbidden,
    NotFound,
    IdempotencyKeyReused,
    Unsupported,
    RateLimited,
    PayloadTooLarge,
    Internal,
    VendorUnavailable,
}

/// <summary>An expected failure of a use case: a code and a message for the caller.</summary>
public sealed record Error(ErrorCode Code, string Message)
{
    public static Error NotFound(string jobId) => new(ErrorCode.NotFound, $"No video job '{jobId}' in this project.");

    public static Error Invalid(string message) => new(ErrorCode.InvalidArgument, message);
}

/// <summary>A value or an <see cref="Error"/>; use cases return this instead of throwing.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }

    public static implicit operator Result<T>(T value) => new(value, null);

    /// <summary>A value, for where the implicit conversion does not apply (an interface type).</summary>
    public static Result<T> Of(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);
}
