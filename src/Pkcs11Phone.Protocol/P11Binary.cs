using System.Buffers.Binary;

namespace Pkcs11Phone.Protocol;

/// <summary>
/// The binary values that travel base64-encoded in AT+ lines: attribute lists (templates and objects)
/// and mechanism parameters. All integers are little-endian. Every reader checks counts and lengths
/// against the limits here and fails cleanly (returns false) on anything malformed.
/// <code>
/// attribute list := count:u32 { type:u64 length:u32 value[length] }*
/// mechanism      := type:u64 ncount:u32 { number:u64 }* dlength:u32 data[dlength]
/// </code>
/// </summary>
public static class P11Binary
{
    public const int MaxAttributes = 256;
    public const int MaxAttributeValue = 64 * 1024;
    public const int MaxMechanismNumbers = 8;
    public const int MaxMechanismData = 4096;
    /// <summary>Largest binary value one command or response carries (after reassembly of chunks).</summary>
    public const int MaxBlob = 256 * 1024;

    public static byte[] EncodeAttributes(IReadOnlyList<P11Attribute> attributes)
    {
        using var ms = new MemoryStream();
        WriteAttributes(ms, attributes);
        return ms.ToArray();
    }

    /// <summary>Two attribute lists one after the other (key-pair generation: public, then private template).</summary>
    public static byte[] EncodeAttributePair(IReadOnlyList<P11Attribute> first, IReadOnlyList<P11Attribute> second)
    {
        using var ms = new MemoryStream();
        WriteAttributes(ms, first);
        WriteAttributes(ms, second);
        return ms.ToArray();
    }

    private static void WriteAttributes(Stream s, IReadOnlyList<P11Attribute> attributes)
    {
        Span<byte> b = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)attributes.Count);
        s.Write(b[..4]);
        foreach (var a in attributes)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, a.Type);
            BinaryPrimitives.WriteUInt32LittleEndian(b[8..], (uint)a.Value.Length);
            s.Write(b);
            s.Write(a.Value);
        }
    }

    public static bool TryDecodeAttributes(ReadOnlySpan<byte> data, out List<P11Attribute> attributes)
    {
        int offset = 0;
        return TryReadAttributes(data, ref offset, out attributes) && offset == data.Length;
    }

    public static bool TryDecodeAttributePair(ReadOnlySpan<byte> data, out List<P11Attribute> first, out List<P11Attribute> second)
    {
        int offset = 0;
        second = [];
        return TryReadAttributes(data, ref offset, out first) && TryReadAttributes(data, ref offset, out second) && offset == data.Length;
    }

    private static bool TryReadAttributes(ReadOnlySpan<byte> data, ref int offset, out List<P11Attribute> attributes)
    {
        attributes = [];
        if (data.Length - offset < 4) return false;
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        offset += 4;
        if (count > MaxAttributes) return false;
        for (uint i = 0; i < count; i++)
        {
            if (data.Length - offset < 12) return false;
            ulong type = BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 8)..]);
            offset += 12;
            if (length > MaxAttributeValue || length > (uint)(data.Length - offset)) return false;
            attributes.Add(new P11Attribute(type, data.Slice(offset, (int)length).ToArray()));
            offset += (int)length;
        }
        return true;
    }

    public static byte[] EncodeMechanism(P11Mechanism m)
    {
        var bytes = new byte[8 + 4 + 8 * m.Numbers.Length + 4 + m.Data.Length];
        var s = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(s, m.Type);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)m.Numbers.Length);
        int o = 12;
        foreach (var n in m.Numbers) { BinaryPrimitives.WriteUInt64LittleEndian(s[o..], n); o += 8; }
        BinaryPrimitives.WriteUInt32LittleEndian(s[o..], (uint)m.Data.Length);
        m.Data.CopyTo(s[(o + 4)..]);
        return bytes;
    }

    public static bool TryDecodeMechanism(ReadOnlySpan<byte> data, out P11Mechanism mechanism)
    {
        mechanism = P11Mechanism.Plain(0);
        if (data.Length < 12) return false;
        ulong type = BinaryPrimitives.ReadUInt64LittleEndian(data);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (count > MaxMechanismNumbers || data.Length < 12 + 8 * (int)count + 4) return false;
        var numbers = new ulong[count];
        int o = 12;
        for (int i = 0; i < count; i++) { numbers[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[o..]); o += 8; }
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(data[o..]);
        o += 4;
        if (length > MaxMechanismData || length != (uint)(data.Length - o)) return false;
        mechanism = new P11Mechanism(type, numbers, data[o..].ToArray());
        return true;
    }

    /// <summary>Base64 for a quoted AT string value (its alphabet needs no escapes).</summary>
    public static string ToBase64(ReadOnlySpan<byte> data) => Convert.ToBase64String(data);

    public static bool TryFromBase64(string text, int expectedLength, out byte[] data)
    {
        data = [];
        if (expectedLength < 0 || expectedLength > MaxBlob || text.Length > (MaxBlob / 3 + 1) * 4) return false;
        var buffer = new byte[text.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out int n) || n != expectedLength) return false;
        data = buffer[..n];
        return true;
    }
}
