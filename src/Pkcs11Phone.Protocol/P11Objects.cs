using System.Buffers.Binary;

namespace Pkcs11Phone.Protocol;

/// <summary>
/// One attribute of a PKCS#11 object in its canonical form: CK_ULONG values are 8 bytes little-endian,
/// CK_BBOOL is 1 byte, everything else is the raw value. (That is the LP64 little-endian layout, so on
/// Linux x86-64 the module copies values as they are.)
/// </summary>
public sealed record P11Attribute(ulong Type, byte[] Value)
{
    /// <summary>
    /// A vendor attribute (CKA_VENDOR_DEFINED | 0x50480001) on the link only: the client that owns a session
    /// object, as UTF-8. The agent shows a session object only to its owner and strips this attribute.
    /// </summary>
    public const ulong OwnerType = 0x80000000UL | 0x50480001UL;

    public static P11Attribute Of(ulong type, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return new P11Attribute(type, bytes);
    }

    public static P11Attribute Of(ulong type, bool value) => new(type, [value ? (byte)1 : (byte)0]);

    public static P11Attribute Of(ulong type, string utf8) => new(type, System.Text.Encoding.UTF8.GetBytes(utf8));

    /// <summary>The value as a CK_ULONG, or null when it is not 8 bytes.</summary>
    public ulong? AsULong => Value.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(Value) : null;

    /// <summary>The value as a CK_BBOOL, or null when it is not 1 byte.</summary>
    public bool? AsBool => Value.Length == 1 ? Value[0] != 0 : null;

    public bool Equals(P11Attribute? other) => other is not null && other.Type == Type && other.Value.AsSpan().SequenceEqual(Value);

    public override int GetHashCode() => HashCode.Combine(Type, Value.Length);
}

/// <summary>A mechanism with its parameters, as the phone needs them: PSS (hash, MGF, salt length) and OAEP (hash, MGF, source; label in Data).</summary>
public sealed record P11Mechanism(ulong Type, ulong[] Numbers, byte[] Data)
{
    public static P11Mechanism Plain(ulong type) => new(type, [], []);

    public bool Equals(P11Mechanism? other) =>
        other is not null && other.Type == Type && other.Numbers.AsSpan().SequenceEqual(Numbers) && other.Data.AsSpan().SequenceEqual(Data);

    public override int GetHashCode() => HashCode.Combine(Type, Numbers.Length, Data.Length);
}

/// <summary>An object of a token as the computer may see it: every attribute except the sensitive ones.</summary>
public sealed record P11Object(ulong Handle, IReadOnlyList<P11Attribute> Attributes)
{
    public P11Attribute? Find(ulong type) => Attributes.FirstOrDefault(a => a.Type == type);
}

/// <summary>The outcome of a phone operation: a CK_RV, and a value when it is CKR_OK.</summary>
public readonly record struct P11Result<T>(ulong Rv, T? Value)
{
    public bool Ok => Rv == 0;

    public static P11Result<T> Success(T value) => new(0, value);

    public static P11Result<T> Fail(ulong rv) => new(rv, default);

    public static implicit operator P11Result<T>(ulong rv) => Fail(rv);
}
