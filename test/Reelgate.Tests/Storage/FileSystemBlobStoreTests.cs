using Microsoft.Extensions.Options;
using Reelgate.Core.Hosting;
using Reelgate.Storage.FileSystem;
using Reelgate.Tests.TestSupport;

namespace Reelgate.Tests.Storage;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("reelgate-blob-tests-");

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PutFile_moves_the_file_under_the_blob_directory_where_Stat_finds_it()
    {
        var sut = CreateSut();
        var source = await WriteSourceAsync([1, 2, 3, 4, 5]);

        await sut.PutFileAsync("proj_a/vid_1/video.mp4", source, "video/mp4", CancellationToken);
        var info = await sut.StatAsync("proj_a/vid_1/video.mp4", CancellationToken);

        Assert.False(File.Exists(source));
        Assert.NotNull(info);
        Assert.Equal(5, info.Length);
        Assert.Equal([1, 2, 3, 4, 5], await File.ReadAllBytesAsync(_directory.Combine("blobs", "proj_a", "vid_1", "video.mp4"), CancellationToken));
    }

    [Fact]
    public async Task OpenRead_reads_from_the_offset_to_the_end()
    {
        var sut = CreateSut();
        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync([1, 2, 3, 4, 5]), "video/mp4", CancellationToken);

        await using var stream = await sut.OpenReadAsync("proj_a/vid_1/video.mp4", 2, CancellationToken);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, CancellationToken);

        Assert.Equal([3, 4, 5], copy.ToArray());
    }

    [Fact]
    public async Task OpenRead_and_Stat_of_a_missing_blob_answer_null()
    {
        var sut = CreateSut();

        Assert.Null(await sut.OpenReadAsync("proj_x/vid_none/video.mp4", 0, CancellationToken));
        Assert.Null(await sut.StatAsync("proj_x/vid_none/video.mp4", CancellationToken));
    }

    [Fact]
    public async Task Presign_answers_null_so_the_gateway_signs_its_own_links()
    {
        var sut = CreateSut();

        Assert.Null(await sut.PresignAsync("proj_a/vid_1/video.mp4", TimeSpan.FromHours(1), "vid_1.mp4", CancellationToken));
    }

    [Fact]
    public async Task Delete_removes_the_file_and_its_emptied_directory()
    {
        var sut = CreateSut();
        await sut.PutFileAsync("proj_a/vid_1/video.mp4", await WriteSourceAsync([1]), "video/mp4", CancellationToken);
        await sut.PutFileAsync("proj_a/vid_1/thumbnail.jpg", await WriteSourceAsync([2]), "image/jpeg", CancellationToken);

        await sut.DeleteAsync("proj_a/vid_1/video.mp4", CancellationToken);
        var directoryAfterFirst = Directory.Exists(_directory.Combine("blobs", "proj_a", "vid_1"));
        await sut.DeleteAsync("proj_a/vid_1/thumbnail.jpg", CancellationToken);

        Assert.True(directoryAfterFirst);
        Assert.False(Directory.Exists(_directory.Combine("blobs", "proj_a", "vid_1")));
        Assert.Null(await sut.StatAsync("proj_a/vid_1/video.mp4", CancellationToken));
    }

    [Fact]
    public async Task Delete_of_a_missing_blob_is_not_an_error()
    {
        var sut = CreateSut();

        var exception = await Record.ExceptionAsync(() => sut.DeleteAsync("proj_x/vid_none/video.mp4", CancellationToken));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("../escape.mp4")]
    [InlineData("proj_a/../../escape.mp4")]
    [InlineData("../blobs2/escape.mp4")]
    [InlineData("/etc/passwd")]
    public async Task Keys_that_leave_the_blob_directory_are_rejected(string key)
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() => sut.StatAsync(key, CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.OpenReadAsync(key, 0, CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.DeleteAsync(key, CancellationToken));
    }

    private FileSystemBlobStore CreateSut() => new(Options.Create(new ReelgateOptions { DataDirectory = _directory.Path }));

    private async Task<string> WriteSourceAsync(byte[] bytes)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, bytes, CancellationToken);
        return path;
    }
}
