using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Local;
using Reelgate.Vendors.Media;

namespace Reelgate.Tests.Vendors;

public sealed class ScratchTimingTests
{
    [Fact]
    public async Task Scratch_timings()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = "/tmp/scratch-render";
        if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        var probe = new FfmpegMediaProbe(Options.Create(new MediaToolsOptions()), NullLogger<FfmpegMediaProbe>.Instance);
        using var sut = new LocalVendor(Options.Create(new LocalVendorOptions { WorkDirectory = dir }), new LocalRenderer(Options.Create(new MediaToolsOptions()), probe), NullLogger<LocalVendor>.Instance);
        var lines = new List<string>();
        string[] prompts = ["A red fox jumps over the lazy dog", "Neon city in the rain", "Neon city in the snow", "A paper boat on a pond", "A kite", "A lighthouse at dusk", "Whales singing", "Desert at noon"];
        var runs = new List<(string, Resolution, Aspect, int)>();
        foreach (var r in new[] { Resolution.P720, Resolution.P1080, Resolution.K4 })
        {
            foreach (var p in prompts) { runs.Add((p, r, Aspect.Landscape, 5)); }
        }
        runs.Add(("A very long prompt: " + string.Join(' ', Enumerable.Repeat("golden sunlight over rolling hills with %{pts} and 'quotes'", 6)), Resolution.P720, Aspect.Portrait, 2));
        runs.Add(("Square kite", Resolution.P1080, Aspect.Square, 2));
        var i = 0;
        foreach (var (p, r, a, d) in runs)
        {
            var req = new VendorJobRequest($"job{i++:00}", LocalVendor.ModelName, new JobSpec { Prompt = p, DurationSeconds = d, Aspect = a, Resolution = r, Prefer = Prefer.Balanced });
            var sw = Stopwatch.StartNew();
            await sut.SubmitAsync(req, ct);
            VendorPollResult res;
            var progress = new List<double>();
            while (true)
            {
                res = await sut.PollAsync(req, req.JobId, ct);
                if (res.Status != VendorJobStatus.Running) { break; }
                progress.Add(res.Progress ?? -1);
                await Task.Delay(250, ct);
            }
            var src = LocalScene.BuildSource(p, 1280, 720, 24);
            lines.Add($"{req.JobId} {r} {a} {d}s {res.Status} {sw.Elapsed.TotalSeconds:0.00}s {src[..src.IndexOf('=')]} progress[{string.Join(",", progress.Select(x => x.ToString("0.00")))}] {res.Failure?.Message}");
        }
        await File.WriteAllLinesAsync("/tmp/scratch-timings.txt", lines, ct);
    }
}
