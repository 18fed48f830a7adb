namespace Reelgate.Core.Jobs;

/// <summary>
/// Job ids are <c>vid_</c> + a UUIDv7 in lowercase Crockford base32 (26 characters). UUIDv7 starts
/// with the creation time and the alphabet is in ASCII order, so ids sort by creation and serve as
/// the keyset of <c>list</c>.
/// </summary>
public static class JobId
{
    public const string Prefix = "vid_";
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int EncodedLength = 26;

    /// <summary>A new id; the gateway uses one shared <see cref="JobIdGenerator"/> so ids made together stay ordered.</summary>
    public static string New(TimeProvider time) => new JobIdGenerator(time).Next();

    public static string Format(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        var value = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        return string.Create(Prefix.Length + EncodedLength, value, static (chars, v) =>
        {
            Prefix.AsSpan().CopyTo(chars);
            for (var i = chars.Length - 1; i >= Prefix.Length; i--)
            {
                chars[i] = Alphabet[(int)(v & 31)];
                v >>= 5;
            }
        });
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a job id (cheap, no lookup).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> id)
    {
        if (id.Length != Prefix.Length + EncodedLength || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // 26 base32 digits carry 130 bits; the top two must be zero for a 128-bit UUID.
        if (id[Prefix.Length] > '7')
        {
            return false;
        }

        foreach (var c in id[Prefix.Length..])
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
