using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.X509;
using Pkcs11Phone.Interop;
using static Pkcs11Phone.Device.Software.AttributeTable;

namespace Pkcs11Phone.Device.Software;

/// <summary>A curve the token supports, with the names and object identifiers CKA_EC_PARAMS may use for it.</summary>
internal sealed record Curve(string Name, DerObjectIdentifier Oid, int Bits, bool Edwards, string[] Names, DerObjectIdentifier[] OtherOids)
{
    /// <summary>Bytes of a coordinate (and of r and s in an ECDSA signature).</summary>
    public int FieldBytes => (Bits + 7) / 8;

    public ECNamedDomainParameters Domain => new(Oid, ECNamedCurveTable.GetByOid(Oid));
}

/// <summary>The curves, RSA limits and BouncyCastle plumbing of the software token's keys.</summary>
internal static class KeyMaterial
{
    public const int MinRsaBits = 2048, MaxRsaBits = 4096;

    public static readonly Curve P256 = new("P-256", SecObjectIdentifiers.SecP256r1, 256, false, ["secp256r1", "prime256v1", "P-256"], []);
    public static readonly Curve P384 = new("P-384", SecObjectIdentifiers.SecP384r1, 384, false, ["secp384r1", "P-384"], []);
    public static readonly Curve P521 = new("P-521", SecObjectIdentifiers.SecP521r1, 521, false, ["secp521r1", "P-521"], []);
    /// <summary>Ed25519: RFC 8410's id-Ed25519, PKCS#11 v3.0's "edwards25519", and the GnuPG OID older OpenSC used.</summary>
    public static readonly Curve Ed25519 = new("Ed25519", EdECObjectIdentifiers.id_Ed25519, 255, true, ["edwards25519"],
        [new DerObjectIdentifier("1.3.6.1.4.1.11591.15.1")]);

    public static readonly Curve[] Curves = [P256, P384, P521, Ed25519];

    /// <summary>BouncyCastle's view of the system generator (thread-safe, unlike a shared digest PRNG).</summary>
    private static readonly SecureRandom Random = new(new Org.BouncyCastle.Crypto.Prng.CryptoApiRandomGenerator());

