using Microsoft.Extensions.Options;
using Reelgate.Core.Hosting;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.FileSystem;

/// <summary>Blobs as files under <c>&lt;data dir&gt;/blobs</c>; keys are relative paths made by the gateway.</summary>
internal sealed class FileSystemBlobStore(IOptions<ReelgateOptions> options) : IBlobStore, IReadinessCheck
{
    public string Name => "blobs";

    /// <summary>The blob folder exists and takes a new file (a full or read-only disk fails here, not mid-ingest).</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        var probe = Path.Combine(Root, $".ready-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(probe, [1], cancellationToken);
        File.Delete(probe);
    }

    private string Root => Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "blobs"));

    public Task PutFileAsync(string key, string sourcePath, string contentType, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        // A rename within one file system is atomic, so a reader never sees half a file.
        File.Move(sourcePath, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<BlobInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? new BlobInfo(info.Length, info.LastWriteTimeUtc) : null);
    }

    public Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = PathOf(key);
        try
        {
            // FileShare.Delete: a retention sweep or delete may unlink the file while a download is streaming it.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            stream.Seek(offset, SeekOrigin.Begin);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <summary>Files have no links of their own: the gateway signs <c>/v1/files</c> links and serves the bytes.</summary>
    public ValueTask<PresignedBlobUrl?> PresignAsync(string key, TimeSpan lifetime, string? downloadName, CancellationToken cancellationToken)
        => ValueTask.FromResult<PresignedBlobUrl?>(null);

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            return Task.CompletedTask;
        }

        File.Delete(path);
        if (!Directory.EnumerateFileSystemEntries(directory).Any())
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Another file arrived meanwhile; the directory stays.
            }
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var root = Root;
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("A blob key must stay inside the blob directory.", nameof(key));
        }

        return path;
    }
}
