using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Pkcs11Phone.Module;

/// <summary>
/// The public halves the computer performs itself, from an object's public components (a public key, or the
/// public attributes of a private key): signature verification and RSA encryption. RSA goes through
/// BouncyCastle (it has SHA-224, OAEP labels and any PSS salt length), ECDSA through System.Security.Cryptography,
/// Ed25519 through BouncyCastle. Malformed key material gives CKR_KEY_TYPE_INCONSISTENT.
/// </summary>
internal static class PublicKeys
{
    private static readonly SecureRandom Random = new();

    // ---- Keys ----

    /// <summary>
    /// RSA keys already made. BouncyCastle checks every modulus it is given (a probabilistic compositeness test, tens of
    /// milliseconds for 2048 bits), and an operation needs its key at Init and again at the end: each key is checked once.
    /// </summary>
    private static readonly Dictionary<string, RsaKeyParameters> RsaKeys = [];
    private static readonly Lock RsaKeysLock = new();
    private const int MaxRsaKeys = 64;

    /// <summary>The RSA public key in CKA_MODULUS and CKA_PUBLIC_EXPONENT.</summary>
    public static RsaKeyParameters Rsa(IReadOnlyList<P11Attribute> key)
    {
        var n = Templates.Find(key, CKA.MODULUS)?.Value;
        var e = Templates.Find(key, CKA.PUBLIC_EXPONENT)?.Value;
        if (n is not { Length: > 0 } || e is not { Length: > 0 }) throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "no RSA public components");
        var name = Convert.ToHexString(e) + ":" + Convert.ToHexString(n);
        lock (RsaKeysLock)
        {
            if (RsaKeys.TryGetValue(name, out var known)) return known;
        }
        RsaKeyParameters made;
        try
        {
            made = new RsaKeyParameters(false, new BigInteger(1, n), new BigInteger(1, e));
        }
        catch (ArgumentException x)
        {
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "RSA public key: " + x.Message);
        }
        lock (RsaKeysLock)
        {
            if (RsaKeys.Count >= MaxRsaKeys) RsaKeys.Clear();
            RsaKeys[name] = made;
        }
        return made;
    }

    /// <summary>The modulus length in bytes (the length of every RSA signature and ciphertext of this key).</summary>
    public static int RsaLength(IReadOnlyList<P11Attribute> key) => (LocalCrypto.ModulusBits(key) + 7) / 8;

    /// <summary>The field size of an EC key's curve in bytes (half an ECDSA signature).</summary>
    public static int EcFieldBytes(IReadOnlyList<P11Attribute> key) => (CurveOf(key).Bits + 7) / 8;

    private static (ECCurve Curve, int Bits) CurveOf(IReadOnlyList<P11Attribute> key) => LocalCrypto.CurveBits(key) switch
    {
        256 => (ECCurve.NamedCurves.nistP256, 256),
        384 => (ECCurve.NamedCurves.nistP384, 384),
        521 => (ECCurve.NamedCurves.nistP521, 521),
        _ => throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "not a Weierstrass curve"),
    };

    /// <summary>An ECDSA verifier for the point in CKA_EC_POINT on the curve of CKA_EC_PARAMS (uncompressed points).</summary>
    public static ECDsa EcDsa(IReadOnlyList<P11Attribute> key)
    {
        var (curve, bits) = CurveOf(key);
        int size = (bits + 7) / 8;
        var point = EcPoint(key, 1 + 2 * size, uncompressed: true);
        try
        {
            return ECDsa.Create(new ECParameters
            {
                Curve = curve,
                Q = new ECPoint { X = point[1..(1 + size)], Y = point[(1 + size)..] },
            });
        }
        catch (CryptographicException)
        {
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "EC point not on the curve");
        }
    }

    /// <summary>The Ed25519 public key in CKA_EC_POINT (CKA_EC_PARAMS must name edwards25519).</summary>
    public static Ed25519PublicKeyParameters Ed25519(IReadOnlyList<P11Attribute> key)
    {
        if (LocalCrypto.CurveBits(key) != 255) throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "not edwards25519");
        var point = EcPoint(key, Ed25519PublicKeyParameters.KeySize, uncompressed: false);
        try
        {
            return new Ed25519PublicKeyParameters(point);
        }
        catch (ArgumentException)
        {
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "Ed25519 public key");
        }
    }

    /// <summary>
    /// CKA_EC_POINT: a DER OCTET STRING around the encoded point (as PKCS#11 says), or the encoded point itself (as
    /// some applications give it). <paramref name="length"/> is the length of the encoded point.
    /// </summary>
    public static byte[] EcPoint(IReadOnlyList<P11Attribute> key, int length, bool uncompressed)
    {
        var value = Templates.Find(key, CKA.EC_POINT)?.Value ?? throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "no EC point");
        bool Fits(byte[] p) => p.Length == length && (!uncompressed || p[0] == 0x04);
        try
        {
            var reader = new AsnReader(value, AsnEncodingRules.BER);
            var inner = reader.ReadOctetString();
            if (!reader.HasData && Fits(inner)) return inner;
        }
        catch (AsnContentException)
        {
        }
        return Fits(value) ? value : throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "malformed EC point");
    }

    /// <summary>Checks that an object has usable public components for a mechanism (at C_VerifyInit and C_EncryptInit).</summary>
    public static void Check(IReadOnlyList<P11Attribute> key, nuint keyType)
    {
        if (keyType == CKK.RSA) _ = Rsa(key);
        else if (keyType == CKK.EC) EcDsa(key).Dispose();
        else if (keyType == CKK.EC_EDWARDS) _ = Ed25519(key);
        else throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
    }

    // ---- Verification ----

    /// <summary>
    /// Verifies a signature: <paramref name="input"/> is what the signer signed (a DigestInfo or data for
    /// CKM_RSA_PKCS, the data for CKM_RSA_X_509 and CKM_EDDSA, a hash for PSS and ECDSA). Throws
    /// CKR_SIGNATURE_LEN_RANGE or CKR_SIGNATURE_INVALID.
    /// </summary>
    public static void Verify(IReadOnlyList<P11Attribute> key, P11Mechanism phone, byte[] input, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != LocalCrypto.SignatureLength(key)) throw new CkException(CKR.SIGNATURE_LEN_RANGE);
        var sig = signature.ToArray();
        bool ok;
        try
        {
            ok = (nuint)phone.Type switch
            {
                var m when m == CKM.RSA_PKCS => Pkcs1(key, input, sig),
                var m when m == CKM.RSA_X_509 => Raw(key, input, sig),
                var m when m == CKM.RSA_PKCS_PSS => Pss(key, phone, input, sig),
                var m when m == CKM.ECDSA => Ecdsa(key, input, sig),
                var m when m == CKM.EDDSA => Eddsa(key, input, sig),
                _ => throw new CkException(CKR.MECHANISM_INVALID),
            };
        }
        catch (Exception e) when (e is CryptoException or DataLengthException or CryptographicException)
        {
            ok = false;
        }
        if (!ok) throw new CkException(CKR.SIGNATURE_INVALID);
    }

    private static bool Pkcs1(IReadOnlyList<P11Attribute> key, byte[] expected, byte[] signature)
    {
        var pkcs1 = new Pkcs1Encoding(new RsaEngine());
        pkcs1.Init(false, Rsa(key));
        var recovered = pkcs1.ProcessBlock(signature, 0, signature.Length);
        return CryptographicOperations.FixedTimeEquals(recovered, expected);
    }

    private static bool Raw(IReadOnlyList<P11Attribute> key, byte[] data, byte[] signature)
    {
        var engine = new RsaEngine();
        engine.Init(false, Rsa(key));
        var recovered = engine.ProcessBlock(signature, 0, signature.Length);
        int k = signature.Length;
        return CryptographicOperations.FixedTimeEquals(LeftPad(recovered, k), LeftPad(data, k));
    }

    private static bool Pss(IReadOnlyList<P11Attribute> key, P11Mechanism phone, byte[] hash, byte[] signature)
    {
        var signer = PssSigner.CreateRawSigner(new RsaEngine(), LocalCrypto.NewDigest((nuint)phone.Numbers[0]),
            LocalCrypto.NewDigest(LocalCrypto.HashForMgf(phone.Numbers[1])), (int)phone.Numbers[2], PssSigner.TrailerImplicit);
        signer.Init(false, Rsa(key));
        signer.BlockUpdate(hash, 0, hash.Length);
        return signer.VerifySignature(signature);
    }

    private static bool Ecdsa(IReadOnlyList<P11Attribute> key, byte[] hash, byte[] signature)
    {
        using var ecdsa = EcDsa(key);
        return ecdsa.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static bool Eddsa(IReadOnlyList<P11Attribute> key, byte[] data, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, Ed25519(key));
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature);
    }

    // ---- RSA encryption ----

    /// <summary>The most plaintext bytes one RSA encryption takes with these parameters and a key of <paramref name="k"/> bytes.</summary>
    public static int MaxPlaintext(P11Mechanism m, int k)
    {
        nuint type = (nuint)m.Type;
        if (type == CKM.RSA_PKCS) return k - 11;
        if (type == CKM.RSA_PKCS_OAEP) return k - 2 * LocalCrypto.HashLength((nuint)m.Numbers[0]) - 2;
        return k;
    }

    /// <summary>Encrypts with the public key: CKM_RSA_PKCS, CKM_RSA_PKCS_OAEP (hash, MGF, source; label in Data), CKM_RSA_X_509.</summary>
    public static byte[] Encrypt(IReadOnlyList<P11Attribute> key, P11Mechanism m, byte[] data)
    {
        var rsa = Rsa(key);
        int k = RsaLength(key);
        if (data.Length > MaxPlaintext(m, k)) throw new CkException(CKR.DATA_LEN_RANGE);
        nuint type = (nuint)m.Type;
        IAsymmetricBlockCipher cipher;
        if (type == CKM.RSA_PKCS) cipher = new Pkcs1Encoding(new RsaEngine());
        else if (type == CKM.RSA_PKCS_OAEP)
            cipher = new OaepEncoding(new RsaEngine(), LocalCrypto.NewDigest((nuint)m.Numbers[0]),
                LocalCrypto.NewDigest(LocalCrypto.HashForMgf(m.Numbers[1])), m.Data);
        else if (type == CKM.RSA_X_509) cipher = new RsaEngine();
        else throw new CkException(CKR.MECHANISM_INVALID);
        try
        {
            cipher.Init(true, new ParametersWithRandom(rsa, Random));
            return LeftPad(cipher.ProcessBlock(data, 0, data.Length), k);
        }
        catch (DataLengthException)
        {
            // Raw RSA: the data, as a number, is not below the modulus (or is 0 or 1).
            throw new CkException(type == CKM.RSA_X_509 ? CKR.DATA_INVALID : CKR.DATA_LEN_RANGE);
        }
        catch (CryptoException)
        {
            throw new CkException(CKR.DATA_INVALID);
        }
    }

    private static byte[] LeftPad(byte[] b, int length)
    {
        if (b.Length >= length) return b;
        var r = new byte[length];
        b.CopyTo(r, length - b.Length);
        return r;
    }
}
