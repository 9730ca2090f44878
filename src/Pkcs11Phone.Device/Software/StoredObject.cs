using System.Buffers.Binary;
using System.Security.Cryptography;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Software;

/// <summary>
/// One object of the software token. <see cref="Attributes"/> holds only non-sensitive attributes in their canonical
/// encoding; the secret part of a private key is <see cref="Secret"/>: its PKCS#8 encoding sealed under the master key.
/// </summary>
internal sealed class StoredObject
{
    public required ulong Handle { get; init; }
    public required SortedDictionary<ulong, byte[]> Attributes { get; init; }
    public byte[]? Secret { get; init; }
    /// <summary>The client that owns a session object (CKA_TOKEN=false); null for a token object.</summary>
    public string? Owner { get; init; }

    public ulong Class => ULong(CKA.CLASS) ?? ulong.MaxValue;
    public ulong? KeyType => ULong(CKA.KEY_TYPE);
    public bool IsToken => Bool(CKA.TOKEN);
    public bool IsPrivate => Bool(CKA.PRIVATE);

    public ObjectKind Kind => AttributeTable.KindOf(Class, ULong(CKA.KEY_TYPE));

    public bool Bool(ulong type) => Attributes.TryGetValue(type, out var v) && v.Length == 1 && v[0] != 0;

    public ulong? ULong(ulong type) =>
        Attributes.TryGetValue(type, out var v) && v.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(v) : null;

    public byte[]? Get(ulong type) => Attributes.GetValueOrDefault(type);

    public P11Object ToP11() => new(Handle, Attributes.Select(a => new P11Attribute(a.Key, (byte[])a.Value.Clone())).ToList());

    public StoredObject With(IEnumerable<KeyValuePair<ulong, byte[]>> changes)
    {
        var attrs = new SortedDictionary<ulong, byte[]>(Attributes);
        foreach (var (k, v) in changes) attrs[k] = v;
        return new StoredObject { Handle = Handle, Attributes = attrs, Secret = Secret, Owner = Owner };
    }
}

/// <summary>
/// The file of one token object, DIR/tokens/N/objects/HANDLE.obj (HANDLE in 16 hexadecimal digits). Little-endian:
/// <code>
/// "P11PHOBJ"  u16 version=1  u16 0  u64 epoch  u64 handle
/// u32 count, then count × (u64 type, u32 length, value)
/// u32 secret length, secret (nonce ‖ AES-256-GCM ciphertext ‖ tag; 0 bytes when none)
/// SHA-256 of everything before it (32 bytes)
/// </code>
/// </summary>
internal static class ObjectFile
{
    public const string Extension = ".obj";
    public const int MaxFileSize = 1 << 20;
    public const int MaxAttributes = 512;
    private const int MaxSecret = 64 * 1024;
    private static ReadOnlySpan<byte> Magic => "P11PHOBJ"u8;
    private const ushort Version = 1;

    public static string NameOf(ulong handle) => handle.ToString("x16") + Extension;

    public static byte[] Encode(ulong epoch, StoredObject o)
    {
        using var ms = new MemoryStream();
        ms.Write(Magic);
        WriteU16(ms, Version);
        WriteU16(ms, 0);
        WriteU64(ms, epoch);
        WriteU64(ms, o.Handle);
        WriteU32(ms, (uint)o.Attributes.Count);
        foreach (var (type, value) in o.Attributes)
        {
            WriteU64(ms, type);
            WriteU32(ms, (uint)value.Length);
            ms.Write(value);
        }
        var secret = o.Secret ?? [];
        WriteU32(ms, (uint)secret.Length);
        ms.Write(secret);
        var body = ms.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    /// <summary>Parses an object file; throws <see cref="InvalidDataException"/> naming the file when it is not a valid one.</summary>
    public static (ulong Epoch, StoredObject Object) Decode(string path, ReadOnlySpan<byte> bytes)
    {
        InvalidDataException Bad(string why) => new($"{path}: {why}");
        if (bytes.Length > MaxFileSize) throw Bad($"larger than {MaxFileSize} bytes");
        if (bytes.Length < Magic.Length + 4 + 16 + 4 + 4 + 32) throw Bad("truncated object file");
        var body = bytes[..^32];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^32..])) throw Bad("checksum mismatch");
        if (!body.StartsWith(Magic)) throw Bad("not an object file");
        int pos = Magic.Length;
        if (ReadU16(body, ref pos) != Version) throw Bad("unknown object file version");
        ReadU16(body, ref pos);
        ulong epoch = ReadU64(body, ref pos);
        ulong handle = ReadU64(body, ref pos);
        if (handle == 0) throw Bad("zero handle");
        uint count = ReadU32(body, ref pos);
        if (count > MaxAttributes) throw Bad("too many attributes");
        var attrs = new SortedDictionary<ulong, byte[]>();
        for (uint i = 0; i < count; i++)
        {
            if (body.Length - pos < 12) throw Bad("truncated attribute");
            ulong type = ReadU64(body, ref pos);
            uint len = ReadU32(body, ref pos);
            if (len > body.Length - pos) throw Bad("truncated attribute value");
            if (!attrs.TryAdd(type, body.Slice(pos, (int)len).ToArray())) throw Bad("repeated attribute");
            pos += (int)len;
        }
        if (body.Length - pos < 4) throw Bad("truncated secret");
        uint secretLength = ReadU32(body, ref pos);
        if (secretLength > MaxSecret || secretLength != body.Length - pos) throw Bad("bad secret length");
        byte[]? secret = secretLength == 0 ? null : body[pos..].ToArray();
        return (epoch, new StoredObject { Handle = handle, Attributes = attrs, Secret = secret });
    }

    private static void WriteU16(Stream s, ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); s.Write(b); }
    private static void WriteU32(Stream s, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); s.Write(b); }
    private static void WriteU64(Stream s, ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); s.Write(b); }

    private static ushort ReadU16(ReadOnlySpan<byte> b, ref int pos) { var v = BinaryPrimitives.ReadUInt16LittleEndian(b[pos..]); pos += 2; return v; }
    private static uint ReadU32(ReadOnlySpan<byte> b, ref int pos) { var v = BinaryPrimitives.ReadUInt32LittleEndian(b[pos..]); pos += 4; return v; }
    private static ulong ReadU64(ReadOnlySpan<byte> b, ref int pos) { var v = BinaryPrimitives.ReadUInt64LittleEndian(b[pos..]); pos += 8; return v; }
}
