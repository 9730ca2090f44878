using System.Formats.Asn1;
using System.Security.Cryptography;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Tests.Pkcs11Backend;

/// <summary>Templates, mechanisms and checks the Pkcs11 backend's tests share.</summary>
internal static class Pkcs11TestKit
{
    /// <summary>DER of the prime256v1 (P-256) object identifier, as CKA_EC_PARAMS takes it.</summary>
    public static byte[] P256Params => new AsnWriterHelper().Oid("1.2.840.10045.3.1.7");

    /// <summary>DER of the Ed25519 object identifier (RFC 8410), for CKM_EC_EDWARDS_KEY_PAIR_GEN.</summary>
    public static byte[] Ed25519Params => new AsnWriterHelper().Oid("1.3.101.112");

    public static P11Mechanism Plain(ulong type) => P11Mechanism.Plain(type);

    public static P11Mechanism PssSha256 => new(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA256, 32], []);

    public static P11Mechanism OaepSha1(byte[]? label = null) => new(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], label ?? []);

    public static P11Mechanism OaepSha256 => new(CKM.RSA_PKCS_OAEP, [CKM.SHA256, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED], []);

    public static byte[] NewId() => RandomNumberGenerator.GetBytes(8);

    public static (List<P11Attribute> Public, List<P11Attribute> Private) EcTemplates(byte[] id, bool token = true,
        bool alwaysAuthenticate = false, byte[]? ecParams = null)
    {
        var pub = new List<P11Attribute>
        {
            P11Attribute.Of(CKA.TOKEN, token), P11Attribute.Of(CKA.PRIVATE, false), P11Attribute.Of(CKA.VERIFY, true),
            new(CKA.EC_PARAMS, ecParams ?? P256Params), new(CKA.ID, id), P11Attribute.Of(CKA.LABEL, "ec key"),
        };
        var priv = new List<P11Attribute>
        {
            P11Attribute.Of(CKA.TOKEN, token), P11Attribute.Of(CKA.PRIVATE, true), P11Attribute.Of(CKA.SENSITIVE, true),
            P11Attribute.Of(CKA.SIGN, true), new(CKA.ID, id), P11Attribute.Of(CKA.LABEL, "ec key"),
        };
        if (alwaysAuthenticate) priv.Add(P11Attribute.Of(CKA.ALWAYS_AUTHENTICATE, true));
        return (pub, priv);
    }

    public static (List<P11Attribute> Public, List<P11Attribute> Private) RsaTemplates(byte[] id, bool token = true,
        bool alwaysAuthenticate = false)
    {
        var pub = new List<P11Attribute>
        {
            P11Attribute.Of(CKA.TOKEN, token), P11Attribute.Of(CKA.PRIVATE, false), P11Attribute.Of(CKA.VERIFY, true),
            P11Attribute.Of(CKA.ENCRYPT, true), P11Attribute.Of(CKA.MODULUS_BITS, 2048UL),
            new(CKA.PUBLIC_EXPONENT, [1, 0, 1]), new(CKA.ID, id), P11Attribute.Of(CKA.LABEL, "rsa key"),
        };
        var priv = new List<P11Attribute>
        {
            P11Attribute.Of(CKA.TOKEN, token), P11Attribute.Of(CKA.PRIVATE, true), P11Attribute.Of(CKA.SENSITIVE, true),
            P11Attribute.Of(CKA.SIGN, true), P11Attribute.Of(CKA.DECRYPT, true), new(CKA.ID, id),
            P11Attribute.Of(CKA.LABEL, "rsa key"),
        };
        if (alwaysAuthenticate) priv.Add(P11Attribute.Of(CKA.ALWAYS_AUTHENTICATE, true));
        return (pub, priv);
    }

    /// <summary>The object with this handle from the token's listing.</summary>
    public static P11Object Listed(IPhoneToken token, ulong handle) =>
        token.Objects.SingleOrDefault(o => o.Handle == handle) ?? throw new AssertionException($"object {handle} is not listed");

    public static byte[] Value(P11Object o, ulong type) =>
        o.Find(type)?.Value ?? throw new AssertionException($"object {o.Handle} has no attribute 0x{type:x}");

    /// <summary>The P-256 public key of a listed public-key object (CKA_EC_POINT is a DER OCTET STRING).</summary>
    public static ECDsa EcPublicKey(IPhoneToken token, ulong publicKey)
    {
        var point = new AsnReader(Value(Listed(token, publicKey), CKA.EC_POINT), AsnEncodingRules.DER).ReadOctetString();
        Assert.That(point, Has.Length.EqualTo(65));
        Assert.That(point[0], Is.EqualTo(4), "uncompressed point");
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
    }

    public static RSA RsaPublicKey(IPhoneToken token, ulong publicKey)
    {
        var o = Listed(token, publicKey);
        return RSA.Create(new RSAParameters { Modulus = Value(o, CKA.MODULUS), Exponent = Value(o, CKA.PUBLIC_EXPONENT) });
    }

    /// <summary>The DigestInfo a CKM_RSA_PKCS signature over a SHA-256 hash carries (RFC 8017, section 9.2).</summary>
    public static byte[] Sha256DigestInfo(byte[] hash)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.16.840.1.101.3.4.2.1");
                writer.WriteNull();
            }
            writer.WriteOctetString(hash);
        }
        return writer.Encode();
    }

    public static T Ok<T>(P11Result<T> result, string what)
    {
        Assert.That(result.Rv, Is.EqualTo((ulong)CKR.OK), $"{what}: CK_RV 0x{result.Rv:x}");
        return result.Value!;
    }

    public static void Ok(ulong rv, string what) => Assert.That(rv, Is.EqualTo((ulong)CKR.OK), $"{what}: CK_RV 0x{rv:x}");

    private sealed class AsnWriterHelper
    {
        public byte[] Oid(string oid)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteObjectIdentifier(oid);
            return writer.Encode();
        }
    }
}
