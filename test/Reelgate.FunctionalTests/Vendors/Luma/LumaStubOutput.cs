namespace Reelgate.FunctionalTests.Vendors.Luma;

/// <summary>What the stub serves at a generation's <c>assets.video</c>.</summary>
internal enum LumaStubOutput
{
    Video,
    Missing,
    NotVideo,
}
