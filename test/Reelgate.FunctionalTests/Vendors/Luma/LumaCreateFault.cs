namespace Reelgate.FunctionalTests.Vendors.Luma;

/// <summary>How one create call goes wrong.</summary>
internal enum LumaCreateFault
{
    None,

    /// <summary>500 with <c>{"detail": "Internal Server Error"}</c>.</summary>
    InternalError,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    RateLimited,

    /// <summary>400 naming blacklisted words in the prompt.</summary>
    BlacklistedPrompt,

    /// <summary>The generation is created, then the answer never comes (the client times out).</summary>
    HangAfterAccepting,

    /// <summary>The generation is created and answered 201 with a cut-off JSON body.</summary>
    MalformedAnswer,
}
