namespace Reelgate.FunctionalTests.Vendors.Luma;

/// <summary>How one accepted generation ends: <c>failed</c> with a reason, or <c>completed</c> with this output.</summary>
internal sealed record LumaGenerationScript(string? FailureReason = null, LumaStubOutput Output = LumaStubOutput.Video, TimeSpan? Delay = null);
