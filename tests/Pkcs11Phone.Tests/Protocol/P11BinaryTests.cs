using NUnit.Framework;
using System.Buffers.Binary;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>
/// The binary values of docs/protocol.md ("Binary values"): attribute lists, attribute pairs and mechanisms.
/// Every reader returns false, never throws, on malformed input; what it accepts it re-encodes byte for byte.
/// </summary>
public sealed class P11BinaryTests
{
    private const int Seed = 20250612;
    private const int FuzzCases = 5000;

    // ---- builders for hand-made encodings (independent of the encoder under test) ----

    private static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Attribute(ulong type, byte[] value) => Concat(U64(type), U32((uint)value.Length), value);

    private static byte[] AttributeList(params byte[][] attributes) => Concat([U32((uint)attributes.Length), .. attributes]);

    private static readonly P11Attribute[] Certificate =
    [
        P11Attribute.Of((ulong)CKA.CLASS, (ulong)CKO.CERTIFICATE),
        P11Attribute.Of((ulong)CKA.TOKEN, true),
        P11Attribute.Of((ulong)CKA.PRIVATE, false),
        P11Attribute.Of((ulong)CKA.LABEL, "Signing key é"),
        new P11Attribute((ulong)CKA.ID, [0x01, 0x02, 0x03]),
        new P11Attribute((ulong)CKA.VALUE, Enumerable.Range(0, 1500).Select(i => (byte)(i * 7)).ToArray()),
        new P11Attribute((ulong)CKA.SUBJECT, []),
    ];

    // ---- canonical values ----

