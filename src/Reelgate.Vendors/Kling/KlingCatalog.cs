namespace Reelgate.Vendors.Kling;

/// <summary>
/// Kling's current video models (docs/vendors/kling.md). Quality ranks follow the cross-vendor scale of
/// docs/ARCHITECTURE.md: v3 (90) &gt; v2.6 (82) &gt; v2.5 Turbo (72) &gt; v2.1 Master (65) &gt; v2 Master (55) &gt; v1.6 (40). Prices: the official list as summarised in the notes
/// (UNCONFIRMED; v2.x bills per 5 s/10 s clip, which the per-second figure times 5 or 10 matches).
/// Left out: <c>kling-v2-1</c> and <c>kling-v1-5</c> render only from an image (a model cannot declare
/// "image required", so text-only jobs would be routed to them); <c>kling-v1</c> has no published price.
/// </summary>
internal static class KlingCatalog
{
    private static readonly int[] ClipDurations = [5, 10];

    public static IReadOnlyList<KlingModel> Models { get; } =
    [
        // v3 resolutions per mode follow Kling's std=720p/pro=1080p rule (UNCONFIRMED for v3).
        new("kling-v3", [.. Enumerable.Range(3, 13)], StdMicrosPerSecond: 84_000, ProMicrosPerSecond: 112_000, CanAddSound: true, QualityRank: 90),
        new("kling-v2-6", ClipDurations, StdMicrosPerSecond: 42_000, ProMicrosPerSecond: 70_000, CanAddSound: true, QualityRank: 82),

        // The capability map lists v2.5 Turbo pro at 1080p; std (720p) is priced but UNCONFIRMED in the map.
        new("kling-v2-5-turbo", ClipDurations, StdMicrosPerSecond: 42_000, ProMicrosPerSecond: 70_000, CanAddSound: false, QualityRank: 72),
        new("kling-v2-1-master", ClipDurations, StdMicrosPerSecond: null, ProMicrosPerSecond: 280_000, CanAddSound: false, QualityRank: 65),
        new("kling-v2-master", ClipDurations, StdMicrosPerSecond: 280_000, ProMicrosPerSecond: null, CanAddSound: false, QualityRank: 55),
        new("kling-v1-6", ClipDurations, StdMicrosPerSecond: 56_000, ProMicrosPerSecond: 98_000, CanAddSound: false, QualityRank: 40),
    ];

    public static KlingModel? Find(string name) => Models.FirstOrDefault(m => m.Name == name);
}
