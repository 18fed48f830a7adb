using Reelgate.Contracts.Video;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Storage;

namespace Reelgate.Tests.Storage;

/// <summary>
/// Enums stored as integers keep their values forever (rows written by every earlier version read
/// back the same), and new members only append. A failing case here means a stored value changed.
/// </summary>
public sealed class PersistedEnumStabilityTests
{
    [Fact]
    public void Job_states_keep_their_stored_values_and_the_SQL_constants_match_them()
    {
        Assert.Equal(
            [(VideoJobState.Queued, 0), (VideoJobState.Running, 1), (VideoJobState.Succeeded, 2), (VideoJobState.Failed, 3), (VideoJobState.Canceled, 4), (VideoJobState.Expired, 5)],
            Enum.GetValues<VideoJobState>().Select(s => (s, (int)s)));
        Assert.Equal(
            ["0", "1", "2", "3", "4", "5"],
            new[] { JobStates.Queued, JobStates.Running, JobStates.Succeeded, JobStates.Failed, JobStates.Canceled, JobStates.Expired });
        Assert.Equal("(0, 1)", JobStates.Active);
    }

    [Fact]
    public void Job_spec_enums_keep_their_stored_values()
    {
        Assert.Equal([(Resolution.P720, 0), (Resolution.P1080, 1), (Resolution.K4, 2)], Enum.GetValues<Resolution>().Select(v => (v, (int)v)));
        Assert.Equal([(Aspect.Landscape, 0), (Aspect.Portrait, 1), (Aspect.Square, 2)], Enum.GetValues<Aspect>().Select(v => (v, (int)v)));
        Assert.Equal([(Prefer.Balanced, 0), (Prefer.Cheapest, 1), (Prefer.Smartest, 2)], Enum.GetValues<Prefer>().Select(v => (v, (int)v)));
    }

    [Fact]
    public void Ledger_kinds_keep_their_stored_values()
    {
        Assert.Equal(
            [(LedgerKind.Grant, 0), (LedgerKind.TopUp, 1), (LedgerKind.Hold, 2), (LedgerKind.Capture, 3), (LedgerKind.Release, 4)],
            Enum.GetValues<LedgerKind>().Select(v => (v, (int)v)));
    }
}
