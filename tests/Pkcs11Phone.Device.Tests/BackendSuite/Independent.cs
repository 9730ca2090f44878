using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;
using BigInteger = System.Numerics.BigInteger;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>
/// Verification and encryption outside the token: System.Security.Cryptography for RSA and ECDSA (keys rebuilt from the
/// public attributes the token lists), BouncyCastle's verifier for Ed25519 and for what .NET cannot express (PSS with
/// another salt length or MGF hash, OAEP with a label).
/// </summary>
public static class Independent
{
    public static readonly (HashAlgorithmName Name, string Oid, ulong Mechanism, ulong Mgf, int Length)[] Hashes =
    [
        (HashAlgorithmName.SHA1, "1.3.14.3.2.26", CKM.SHA_1, CKG.MGF1_SHA1, 20),
        (HashAlgorithmName.SHA256, "2.16.840.1.101.3.4.2.1", CKM.SHA256, CKG.MGF1_SHA256, 32),
        (HashAlgorithmName.SHA384, "2.16.840.1.101.3.4.2.2", CKM.SHA384, CKG.MGF1_SHA384, 48),
        (HashAlgorithmName.SHA512, "2.16.840.1.101.3.4.2.3", CKM.SHA512, CKG.MGF1_SHA512, 64),
    ];

