using System.Buffers.Binary;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// The stored form of an entry: a format byte, when it was stored and until when it is fresh (Unix milliseconds),
/// then the payload. Freshness travels with the value, so every instance judges it the same way.
/// </summary>
public static class CacheEnvelope
{
    private const byte Format = 1;
    private const int HeaderLength = 17;

    public static byte[] Encode(ReadOnlySpan<byte> payload, DateTimeOffset storedAt, DateTimeOffset freshUntil)
    {
        var bytes = new byte[HeaderLength + payload.Length];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), storedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(9), freshUntil.ToUnixTimeMilliseconds());
        payload.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>The entry, or null when the bytes are not an envelope of this format (treated as a miss).</summary>
    public static CacheEntry? Decode(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < HeaderLength || span[0] != Format)
        {
            return null;
        }
        return new CacheEntry(
            bytes[HeaderLength..],
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[1..])),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[9..])));
    }
}