    /// <summary>Reads CKA_EC_PARAMS: a named-curve OID or a PrintableString curve name.</summary>
    public static ulong ParseEcParams(byte[] ecParams, bool edwards, out Curve curve)
    {
        curve = P256;
        Asn1Object o;
        try
        {
            // BouncyCastle reads no object at all from empty input (null), which is no parameters either.
            if (Asn1Object.FromByteArray(ecParams) is not { } read) return CKR.ATTRIBUTE_VALUE_INVALID;
            o = read;
            if (!o.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(ecParams)) return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        Curve? found = o switch
        {
            DerObjectIdentifier oid => Array.Find(Curves, c => c.Oid.Equals(oid) || c.OtherOids.Any(x => x.Equals(oid))),
            DerPrintableString name => Array.Find(Curves, c => c.Names.Contains(name.GetString(), StringComparer.Ordinal)),
            Asn1Sequence or Asn1Null => null, // explicit parameters, implicitlyCA
            _ => null,
        };
        if (o is not (DerObjectIdentifier or DerPrintableString or Asn1Sequence or Asn1Null)) return CKR.ATTRIBUTE_VALUE_INVALID;
        if (found is null || found.Edwards != edwards) return CKR.CURVE_NOT_SUPPORTED;
        curve = found;
        return CKR.OK;
    }

    /// <summary>The DER OCTET STRING of CKA_EC_POINT.</summary>
    public static byte[] EcPointAttribute(ReadOnlySpan<byte> point) => new DerOctetString(point.ToArray()).GetEncoded(Asn1Encodable.Der);

    /// <summary>Reads CKA_EC_POINT (DER OCTET STRING of the point; a bare point is accepted too) into a public key.</summary>
    public static ulong ParseEcPoint(byte[] value, Curve curve, out AsymmetricKeyParameter key)
    {
        key = null!;
        byte[] point = value;
        try
        {
            if (Asn1Object.FromByteArray(value) is Asn1OctetString os) point = os.GetOctets();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            // not DER: a bare point
        }
        try
        {
            if (curve.Edwards)
            {
                if (point.Length != Ed25519PublicKeyParameters.KeySize) return CKR.ATTRIBUTE_VALUE_INVALID;
                key = new Ed25519PublicKeyParameters(point);
                return CKR.OK;
            }
            var domain = curve.Domain;
            var q = domain.Curve.DecodePoint(point);
            if (q.IsInfinity || !q.IsValid()) return CKR.ATTRIBUTE_VALUE_INVALID;
            key = new ECPublicKeyParameters("EC", q.Normalize(), curve.Oid);
            return CKR.OK;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return CKR.ATTRIBUTE_VALUE_INVALID;
        }
    }

    /// <summary>
    /// Sets (or, when the template gave them, checks) the public attributes derivable from a public key: CKA_MODULUS,
    /// CKA_PUBLIC_EXPONENT (and CKA_MODULUS_BITS on a public key), or CKA_EC_POINT; and CKA_PUBLIC_KEY_INFO.
    /// </summary>
    public static bool AddPublicAttributes(SortedDictionary<ulong, byte[]> attrs, AsymmetricKeyParameter publicKey, bool isPublicObject)
    {
        bool ok = true;
        switch (publicKey)
        {
            case RsaKeyParameters rsa:
                ok &= Agree(attrs, CKA.MODULUS, BigIntegers.AsUnsignedByteArray(rsa.Modulus));
                ok &= Agree(attrs, CKA.PUBLIC_EXPONENT, BigIntegers.AsUnsignedByteArray(rsa.Exponent));
                if (isPublicObject) ok &= Agree(attrs, CKA.MODULUS_BITS, ULongBytes((ulong)rsa.Modulus.BitLength));
                break;
            case ECPublicKeyParameters ec:
                ok &= Agree(attrs, CKA.EC_POINT, EcPointAttribute(ec.Q.GetEncoded(compressed: false)));
                break;
            case Ed25519PublicKeyParameters ed:
                ok &= Agree(attrs, CKA.EC_POINT, EcPointAttribute(ed.GetEncoded()));
                break;
        }
        ok &= Agree(attrs, CKA.PUBLIC_KEY_INFO, SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded());
        return ok;
    }

    public static AsymmetricCipherKeyPair GenerateRsa(int bits, BigInteger exponent)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(exponent, Random, bits, 100));
        return generator.GenerateKeyPair();
    }

    public static AsymmetricCipherKeyPair GenerateEc(Curve curve)
    {
        if (curve.Edwards)
        {
            var ed = new Ed25519KeyPairGenerator();
            ed.Init(new Ed25519KeyGenerationParameters(Random));
            return ed.GenerateKeyPair();
        }
        var generator = new ECKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(curve.Oid, Random));
        return generator.GenerateKeyPair();
    }

    /// <summary>An RSA public exponent we accept: odd, at least 3, at most 64 bits.</summary>
    public static bool IsGoodExponent(BigInteger e) => e.TestBit(0) && e.BitLength is > 1 and <= 64;

    /// <summary>Checks an imported RSA private key: the components must describe one consistent key of a supported size.</summary>
    public static ulong ImportRsa(SortedDictionary<ulong, byte[]> a, out RsaPrivateCrtKeyParameters key)
    {
        key = null!;
        BigInteger N(nuint type) => new(1, a[type]);
        BigInteger n = N(CKA.MODULUS), e = N(CKA.PUBLIC_EXPONENT), d = N(CKA.PRIVATE_EXPONENT),
            p = N(CKA.PRIME_1), q = N(CKA.PRIME_2), dp = N(CKA.EXPONENT_1), dq = N(CKA.EXPONENT_2), qinv = N(CKA.COEFFICIENT);
        if (n.BitLength is < MinRsaBits or > MaxRsaBits) return CKR.ATTRIBUTE_VALUE_INVALID;
        if (!IsGoodExponent(e)) return CKR.ATTRIBUTE_VALUE_INVALID;
        var one = BigInteger.One;
        if (p.CompareTo(one) <= 0 || q.CompareTo(one) <= 0 || d.SignValue <= 0) return CKR.ATTRIBUTE_VALUE_INVALID;
        var p1 = p.Subtract(one);
        var q1 = q.Subtract(one);
        var lambda = p1.Multiply(q1).Divide(p1.Gcd(q1));
        bool consistent = p.Multiply(q).Equals(n)
            && e.Multiply(d).Mod(lambda).Equals(one)
            && d.Mod(p1).Equals(dp) && d.Mod(q1).Equals(dq)
            && qinv.CompareTo(p) < 0 && qinv.Multiply(q).Mod(p).Equals(one);
        if (!consistent) return CKR.TEMPLATE_INCONSISTENT;
        key = new RsaPrivateCrtKeyParameters(n, e, d, p, q, dp, dq, qinv);
        return CKR.OK;
    }

    /// <summary>Checks an imported EC or Ed25519 private key (CKA_VALUE) and makes its public key.</summary>
    public static ulong ImportEc(byte[] value, Curve curve, out AsymmetricKeyParameter privateKey, out AsymmetricKeyParameter publicKey)
    {
        privateKey = publicKey = null!;
        if (curve.Edwards)
        {
            if (value.Length != Ed25519PrivateKeyParameters.KeySize) return CKR.ATTRIBUTE_VALUE_INVALID;
            var ed = new Ed25519PrivateKeyParameters(value);
            privateKey = ed;
            publicKey = ed.GeneratePublicKey();
            return CKR.OK;
        }
        var domain = curve.Domain;
        var d = new BigInteger(1, value);
        if (d.SignValue <= 0 || d.CompareTo(domain.N) >= 0) return CKR.ATTRIBUTE_VALUE_INVALID;
        privateKey = new ECPrivateKeyParameters("EC", d, curve.Oid);
        publicKey = new ECPublicKeyParameters("EC", new FixedPointCombMultiplier().Multiply(domain.G, d).Normalize(), curve.Oid);
        return CKR.OK;
    }

    /// <summary>The PKCS#8 encoding of a private key: what gets sealed under the master key.</summary>
    public static byte[] ToPkcs8(AsymmetricKeyParameter privateKey) => PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();

    public static AsymmetricKeyParameter FromPkcs8(byte[] pkcs8) => PrivateKeyFactory.CreateKey(pkcs8);
}
