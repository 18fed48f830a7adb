namespace Reelgate.FunctionalTests.Vendors.Veo;

/// <summary>One <see cref="VeoStub"/> per test class, so each output size is rendered with ffmpeg once.</summary>
public sealed class VeoStubFixture : IAsyncLifetime
{
    internal VeoStub Stub { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Stub = await VeoStub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (Stub is not null)
        {
            await Stub.DisposeAsync();
        }
    }
}