    public static RSA Rsa(P11Object pub)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = pub.Bytes(CKA.MODULUS), Exponent = pub.Bytes(CKA.PUBLIC_EXPONENT) });
        return rsa;
    }

    public static ECCurve CurveOf(KeySpec spec) => spec.Bits switch
    {
        256 => ECCurve.NamedCurves.nistP256,
        384 => ECCurve.NamedCurves.nistP384,
        521 => ECCurve.NamedCurves.nistP521,
        _ => throw new ArgumentException(spec.Name),
    };

    /// <summary>The uncompressed point of CKA_EC_POINT (a DER OCTET STRING).</summary>
    public static (byte[] X, byte[] Y) EcPoint(P11Object key, KeySpec spec)
    {
        var point = Octets(key.Bytes(CKA.EC_POINT));
        Assert.That(point, Has.Length.EqualTo(1 + 2 * spec.FieldBytes), "uncompressed point");
        Assert.That(point[0], Is.EqualTo(0x04), "uncompressed point");
        return (point[1..(1 + spec.FieldBytes)], point[(1 + spec.FieldBytes)..]);
    }

    public static ECDsa Ecdsa(P11Object pub, KeySpec spec)
    {
        var (x, y) = EcPoint(pub, spec);
        return ECDsa.Create(new ECParameters { Curve = CurveOf(spec), Q = new ECPoint { X = x, Y = y } });
    }

    public static byte[] Ed25519Public(P11Object key)
    {
        var point = Octets(key.Bytes(CKA.EC_POINT));
        Assert.That(point, Has.Length.EqualTo(32));
        return point;
    }

    public static byte[] DigestInfo(HashAlgorithmName alg, byte[] hash)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(Hashes.Single(h => h.Name == alg).Oid);
                w.WriteNull();
            }
            w.WriteOctetString(hash);
        }
        return w.Encode();
    }

    public static BigInteger Unsigned(ReadOnlySpan<byte> b) => new(b, isUnsigned: true, isBigEndian: true);

    public static byte[] ToBytes(BigInteger v, int length)
    {
        var b = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.That(b.Length, Is.LessThanOrEqualTo(length));
        return [.. new byte[length - b.Length], .. b];
    }

    /// <summary>Raw RSA with the public key: s^e mod n, as k bytes.</summary>
    public static byte[] RawPublic(P11Object pub, byte[] input)
    {
        var n = pub.Bytes(CKA.MODULUS);
        var k = (int)((Unsigned(n).GetBitLength() + 7) / 8);
        return ToBytes(BigInteger.ModPow(Unsigned(input), Unsigned(pub.Bytes(CKA.PUBLIC_EXPONENT)), Unsigned(n)), k);
    }

    public static bool Verify(KeySpec spec, P11Object pub, P11Mechanism m, byte[] data, byte[] sig)
    {
        switch (m.Type)
        {
            case CKM.RSA_PKCS:
            {
                using var rsa = Rsa(pub);
                int k = rsa.KeySize / 8;
                if (sig.Length != k) return false;
                // EMSA-PKCS1-v1_5 block type 1 around the given bytes...
                var block = RawPublic(pub, sig);
                byte[] expected = [0x00, 0x01, .. Enumerable.Repeat((byte)0xFF, k - 3 - data.Length), 0x00, .. data];
                if (!block.AsSpan().SequenceEqual(expected)) return false;
                // ...and, when they are a DigestInfo, System.Security.Cryptography agrees.
                if (TryDigestInfo(data, out var alg, out var hash)) return rsa.VerifyHash(hash, sig, alg, RSASignaturePadding.Pkcs1);
                return true;
            }
            case CKM.RSA_X_509:
            {
                var block = RawPublic(pub, sig);
                return sig.Length == block.Length && Unsigned(block) == Unsigned(data);
            }
            case CKM.RSA_PKCS_PSS:
            {
                var h = Hashes.Single(x => x.Mechanism == m.Numbers[0]);
                using var rsa = Rsa(pub);
                if (sig.Length != rsa.KeySize / 8) return false;
                if (m.Numbers[1] == h.Mgf && m.Numbers[2] == (ulong)h.Length)
                    return rsa.VerifyHash(data, sig, h.Name, RSASignaturePadding.Pss);
                var verifier = PssSigner.CreateRawSigner(new RsaEngine(), BcDigest(m.Numbers[0]), BcMgfDigest(m.Numbers[1]),
                    (int)m.Numbers[2], PssSigner.TrailerImplicit);
                verifier.Init(false, new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, pub.Bytes(CKA.MODULUS)),
                    new Org.BouncyCastle.Math.BigInteger(1, pub.Bytes(CKA.PUBLIC_EXPONENT))));
                verifier.BlockUpdate(data, 0, data.Length);
                return verifier.VerifySignature(sig);
            }
            case CKM.ECDSA:
            {
                if (sig.Length != 2 * spec.FieldBytes) return false;
                using var ecdsa = Ecdsa(pub, spec);
                return ecdsa.VerifyHash(data, sig, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            case CKM.EDDSA:
            {
                var verifier = new Ed25519Signer();
                verifier.Init(false, new Ed25519PublicKeyParameters(Ed25519Public(pub)));
                verifier.BlockUpdate(data, 0, data.Length);
                return sig.Length == 64 && verifier.VerifySignature(sig);
            }
            default:
                throw new ArgumentException("no independent verifier for " + CkNames.Mechanism((nuint)m.Type));
        }
    }

    /// <summary>An ECDSA signature (r ‖ s) over a hash on secp256k1, with BouncyCastle (.NET does not name that curve everywhere).</summary>
    public static bool VerifySecp256k1(P11Object pub, byte[] hash, byte[] sig)
    {
        var curve = Org.BouncyCastle.Asn1.Sec.SecNamedCurves.GetByName("secp256k1");
        var q = curve.Curve.DecodePoint(Octets(pub.Bytes(CKA.EC_POINT))); // throws for a point off the curve
        if (sig.Length != 64) return false;
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(q, new ECDomainParameters(curve)));
        return verifier.VerifySignature(hash, new Org.BouncyCastle.Math.BigInteger(1, sig[..32]), new Org.BouncyCastle.Math.BigInteger(1, sig[32..]));
    }

    private static bool TryDigestInfo(byte[] data, out HashAlgorithmName alg, out byte[] hash)
    {
        alg = default;
        hash = [];
        try
        {
            var r = new AsnReader(data, AsnEncodingRules.DER);
            var seq = r.ReadSequence();
            var algId = seq.ReadSequence();
            var oid = algId.ReadObjectIdentifier();
            hash = seq.ReadOctetString();
            var known = Hashes.Where(h => h.Oid == oid).ToList();
            if (known.Count == 0) return false;
            alg = known[0].Name;
            return !r.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    public static IDigest BcDigest(ulong mechanism) => mechanism switch
    {
        CKM.SHA_1 => new Sha1Digest(),
        CKM.SHA256 => new Sha256Digest(),
        CKM.SHA384 => new Sha384Digest(),
        CKM.SHA512 => new Sha512Digest(),
        _ => throw new ArgumentException("hash"),
    };

    public static IDigest BcMgfDigest(ulong mgf) => mgf switch
    {
        CKG.MGF1_SHA1 => new Sha1Digest(),
        CKG.MGF1_SHA256 => new Sha256Digest(),
        CKG.MGF1_SHA384 => new Sha384Digest(),
        CKG.MGF1_SHA512 => new Sha512Digest(),
        _ => throw new ArgumentException("mgf"),
    };
}
