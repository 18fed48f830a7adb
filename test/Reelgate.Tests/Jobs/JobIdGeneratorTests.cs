using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Jobs;

namespace Reelgate.Tests.Jobs;

public sealed class JobIdGeneratorTests
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_within_one_millisecond_strictly_increases()
    {
        var sut = new JobIdGenerator(new FakeTimeProvider(Start));

        var ids = Enumerable.Range(0, 10_000).Select(_ => sut.Next()).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(JobId.IsWellFormed(id), id));
    }

    [Fact]
    public void Next_after_the_clock_steps_back_still_increases()
    {
        var time = new ManualTimeProvider { Now = Start };
        var sut = new JobIdGenerator(time);
        var before = sut.Next();

        time.Now = Start.AddSeconds(-5);
        var after = sut.Next();

        Assert.True(string.CompareOrdinal(before, after) < 0, $"{before} !< {after}");
    }

    [Fact]
    public void Next_ids_of_a_later_millisecond_sort_after_every_id_of_an_earlier_one()
    {
        var time = new FakeTimeProvider(Start);
        var sut = new JobIdGenerator(time);
        var earlier = Enumerable.Range(0, 100).Select(_ => sut.Next()).ToList();

        time.Advance(TimeSpan.FromMilliseconds(1));
        var later = Enumerable.Range(0, 100).Select(_ => sut.Next()).ToList();

        Assert.True(string.CompareOrdinal(earlier.Max(StringComparer.Ordinal), later.Min(StringComparer.Ordinal)) < 0);
    }

    [Fact]
    public void Next_is_a_version_7_uuid_carrying_the_clock_in_milliseconds()
    {
        var sut = new JobIdGenerator(new FakeTimeProvider(Start));

        var uuid = Decode(sut.Next());

        Span<byte> bytes = stackalloc byte[16];
        Assert.True(uuid.TryWriteBytes(bytes, bigEndian: true, out _));
        var ms = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
        Assert.Equal(7, uuid.Version);
        Assert.Equal(0b10, bytes[8] >> 6);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), ms);
    }

    [Fact]
    public async Task Next_from_many_threads_at_once_gives_unique_ids()
    {
        var sut = new JobIdGenerator(new FakeTimeProvider(Start));

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
            () => Enumerable.Range(0, 2_000).Select(_ => sut.Next()).ToList(),
            TestContext.Current.CancellationToken)));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(16_000, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(batches, batch => Assert.Equal(batch, batch.Order(StringComparer.Ordinal)));
    }

    private static Guid Decode(string id)
    {
        Assert.True(JobId.IsWellFormed(id), id);
        var value = UInt128.Zero;
        foreach (var c in id[JobId.Prefix.Length..])
        {
            value = (value << 5) | (uint)Alphabet.IndexOf(c, StringComparison.Ordinal);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        var uuid = new Guid(bytes, bigEndian: true);
        Assert.Equal(id, JobId.Format(uuid));
        return uuid;
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
