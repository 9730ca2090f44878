using System.Formats.Asn1;
using System.Text;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>Small helpers to write templates and read objects in the tests.</summary>
public static class P11
{
    public static P11Attribute U(nuint type, ulong value) => P11Attribute.Of(type, value);
    public static P11Attribute B(nuint type, bool value) => P11Attribute.Of(type, value);
    public static P11Attribute S(nuint type, string value) => P11Attribute.Of(type, value);
    public static P11Attribute Raw(nuint type, byte[] value) => new(type, value);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static byte[] DerOid(string oid)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteObjectIdentifier(oid);
        return w.Encode();
    }

    public static byte[] DerPrintable(string s)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteCharacterString(UniversalTagNumber.PrintableString, s);
        return w.Encode();
    }

    public static byte[] DerOctets(byte[] b)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteOctetString(b);
        return w.Encode();
    }

    /// <summary>The content of a DER OCTET STRING that fills the whole input.</summary>
    public static byte[] Octets(byte[] der)
    {
        var content = AsnDecoder.ReadOctetString(der, AsnEncodingRules.DER, out int consumed);
        Assert.That(consumed, Is.EqualTo(der.Length), "one DER OCTET STRING");
        return content;
    }

    public static P11Attribute? Attr(this P11Object o, nuint type) => o.Find(type);

    public static bool Has(this P11Object o, nuint type) => o.Find(type) is not null;

    public static bool Bool(this P11Object o, nuint type) =>
        o.Find(type)?.AsBool ?? throw new AssertionException($"object {o.Handle} has no boolean attribute 0x{(ulong)type:x}");

    public static ulong ULong(this P11Object o, nuint type) =>
        o.Find(type)?.AsULong ?? throw new AssertionException($"object {o.Handle} has no CK_ULONG attribute 0x{(ulong)type:x}");

    public static byte[] Bytes(this P11Object o, nuint type) =>
        o.Find(type)?.Value ?? throw new AssertionException($"object {o.Handle} has no attribute 0x{(ulong)type:x}");

    public static string Text(this P11Object o, nuint type) => Encoding.UTF8.GetString(o.Bytes(type));

    /// <summary>The value of a successful result; fails the test with the CK_RV name otherwise.</summary>
    public static T Ok<T>(this P11Result<T> r, string? what = null)
    {
        Assert.That(r.Rv, Is.EqualTo((ulong)CKR.OK), $"{what}: {Name(r.Rv)}");
        return r.Value!;
    }

    public static string Name(ulong rv) => CkNames.ReturnValue((nuint)rv);
}

/// <summary>A key type and size the suite generates, with the template attributes that select it.</summary>
public sealed record KeySpec(string Name, ulong Mechanism, ulong KeyType, int Bits, byte[]? EcParams)
{
    public const string P256Oid = "1.2.840.10045.3.1.7", P384Oid = "1.3.132.0.34", P521Oid = "1.3.132.0.35", Ed25519Oid = "1.3.101.112";

    public static KeySpec Rsa(int bits) => new($"RSA-{bits}", CKM.RSA_PKCS_KEY_PAIR_GEN, CKK.RSA, bits, null);
    public static readonly KeySpec Rsa2048 = Rsa(2048), Rsa3072 = Rsa(3072), Rsa4096 = Rsa(4096);
    public static readonly KeySpec P256 = new("P-256", CKM.EC_KEY_PAIR_GEN, CKK.EC, 256, P11.DerOid(P256Oid));
    public static readonly KeySpec P384 = new("P-384", CKM.EC_KEY_PAIR_GEN, CKK.EC, 384, P11.DerOid(P384Oid));
    public static readonly KeySpec P521 = new("P-521", CKM.EC_KEY_PAIR_GEN, CKK.EC, 521, P11.DerOid(P521Oid));
    public static readonly KeySpec Ed25519 = new("Ed25519", CKM.EC_EDWARDS_KEY_PAIR_GEN, CKK.EC_EDWARDS, 255, P11.DerOid(Ed25519Oid));

    public bool IsRsa => KeyType == CKK.RSA;
    public bool IsEdwards => KeyType == CKK.EC_EDWARDS;
    public bool IsEc => KeyType == CKK.EC;
    public int FieldBytes => (Bits + 7) / 8;

    public IEnumerable<P11Attribute> PublicParameters =>
        IsRsa ? [P11.U(CKA.MODULUS_BITS, (ulong)Bits)] : [P11.Raw(CKA.EC_PARAMS, EcParams!)];

    public override string ToString() => Name;
}
