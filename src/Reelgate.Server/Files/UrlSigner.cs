using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Reelgate.Core.Hosting;

namespace Reelgate.Server.Files;

/// <summary>
/// Signs file URLs with HMAC-SHA256 over job, file, expiry and disposition, so a link cannot be
/// altered to reach another file, live longer or change how it downloads.
/// </summary>
internal sealed class UrlSigner
{
    private readonly byte[] _key;

    public UrlSigner(IOptions<FileSigningOptions> options, IOptions<ReelgateOptions> reelgate)
    {
        _key = options.Value.SigningKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : LoadOrCreateKey(Path.Combine(reelgate.Value.DataDirectory, "signing.key"));
    }

    public string Sign(string jobId, string file, long expiresUnix, bool download)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(Payload(jobId, file, expiresUnix, download)), mac);
        return Base64Url.EncodeToString(mac);
    }

    public bool Verify(string jobId, string file, long expiresUnix, bool download, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(jobId, file, expiresUnix, download));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Payload(string jobId, string file, long expiresUnix, bool download)
        => string.Create(CultureInfo.InvariantCulture, $"{jobId}\n{file}\n{expiresUnix}\n{(download ? 1 : 0)}");

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: when two processes race, the loser reads the winner's key.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