    [Test]
    public void CanonicalULongIsEightBytesLittleEndian()
    {
        var a = P11Attribute.Of((ulong)CKA.CLASS, 0x0102030405060708UL);
        Assert.That(a.Value, Is.EqualTo(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }));
        Assert.That(a.AsULong, Is.EqualTo(0x0102030405060708UL));
        Assert.That(a.AsBool, Is.Null);
        Assert.That(new P11Attribute(1, [1, 2, 3, 4]).AsULong, Is.Null, "a 4-byte value is not a CK_ULONG");
    }

    [Test]
    public void CanonicalBoolIsOneByte()
    {
        Assert.That(P11Attribute.Of((ulong)CKA.TOKEN, true).Value, Is.EqualTo(new byte[] { 1 }));
        Assert.That(P11Attribute.Of((ulong)CKA.TOKEN, false).Value, Is.EqualTo(new byte[] { 0 }));
        Assert.That(new P11Attribute(1, [0x80]).AsBool, Is.True, "any non-zero byte is CK_TRUE");
        Assert.That(new P11Attribute(1, [0, 0]).AsBool, Is.Null);
    }

    // ---- layouts and round trips ----

    [Test]
    public void AttributeListLayout()
    {
        var encoded = P11Binary.EncodeAttributes([P11Attribute.Of(0x11, true), new P11Attribute(0x0102030405060708, [0xAA, 0xBB])]);
        Assert.That(encoded, Is.EqualTo(new byte[]
        {
            2, 0, 0, 0,                         // count
            0x11, 0, 0, 0, 0, 0, 0, 0,          // type
            1, 0, 0, 0,                         // length
            1,                                  // value
            8, 7, 6, 5, 4, 3, 2, 1,             // type
            2, 0, 0, 0,                         // length
            0xAA, 0xBB,                         // value
        }));
    }

    [Test]
    public void EmptyAttributeListIsFourZeroBytes()
    {
        Assert.That(P11Binary.EncodeAttributes([]), Is.EqualTo(new byte[] { 0, 0, 0, 0 }));
        Assert.That(P11Binary.TryDecodeAttributes([0, 0, 0, 0], out var list), Is.True);
        Assert.That(list, Is.Empty);
    }

    [Test]
    public void AttributeListRoundTrip()
    {
        var encoded = P11Binary.EncodeAttributes(Certificate);
        Assert.That(encoded, Is.EqualTo(AttributeList(Certificate.Select(a => Attribute(a.Type, a.Value)).ToArray())));
        Assert.That(P11Binary.TryDecodeAttributes(encoded, out var decoded), Is.True);
        Assert.That(decoded, Is.EqualTo(Certificate));
        Assert.That(decoded.Select(a => a.Value), Is.EqualTo(Certificate.Select(a => a.Value)));
    }

    [Test]
    public void AttributePairIsTwoListsBackToBack()
    {
        P11Attribute[] pub = [P11Attribute.Of((ulong)CKA.TOKEN, true), P11Attribute.Of((ulong)CKA.MODULUS_BITS, 2048UL)];
        P11Attribute[] priv = [P11Attribute.Of((ulong)CKA.SENSITIVE, true)];
        var encoded = P11Binary.EncodeAttributePair(pub, priv);
        Assert.That(encoded, Is.EqualTo(Concat(P11Binary.EncodeAttributes(pub), P11Binary.EncodeAttributes(priv))));
        Assert.That(P11Binary.TryDecodeAttributePair(encoded, out var first, out var second), Is.True);
        Assert.That(first, Is.EqualTo(pub));
        Assert.That(second, Is.EqualTo(priv));

        Assert.That(P11Binary.TryDecodeAttributePair(P11Binary.EncodeAttributePair([], []), out first, out second), Is.True);
        Assert.That(first, Is.Empty);
        Assert.That(second, Is.Empty);
    }

    [Test]
    public void MechanismLayout()
    {
        var pss = new P11Mechanism((ulong)CKM.RSA_PKCS_PSS, [(ulong)CKM.SHA256, (ulong)CKG.MGF1_SHA256, 32], []);
        var encoded = P11Binary.EncodeMechanism(pss);
        Assert.That(encoded, Is.EqualTo(Concat(U64(0x0D), U32(3), U64(0x250), U64(2), U64(32), U32(0))));
        Assert.That(encoded, Has.Length.EqualTo(8 + 4 + 3 * 8 + 4));
        Assert.That(P11Binary.TryDecodeMechanism(encoded, out var decoded), Is.True);
        Assert.That(decoded, Is.EqualTo(pss));
    }

    [Test]
    public void MechanismRoundTrips()
    {
        P11Mechanism[] mechanisms =
        [
            P11Mechanism.Plain((ulong)CKM.RSA_PKCS),
            P11Mechanism.Plain(ulong.MaxValue),
            new((ulong)CKM.RSA_PKCS_OAEP, [(ulong)CKM.SHA256, (ulong)CKG.MGF1_SHA256, (ulong)CKZ.DATA_SPECIFIED], "label"u8.ToArray()),
            new(0x80000001, Enumerable.Range(0, P11Binary.MaxMechanismNumbers).Select(i => (ulong)i * 0x0101010101010101UL).ToArray(),
                new byte[P11Binary.MaxMechanismData]),
        ];
        foreach (var m in mechanisms)
        {
            var encoded = P11Binary.EncodeMechanism(m);
            Assert.That(encoded, Has.Length.EqualTo(16 + 8 * m.Numbers.Length + m.Data.Length));
            Assert.That(P11Binary.TryDecodeMechanism(encoded, out var decoded), Is.True, m.ToString());
            Assert.That(decoded, Is.EqualTo(m));
        }
        Assert.That(P11Binary.EncodeMechanism(P11Mechanism.Plain((ulong)CKM.ECDSA)), Is.EqualTo(Concat(U64(0x1041), U32(0), U32(0))));
    }

    // ---- limits: exactly at the limit is accepted, one past it is refused ----

    [Test]
    public void AttributeCountLimit()
    {
        var at = Enumerable.Range(0, P11Binary.MaxAttributes).Select(i => P11Attribute.Of((ulong)i, true)).ToArray();
        Assert.That(P11Binary.TryDecodeAttributes(P11Binary.EncodeAttributes(at), out var decoded), Is.True);
        Assert.That(decoded, Has.Count.EqualTo(256));

        var over = Enumerable.Range(0, P11Binary.MaxAttributes + 1).Select(i => P11Attribute.Of((ulong)i, true)).ToArray();
        Assert.That(P11Binary.TryDecodeAttributes(P11Binary.EncodeAttributes(over), out _), Is.False);
        Assert.That(P11Binary.TryDecodeAttributePair(P11Binary.EncodeAttributePair(at, over), out _, out _), Is.False);
        Assert.That(P11Binary.TryDecodeAttributePair(P11Binary.EncodeAttributePair(over, at), out _, out _), Is.False);
    }

    [Test]
    public void HugeCountsAreRefusedBeforeAnyWork()
    {
        foreach (uint count in new uint[] { 257, 0x10000, 0x7FFFFFFF, 0x80000000, uint.MaxValue })
        {
            Assert.That(P11Binary.TryDecodeAttributes(U32(count), out var list), Is.False, count.ToString());
            Assert.That(list, Is.Empty);
            Assert.That(P11Binary.TryDecodeMechanism(Concat(U64(1), U32(count), U32(0)), out _), Is.False, count.ToString());
        }
    }

    [Test]
    public void AttributeValueLimit()
    {
        var at = new P11Attribute((ulong)CKA.VALUE, new byte[P11Binary.MaxAttributeValue]);
        Assert.That(P11Binary.TryDecodeAttributes(P11Binary.EncodeAttributes([at]), out var decoded), Is.True);
        Assert.That(decoded[0].Value, Has.Length.EqualTo(65536));

        var over = new P11Attribute((ulong)CKA.VALUE, new byte[P11Binary.MaxAttributeValue + 1]);
        Assert.That(P11Binary.TryDecodeAttributes(P11Binary.EncodeAttributes([over]), out _), Is.False);
        // A length field that claims more than the limit is refused even with the bytes absent.
        foreach (uint length in new uint[] { 65537, 0x7FFFFFFF, uint.MaxValue })
            Assert.That(P11Binary.TryDecodeAttributes(Concat(U32(1), U64(1), U32(length)), out _), Is.False, length.ToString());
    }

    [Test]
    public void MechanismNumberLimit()
    {
        var numbers = new ulong[P11Binary.MaxMechanismNumbers + 1];
        Assert.That(P11Binary.TryDecodeMechanism(P11Binary.EncodeMechanism(new P11Mechanism(1, numbers, [])), out _), Is.False);
        Assert.That(P11Binary.TryDecodeMechanism(P11Binary.EncodeMechanism(new P11Mechanism(1, numbers[..8], [])), out _), Is.True);
    }

    [Test]
    public void MechanismDataLimit()
    {
        Assert.That(P11Binary.TryDecodeMechanism(P11Binary.EncodeMechanism(new P11Mechanism(1, [], new byte[4096])), out _), Is.True);
        Assert.That(P11Binary.TryDecodeMechanism(P11Binary.EncodeMechanism(new P11Mechanism(1, [], new byte[4097])), out _), Is.False);
        Assert.That(P11Binary.TryDecodeMechanism(Concat(U64(1), U32(0), U32(uint.MaxValue)), out _), Is.False);
    }

    [Test]
    public void TheLimitsAreThoseDocumented()
    {
        Assert.Multiple(() =>
        {
            Assert.That(P11Binary.MaxAttributes, Is.EqualTo(256));
            Assert.That(P11Binary.MaxAttributeValue, Is.EqualTo(65536));
            Assert.That(P11Binary.MaxMechanismNumbers, Is.EqualTo(8));
            Assert.That(P11Binary.MaxMechanismData, Is.EqualTo(4096));
            Assert.That(P11Binary.MaxBlob, Is.EqualTo(262144));
        });
    }

    // ---- malformed encodings ----

    [Test]
    public void EveryTruncationOfAnAttributeListIsRefused()
    {
        var encoded = P11Binary.EncodeAttributes(Certificate.Where(a => a.Value.Length < 100).ToArray());
        for (int n = 0; n < encoded.Length; n++)
            Assert.That(P11Binary.TryDecodeAttributes(encoded.AsSpan(0, n), out _), Is.False, $"{n} of {encoded.Length} bytes");
    }

    [Test]
    public void EveryTruncationOfAnAttributePairIsRefused()
    {
        var encoded = P11Binary.EncodeAttributePair([P11Attribute.Of(1, true), P11Attribute.Of(2, "ab")], [P11Attribute.Of(3, 7UL)]);
        for (int n = 0; n < encoded.Length; n++)
            Assert.That(P11Binary.TryDecodeAttributePair(encoded.AsSpan(0, n), out _, out _), Is.False, $"{n} of {encoded.Length} bytes");
    }

    [Test]
    public void EveryTruncationOfAMechanismIsRefused()
    {
        var encoded = P11Binary.EncodeMechanism(new P11Mechanism(9, [1, 2, 3], [4, 5, 6]));
        for (int n = 0; n < encoded.Length; n++)
            Assert.That(P11Binary.TryDecodeMechanism(encoded.AsSpan(0, n), out _), Is.False, $"{n} of {encoded.Length} bytes");
    }

    [Test]
    public void TrailingBytesAreRefused()
    {
        var list = P11Binary.EncodeAttributes([P11Attribute.Of(1, true)]);
        var pair = P11Binary.EncodeAttributePair([P11Attribute.Of(1, true)], []);
        var mechanism = P11Binary.EncodeMechanism(new P11Mechanism(9, [1], [2]));
        foreach (var extra in new[] { new byte[] { 0 }, new byte[] { 0, 0, 0, 0 }, new byte[12] })
        {
            Assert.That(P11Binary.TryDecodeAttributes(Concat(list, extra), out _), Is.False);
            Assert.That(P11Binary.TryDecodeAttributePair(Concat(pair, extra), out _, out _), Is.False);
            Assert.That(P11Binary.TryDecodeMechanism(Concat(mechanism, extra), out _), Is.False);
        }
        // A list where a pair is expected: the second list is missing. A pair where a list is expected: trailing bytes.
        Assert.That(P11Binary.TryDecodeAttributePair(list, out _, out _), Is.False);
        Assert.That(P11Binary.TryDecodeAttributes(pair, out _), Is.False);
    }

    [Test]
    public void LengthsPastTheEndAreRefused()
    {
        // One attribute claiming 5 value bytes with 4 present.
        Assert.That(P11Binary.TryDecodeAttributes(Concat(U32(1), U64(1), U32(5), new byte[4]), out _), Is.False);
        // A count of 2 with one attribute present.
        Assert.That(P11Binary.TryDecodeAttributes(Concat(U32(2), Attribute(1, [1])), out _), Is.False);
        // A mechanism whose data length is one more, or one less, than what follows.
        Assert.That(P11Binary.TryDecodeMechanism(Concat(U64(1), U32(0), U32(3), new byte[2]), out _), Is.False);
        Assert.That(P11Binary.TryDecodeMechanism(Concat(U64(1), U32(0), U32(1), new byte[2]), out _), Is.False);
        // A number count that runs past the end.
        Assert.That(P11Binary.TryDecodeMechanism(Concat(U64(1), U32(2), U64(7), U32(0)), out _), Is.False);
    }

    [Test]
    public void EmptyInputIsRefused()
    {
        Assert.That(P11Binary.TryDecodeAttributes([], out _), Is.False);
        Assert.That(P11Binary.TryDecodeAttributePair([], out _, out _), Is.False);
        Assert.That(P11Binary.TryDecodeMechanism([], out _), Is.False);
    }

    // ---- base64 with an explicit length ----

    [Test]
    public void Base64WithExplicitLength()
    {
        Assert.That(P11Binary.TryFromBase64("AQID", 3, out var data), Is.True);
        Assert.That(data, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(P11Binary.TryFromBase64("", 0, out data), Is.True);
        Assert.That(data, Is.Empty);
        Assert.That(P11Binary.TryFromBase64("AQID", 2, out _), Is.False, "length differs");
        Assert.That(P11Binary.TryFromBase64("AQID", 4, out _), Is.False, "length differs");
        Assert.That(P11Binary.TryFromBase64("AQI", 2, out _), Is.False, "not a multiple of 4");
        Assert.That(P11Binary.TryFromBase64("AQ=D", 3, out _), Is.False, "padding inside");
        Assert.That(P11Binary.TryFromBase64("AQI*", 3, out _), Is.False, "not the alphabet");
        Assert.That(P11Binary.TryFromBase64("AQID", -1, out _), Is.False);
        Assert.That(P11Binary.TryFromBase64("", P11Binary.MaxBlob + 1, out _), Is.False);
        Assert.That(P11Binary.ToBase64(new byte[] { 0xFB, 0xFF }), Is.EqualTo("+/8="), "the standard alphabet, padded");
    }

    [Test]
    public void Base64AtTheBlobLimit()
    {
        var blob = new byte[P11Binary.MaxBlob];
        new Random(Seed).NextBytes(blob);
        Assert.That(P11Binary.TryFromBase64(P11Binary.ToBase64(blob), blob.Length, out var back), Is.True);
        Assert.That(back, Is.EqualTo(blob));
        var over = new byte[P11Binary.MaxBlob + 1];
        Assert.That(P11Binary.TryFromBase64(P11Binary.ToBase64(over), over.Length, out _), Is.False);
    }

    // ---- fuzz ----

    /// <summary>Random input: plain random bytes, a valid encoding mutated, or a plausible header with random rest.</summary>
    private static byte[] FuzzInput(Random random, Func<Random, byte[]> valid)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                var bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
                return bytes;
            }
            case 1:
            {
                // Small counts and lengths so that the reader goes deep before it fails (or succeeds).
                var bytes = new byte[random.Next(0, 120)];
                random.NextBytes(bytes);
                for (int i = 0; i + 4 <= bytes.Length; i += 4)
                    if (random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i), (uint)random.Next(0, 10));
                return bytes;
            }
            default:
            {
                var bytes = valid(random).ToList();
                int edits = random.Next(1, 4);
                for (int e = 0; e < edits; e++)
                {
                    int what = random.Next(4);
                    if (what == 0 && bytes.Count > 0) bytes.RemoveRange(random.Next(bytes.Count), 1);
                    else if (what == 1 && bytes.Count > 0) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    else if (what == 2) bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    else if (bytes.Count > 0)
                    {
                        int keep = random.Next(bytes.Count);
                        bytes.RemoveRange(keep, bytes.Count - keep);
                    }
                }
                return bytes.ToArray();
            }
        }
    }

    private static List<P11Attribute> RandomAttributes(Random random) =>
        Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
        {
            var value = new byte[random.Next(0, 10)];
            random.NextBytes(value);
            return new P11Attribute((ulong)random.NextInt64(), value);
        }).ToList();

    private static P11Mechanism RandomMechanism(Random random)
    {
        var data = new byte[random.Next(0, 10)];
        random.NextBytes(data);
        return new P11Mechanism((ulong)random.NextInt64(), Enumerable.Range(0, random.Next(0, 4)).Select(_ => (ulong)random.NextInt64()).ToArray(), data);
    }

    [Test]
    public void FuzzAttributeLists()
    {
        var random = new Random(Seed);
        int accepted = 0;
        for (int i = 0; i < FuzzCases; i++)
        {
            var input = FuzzInput(random, r => P11Binary.EncodeAttributes(RandomAttributes(r)));
            bool ok = false;
            List<P11Attribute> list = [];
            Assert.DoesNotThrow(() => ok = P11Binary.TryDecodeAttributes(input, out list), Convert.ToHexString(input));
            if (!ok) continue;
            accepted++;
            Assert.That(list, Has.Count.LessThanOrEqualTo(P11Binary.MaxAttributes));
            Assert.That(P11Binary.EncodeAttributes(list), Is.EqualTo(input), "what is accepted re-encodes to the same bytes");
        }
        Assert.That(accepted, Is.GreaterThan(0), "the fuzz reached valid encodings too");
    }

    [Test]
    public void FuzzAttributePairs()
    {
        var random = new Random(Seed + 1);
        int accepted = 0;
        for (int i = 0; i < FuzzCases; i++)
        {
            var input = FuzzInput(random, r => P11Binary.EncodeAttributePair(RandomAttributes(r), RandomAttributes(r)));
            bool ok = false;
            List<P11Attribute> first = [], second = [];
            Assert.DoesNotThrow(() => ok = P11Binary.TryDecodeAttributePair(input, out first, out second), Convert.ToHexString(input));
            if (!ok) continue;
            accepted++;
            Assert.That(P11Binary.EncodeAttributePair(first, second), Is.EqualTo(input));
        }
        Assert.That(accepted, Is.GreaterThan(0));
    }

    [Test]
    public void FuzzMechanisms()
    {
        var random = new Random(Seed + 2);
        int accepted = 0;
        for (int i = 0; i < FuzzCases; i++)
        {
            var input = FuzzInput(random, r => P11Binary.EncodeMechanism(RandomMechanism(r)));
            bool ok = false;
            P11Mechanism m = P11Mechanism.Plain(0);
            Assert.DoesNotThrow(() => ok = P11Binary.TryDecodeMechanism(input, out m), Convert.ToHexString(input));
            if (!ok) continue;
            accepted++;
            Assert.That(m.Numbers, Has.Length.LessThanOrEqualTo(P11Binary.MaxMechanismNumbers));
            Assert.That(m.Data, Has.Length.LessThanOrEqualTo(P11Binary.MaxMechanismData));
            Assert.That(P11Binary.EncodeMechanism(m), Is.EqualTo(input));
        }
        Assert.That(accepted, Is.GreaterThan(0));
    }

    [Test]
    public void FuzzBase64()
    {
        var random = new Random(Seed + 3);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=*- \"\\é";
        for (int i = 0; i < FuzzCases; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            int length = random.Next(-2, 20);
            bool ok = false;
            byte[] data = [];
            Assert.DoesNotThrow(() => ok = P11Binary.TryFromBase64(text, length, out data), text);
            if (ok) Assert.That(data, Has.Length.EqualTo(length));
            else Assert.That(data, Is.Empty);
        }
    }
}
