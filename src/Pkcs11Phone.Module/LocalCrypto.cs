using System.Formats.Asn1;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>The public-key and hashing work the computer does itself (BouncyCastle digests; no primitives of our own).</summary>
internal static class LocalCrypto
{
    public static IDigest NewDigest(nuint mechanism) => mechanism switch
    {
        _ when mechanism == CKM.SHA_1 => new Sha1Digest(),
        _ when mechanism == CKM.SHA224 => new Sha224Digest(),
        _ when mechanism == CKM.SHA256 => new Sha256Digest(),
        _ when mechanism == CKM.SHA384 => new Sha384Digest(),
        _ when mechanism == CKM.SHA512 => new Sha512Digest(),
        _ => throw new CkException(CKR.MECHANISM_INVALID),
    };

    public static byte[] Finish(IDigest digest)
    {
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    public static int HashLength(nuint mechanism) => NewDigest(mechanism).GetDigestSize();

    private static string HashOid(nuint mechanism) => mechanism switch
    {
        _ when mechanism == CKM.SHA_1 => "1.3.14.3.2.26",
        _ when mechanism == CKM.SHA224 => "2.16.840.1.101.3.4.2.4",
        _ when mechanism == CKM.SHA256 => "2.16.840.1.101.3.4.2.1",
        _ when mechanism == CKM.SHA384 => "2.16.840.1.101.3.4.2.2",
        _ when mechanism == CKM.SHA512 => "2.16.840.1.101.3.4.2.3",
        _ => throw new CkException(CKR.MECHANISM_INVALID),
    };

    /// <summary>The DER DigestInfo that PKCS#1 v1.5 signs (RFC 8017 9.2).</summary>
    public static byte[] DigestInfo(nuint hashMechanism, byte[] hash)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(HashOid(hashMechanism));
                w.WriteNull();
            }
            w.WriteOctetString(hash);
        }
        return w.Encode();
    }

    /// <summary>The hash mechanism a PSS or OAEP parameter names (CKM_SHA*), checked.</summary>
    public static bool IsHash(ulong mechanism) => MechanismRules.Digests.Any(d => (ulong)d == mechanism);

    /// <summary>The MGF1 that goes with a hash (CKG_MGF1_SHA*).</summary>
    public static nuint MgfFor(nuint hash) => hash switch
    {
        _ when hash == CKM.SHA_1 => CKG.MGF1_SHA1,
        _ when hash == CKM.SHA224 => CKG.MGF1_SHA224,
        _ when hash == CKM.SHA256 => CKG.MGF1_SHA256,
        _ when hash == CKM.SHA384 => CKG.MGF1_SHA384,
        _ when hash == CKM.SHA512 => CKG.MGF1_SHA512,
        _ => 0,
    };

    /// <summary>The hash of an MGF1 variant (CKG_MGF1_SHA*), or 0 for one the module does not offer.</summary>
    public static nuint HashForMgf(ulong mgf) => MechanismRules.Digests.FirstOrDefault(d => (ulong)MgfFor(d) == mgf);

    /// <summary>The size in bits of an RSA key's modulus (CKA_MODULUS, leading zero bytes ignored).</summary>
    public static int ModulusBits(IReadOnlyList<P11Attribute> key)
    {
        var modulus = Templates.Find(key, CKA.MODULUS)?.Value ?? throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "no modulus");
        int start = 0;
        while (start < modulus.Length && modulus[start] == 0) start++;
        if (start == modulus.Length) throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "zero modulus");
        return (modulus.Length - start - 1) * 8 + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[start]));
    }

    /// <summary>The length of a signature by this key: the modulus length, twice the field size, or 64 for Ed25519.</summary>
    public static int SignatureLength(IReadOnlyList<P11Attribute> key)
    {
        var type = Templates.ULong(key, CKA.KEY_TYPE);
        if (type == CKK.RSA)
        {
            var modulus = Templates.Find(key, CKA.MODULUS)?.Value ?? throw new CkException(CKR.KEY_HANDLE_INVALID, "no modulus");
            int start = 0;
            while (start < modulus.Length - 1 && modulus[start] == 0) start++;
            return modulus.Length - start;
        }
        if (type == CKK.EC_EDWARDS) return 64;
        if (type == CKK.EC) return 2 * ((CurveBits(key) + 7) / 8);
        throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
    }

    /// <summary>The field size of a key's named curve, from CKA_EC_PARAMS (the DER OID or a PrintableString name).</summary>
    public static int CurveBits(IReadOnlyList<P11Attribute> key)
    {
        var p = Templates.Find(key, CKA.EC_PARAMS)?.Value ?? throw new CkException(CKR.KEY_HANDLE_INVALID, "no EC params");
        string? name = null;
        try
        {
            var reader = new AsnReader(p, AsnEncodingRules.DER);
            var tag = reader.PeekTag();
            name = tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? reader.ReadObjectIdentifier() : reader.ReadCharacterString(UniversalTagNumber.PrintableString);
        }
        catch (AsnContentException)
        {
        }
        return name switch
        {
            "1.2.840.10045.3.1.7" or "prime256v1" or "secp256r1" => 256,
            "1.3.132.0.34" or "secp384r1" => 384,
            "1.3.132.0.35" or "secp521r1" => 521,
            "1.3.101.112" or "edwards25519" => 255,
            _ => throw new CkException(CKR.CURVE_NOT_SUPPORTED),
        };
    }
}
