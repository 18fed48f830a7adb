using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Testing;
using Reelgate.Vendors.Local;
using Reelgate.Vendors.Media;

namespace Reelgate.Tests.Vendors;

public sealed class LocalVendorTests : IDisposable
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(2);

    private readonly string _workDirectory = Directory.CreateTempSubdirectory("reelgate-local-tests-").FullName;
    private readonly MediaProcessPool _pool = new(Options.Create(new MediaToolsOptions()));
    private readonly FfmpegMediaProbe _probe;
    private readonly List<LocalVendor> _vendors = [];

    public LocalVendorTests()
    {
        _probe = new FfmpegMediaProbe(Options.Create(new MediaToolsOptions()), _pool, NullLogger<FfmpegMediaProbe>.Instance);
    }

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var vendor in _vendors)
        {
            vendor.Dispose();
        }

        _pool.Dispose();

        // The disposed vendors' ffmpeg processes may take a moment to die and release the folder.
        for (var attempt = 0; Directory.Exists(_workDirectory); attempt++)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }

    [Fact]
    public async Task Submit_720p_landscape_2s_renders_h264_1280x720_yuv420p_and_a_jpeg_thumbnail()
    {
        var sut = CreateSut();
        var request = Request("A red fox jumps over the lazy dog", Resolution.P720, Aspect.Landscape, 2);

        var submission = await sut.SubmitAsync(request, CancellationToken);
        var result = await WaitForEndAsync(sut, request, submission.VendorJobId);

        Assert.Equal(request.JobId, submission.VendorJobId);
        Assert.Equal(VendorJobStatus.Succeeded, result.Status);
        var info = await _probe.ProbeAsync(result.Video!.LocalPath!, CancellationToken);
        Assert.NotNull(info);
        Assert.Equal("h264", info.Codec);
        Assert.Equal((1280, 720), (info.Width, info.Height));
        Assert.InRange(info.DurationSeconds, 1.8, 2.2);
        Assert.Equal("yuv420p", info.PixelFormat);
        var thumbnail = await File.ReadAllBytesAsync(result.Thumbnail!.LocalPath!, CancellationToken);
        Assert.True(thumbnail is [0xFF, 0xD8, ..], "The thumbnail is not a JPEG.");
    }

    [Theory]
    [InlineData(Aspect.Portrait, 720, 1280)]
    [InlineData(Aspect.Square, 720, 720)]
    public async Task Submit_720p_aspect_renders_the_exact_pixel_size(Aspect aspect, int width, int height)
    {
        var sut = CreateSut();
        var request = Request("A lighthouse at dusk", Resolution.P720, aspect, 1);

        await sut.SubmitAsync(request, CancellationToken);
        var result = await WaitForEndAsync(sut, request, request.JobId);

        Assert.Equal(VendorJobStatus.Succeeded, result.Status);
        var info = await _probe.ProbeAsync(result.Video!.LocalPath!, CancellationToken);
        Assert.NotNull(info);
        Assert.Equal((width, height), (info.Width, info.Height));
    }

    [Fact]
    public async Task Submit_same_prompt_twice_renders_identical_frames_and_another_prompt_differs()
    {
        var sut = CreateSut();
        var first = Request("Neon city in the rain", Resolution.P720, Aspect.Landscape, 1);
        var second = Request("Neon city in the rain", Resolution.P720, Aspect.Landscape, 1);
        var other = Request("Neon city in the snow", Resolution.P720, Aspect.Landscape, 1);

        var firstFrames = await RenderFrameChecksumsAsync(sut, first);
        var secondFrames = await RenderFrameChecksumsAsync(sut, second);
        var otherFrames = await RenderFrameChecksumsAsync(sut, other);

        Assert.Equal(firstFrames, secondFrames);
        Assert.NotEqual(firstFrames, otherFrames);
    }

    [Fact]
    public async Task Cancel_while_rendering_kills_ffmpeg_and_removes_the_files()
    {
        var sut = CreateSut();
        var request = Request("A long slow pan across mountains", Resolution.P1080, Aspect.Landscape, 20);
        await sut.SubmitAsync(request, CancellationToken);
        var processId = await Eventually.ValueAsync(() => sut.GetRenderProcessId(request.JobId), "ffmpeg started");

        await sut.CancelAsync(request.JobId, CancellationToken);

        await Eventually.TrueAsync(() => IsGone(processId), "ffmpeg exited", TimeSpan.FromSeconds(5));
        var result = await sut.PollAsync(request, request.JobId, CancellationToken);
        Assert.NotEqual(VendorJobStatus.Succeeded, result.Status);
        Assert.Null(sut.GetRenderProcessId(request.JobId));
        Assert.False(Directory.Exists(Path.Combine(_workDirectory, request.JobId)));
    }

    [Fact]
    public async Task Poll_when_ffmpeg_cannot_start_reports_a_vendor_fault()
    {
        var sut = CreateSut(new MediaToolsOptions { FfmpegPath = Path.Combine(_workDirectory, "no-ffmpeg") });
        var request = Request("A kite", Resolution.P720, Aspect.Landscape, 1);

        await sut.SubmitAsync(request, CancellationToken);
        var result = await WaitForEndAsync(sut, request, request.JobId);

        Assert.Equal(VendorJobStatus.Failed, result.Status);
        Assert.Equal("LOCAL_RENDER_FAILED", result.Failure!.Code);
        Assert.True(result.Failure.IsVendorFault);
        Assert.Contains("apt-get install ffmpeg", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_of_an_unknown_job_does_nothing()
    {
        var sut = CreateSut();

        await sut.CancelAsync(JobId.Format(Guid.NewGuid()), CancellationToken);
    }

    [Fact]
    public async Task Poll_after_restart_without_files_renders_again_and_succeeds()
    {
        var request = Request("A paper boat on a pond", Resolution.P720, Aspect.Square, 1);
        var restarted = CreateSut();

        var first = await restarted.PollAsync(request, request.JobId, CancellationToken);
        var result = await WaitForEndAsync(restarted, request, request.JobId);

        Assert.Equal(VendorJobStatus.Running, first.Status);
        Assert.Equal(VendorJobStatus.Succeeded, result.Status);
        Assert.True(File.Exists(result.Video!.LocalPath));
    }

    [Fact]
    public async Task Poll_after_restart_with_finished_files_succeeds_without_rendering()
    {
        var request = Request("A paper boat on a pond", Resolution.P720, Aspect.Square, 1);
        var before = CreateSut();
        await before.SubmitAsync(request, CancellationToken);
        var rendered = await WaitForEndAsync(before, request, request.JobId);
        var restarted = CreateSut();

        var result = await restarted.PollAsync(request, request.JobId, CancellationToken);

        Assert.Equal(VendorJobStatus.Succeeded, rendered.Status);
        Assert.Equal(VendorJobStatus.Succeeded, result.Status);
        Assert.Equal(rendered.Video, result.Video);
        Assert.Equal(rendered.Thumbnail, result.Thumbnail);
        Assert.Null(restarted.GetRenderProcessId(request.JobId));
    }

    [Fact]
    public async Task OpenOutput_of_a_render_reads_the_video_and_refuses_other_files()
    {
        var sut = CreateSut();
        var request = Request("A kite", Resolution.P720, Aspect.Landscape, 1);
        await sut.SubmitAsync(request, CancellationToken);
        var result = await WaitForEndAsync(sut, request, request.JobId);

        await using var stream = await sut.OpenOutputAsync(result.Video!, CancellationToken);
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, CancellationToken);

        Assert.Equal("ftyp"u8.ToArray(), header[4..]);
        await Assert.ThrowsAsync<ArgumentException>(
            () => sut.OpenOutputAsync(new VendorOutput(null, "/etc/passwd"), CancellationToken));
    }

    [Fact]
    public void Models_declare_one_free_model_for_every_size_and_1_to_20_seconds()
    {
        var sut = CreateSut();

        var model = Assert.Single(sut.Models);

        Assert.Equal(("local", "local-procedural-v1"), (model.Vendor, model.Model));
        Assert.Equal([Resolution.P720, Resolution.P1080, Resolution.K4], model.Resolutions);
        Assert.Equal(Enumerable.Range(1, 20), model.Durations);
        Assert.Equal(0, model.QuoteMicros(Resolution.K4, 20));
        Assert.Equal(TimeSpan.FromMilliseconds(250), sut.PollInterval);
    }

    private LocalVendor CreateSut(MediaToolsOptions? tools = null)
    {
        var vendor = new LocalVendor(
            Options.Create(new LocalVendorOptions { WorkDirectory = _workDirectory }),
            new LocalRenderer(Options.Create(tools ?? new MediaToolsOptions()), _probe),
            NullLogger<LocalVendor>.Instance);
        _vendors.Add(vendor);
        return vendor;
    }

    private static VendorJobRequest Request(string prompt, Resolution resolution, Aspect aspect, int durationSeconds)
        => new(
            JobId.Format(Guid.NewGuid()),
            LocalVendor.ModelName,
            new JobSpec
            {
                Prompt = prompt,
                DurationSeconds = durationSeconds,
                Aspect = aspect,
                Resolution = resolution,
                Prefer = Prefer.Balanced,
            });

    private static async Task<VendorPollResult> WaitForEndAsync(LocalVendor vendor, VendorJobRequest request, string vendorJobId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        timeout.CancelAfter(RenderTimeout);
        while (true)
        {
            var result = await vendor.PollAsync(request, vendorJobId, timeout.Token);
            if (result.Status is VendorJobStatus.Succeeded or VendorJobStatus.Failed)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    private static bool IsGone(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private async Task<string> RenderFrameChecksumsAsync(LocalVendor vendor, VendorJobRequest request)
    {
        await vendor.SubmitAsync(request, CancellationToken);
        var result = await WaitForEndAsync(vendor, request, request.JobId);
        Assert.Equal(VendorJobStatus.Succeeded, result.Status);
        var checksums = await ProcessRunner.RunAsync(
            "ffmpeg",
            ["-nostdin", "-v", "error", "-i", result.Video!.LocalPath!, "-map", "0:v", "-f", "framemd5", "-"],
            null,
            CancellationToken);
        Assert.Equal(0, checksums.ExitCode);
        return checksums.StandardOutput;
    }
}
