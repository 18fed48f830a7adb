using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Reelgate.Core.Jobs;

/// <summary>
/// Makes UUIDv7 job ids that strictly increase within this process, even within one millisecond
/// (RFC 9562 §6.2 method 2: the 74 bits after the timestamp act as a counter seeded at random
/// each millisecond). <c>Guid.CreateVersion7</c> alone is random within a millisecond, which
/// would let two jobs created together list out of order.
/// </summary>
public sealed class JobIdGenerator(TimeProvider time)
{
    private static readonly UInt128 CounterMask = (UInt128.One << 74) - 1;
    private readonly Lock _lock = new();
    private long _lastMs = -1;
    private UInt128 _counter;

    public string Next()
    {
        long ms;
        UInt128 counter;
        lock (_lock)
        {
            ms = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMs);
            if (ms == _lastMs && _counter < CounterMask)
            {
                _counter++;
            }
            else
            {
                if (ms == _lastMs)
                {
                    // Counter exhausted within one millisecond: borrow the next millisecond.
                    ms++;
                }

                // Top counter bit left clear so the counter has room to grow within the millisecond.
                Span<byte> seed = stackalloc byte[16];
                RandomNumberGenerator.Fill(seed);
                _counter = BinaryPrimitives.ReadUInt128BigEndian(seed) & (CounterMask >> 1);
            }

            _lastMs = ms;
            counter = _counter;
        }

        // Layout: 48-bit ms | 4-bit version (7) | 12 counter bits | 2-bit variant (10) | 62 counter bits.
        var value = ((UInt128)(ulong)ms << 80)
                    | ((UInt128)0x7 << 76)
                    | ((counter >> 62) << 64)
                    | ((UInt128)0b10 << 62)
                    | (counter & ((UInt128.One << 62) - 1));
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return JobId.Format(new Guid(bytes, bigEndian: true));
    }
}
