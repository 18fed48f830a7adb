namespace Reelgate.Vendors.Local;

internal enum LocalRenderState
{
    Running,
    Succeeded,
    Failed,
    Canceled,
}
