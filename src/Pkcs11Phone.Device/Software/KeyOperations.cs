using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Software;

/// <summary>
/// The private-key operations of the software token, all with BouncyCastle. They are split in two: <see cref="Check"/>
/// validates the mechanism, its parameters and the data length from public information (before the key is decrypted),
/// then <see cref="Sign"/> or <see cref="Decrypt"/> does the work.
/// </summary>
internal static class KeyOperations
{
    /// <summary>BouncyCastle's view of the system generator (thread-safe, unlike a shared digest PRNG).</summary>
    private static readonly SecureRandom Random = new(new Org.BouncyCastle.Crypto.Prng.CryptoApiRandomGenerator());

    /// <summary>What a private key of a kind can do with a mechanism: sign, decrypt, or neither (null).</summary>
    public static bool? Supports(ulong mechanism, ObjectKind kind, bool sign) => (mechanism, sign) switch
    {
        (CKM.RSA_PKCS or CKM.RSA_X_509, _) => kind == ObjectKind.RsaPrivate,
        (CKM.RSA_PKCS_PSS, true) => kind == ObjectKind.RsaPrivate,
        (CKM.RSA_PKCS_OAEP, false) => kind == ObjectKind.RsaPrivate,
        (CKM.ECDSA, true) => kind == ObjectKind.EcPrivate,
        (CKM.EDDSA, true) => kind == ObjectKind.EdPrivate,
        _ => null,
    };

    /// <summary>
    /// Checks the parameters and the data length of an operation with a key of <paramref name="keyBytes"/> bytes
    /// (the modulus length for RSA, the field length for EC). Returns CKR_OK or the error.
    /// </summary>
    public static ulong Check(P11Mechanism m, bool sign, int keyBytes, int keyBits, int dataLength)
    {
        switch (m.Type)
        {
            case CKM.RSA_PKCS:
                if (!NoParameters(m)) return CKR.MECHANISM_PARAM_INVALID;
                if (sign) return dataLength <= keyBytes - 11 ? CKR.OK : CKR.DATA_LEN_RANGE;
                return dataLength == keyBytes ? CKR.OK : CKR.ENCRYPTED_DATA_LEN_RANGE;
            case CKM.RSA_X_509:
                if (!NoParameters(m)) return CKR.MECHANISM_PARAM_INVALID;
                if (dataLength <= keyBytes && dataLength > 0) return CKR.OK;
                return sign ? CKR.DATA_LEN_RANGE : CKR.ENCRYPTED_DATA_LEN_RANGE;
            case CKM.RSA_PKCS_PSS:
            {
                if (m.Numbers.Length != 3 || m.Data.Length != 0) return CKR.MECHANISM_PARAM_INVALID;
                if (DigestSize(m.Numbers[0]) is not { } hLen || MgfDigest(m.Numbers[1]) is null) return CKR.MECHANISM_PARAM_INVALID;
                int emLen = (keyBits - 1 + 7) / 8;
                if (m.Numbers[2] > (ulong)Math.Max(0, emLen - hLen - 2)) return CKR.MECHANISM_PARAM_INVALID;
                return dataLength == hLen ? CKR.OK : CKR.DATA_LEN_RANGE;
            }
            case CKM.RSA_PKCS_OAEP:
            {
                if (m.Numbers.Length != 3) return CKR.MECHANISM_PARAM_INVALID;
                if (DigestSize(m.Numbers[0]) is not { } hLen || MgfDigest(m.Numbers[1]) is null) return CKR.MECHANISM_PARAM_INVALID;
                bool sourceOk = m.Numbers[2] == CKZ.DATA_SPECIFIED || (m.Numbers[2] == 0 && m.Data.Length == 0);
                if (!sourceOk || keyBytes < 2 * hLen + 2) return CKR.MECHANISM_PARAM_INVALID;
                return dataLength == keyBytes ? CKR.OK : CKR.ENCRYPTED_DATA_LEN_RANGE;
            }
            case CKM.ECDSA:
                if (!NoParameters(m)) return CKR.MECHANISM_PARAM_INVALID;
                return dataLength is > 0 and <= 1024 ? CKR.OK : CKR.DATA_LEN_RANGE;
            case CKM.EDDSA:
                // Ed25519 (pure) only: no CK_EDDSA_PARAMS, or one that asks for neither prehash nor context.
                bool pure = m.Numbers.Length == 0 || (m.Numbers.Length <= 2 && m.Numbers.All(n => n == 0));
                return pure && m.Data.Length == 0 ? CKR.OK : CKR.MECHANISM_PARAM_INVALID;
            default:
                return CKR.MECHANISM_INVALID;
        }
    }

    public static P11Result<byte[]> Sign(AsymmetricKeyParameter key, P11Mechanism m, byte[] data, int keyBytes)
    {
        try
        {
            switch (m.Type)
            {
                case CKM.RSA_PKCS:
                {
                    var pkcs1 = new Pkcs1Encoding(new RsaBlindedEngine());
                    pkcs1.Init(true, new ParametersWithRandom(key, Random));
                    return P11Result<byte[]>.Success(LeftPad(pkcs1.ProcessBlock(data, 0, data.Length), keyBytes));
                }
                case CKM.RSA_X_509:
                    return Raw(key, data, keyBytes, CKR.DATA_INVALID);
                case CKM.RSA_PKCS_PSS:
                {
                    var signer = PssSigner.CreateRawSigner(new RsaBlindedEngine(), Digest(m.Numbers[0])!, MgfDigest(m.Numbers[1])!,
                        (int)m.Numbers[2], PssSigner.TrailerImplicit);
                    signer.Init(true, new ParametersWithRandom(key, Random));
                    signer.BlockUpdate(data, 0, data.Length);
                    return P11Result<byte[]>.Success(LeftPad(signer.GenerateSignature(), keyBytes));
                }
                case CKM.ECDSA:
                {
                    var ec = (ECPrivateKeyParameters)key;
                    var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
                    signer.Init(true, ec);
                    var rs = signer.GenerateSignature(data);
                    int size = (ec.Parameters.Curve.FieldSize + 7) / 8;
                    return P11Result<byte[]>.Success([.. BigIntegers.AsUnsignedByteArray(size, rs[0]), .. BigIntegers.AsUnsignedByteArray(size, rs[1])]);
                }
                case CKM.EDDSA:
                {
                    var signer = new Ed25519Signer();
                    signer.Init(true, key);
                    signer.BlockUpdate(data, 0, data.Length);
                    return P11Result<byte[]>.Success(signer.GenerateSignature());
                }
                default:
                    return CKR.MECHANISM_INVALID;
            }
        }
        catch (DataLengthException)
        {
            return CKR.DATA_LEN_RANGE;
        }
        catch (CryptoException)
        {
            return CKR.FUNCTION_FAILED;
        }
    }

    public static P11Result<byte[]> Decrypt(AsymmetricKeyParameter key, P11Mechanism m, byte[] data, int keyBytes)
    {
        try
        {
            switch (m.Type)
            {
                case CKM.RSA_PKCS:
                {
                    var pkcs1 = new Pkcs1Encoding(new RsaBlindedEngine());
                    pkcs1.Init(false, new ParametersWithRandom(key, Random));
                    return P11Result<byte[]>.Success(pkcs1.ProcessBlock(data, 0, data.Length));
                }
                case CKM.RSA_X_509:
                    return Raw(key, data, keyBytes, CKR.ENCRYPTED_DATA_INVALID);
                case CKM.RSA_PKCS_OAEP:
                {
                    var oaep = new OaepEncoding(new RsaBlindedEngine(), Digest(m.Numbers[0])!, MgfDigest(m.Numbers[1])!, m.Data);
                    oaep.Init(false, new ParametersWithRandom(key, Random));
                    return P11Result<byte[]>.Success(oaep.ProcessBlock(data, 0, data.Length));
                }
                default:
                    return CKR.MECHANISM_INVALID;
            }
        }
        catch (InvalidCipherTextException)
        {
            return CKR.ENCRYPTED_DATA_INVALID;
        }
        catch (DataLengthException)
        {
            return CKR.ENCRYPTED_DATA_INVALID;
        }
    }

    /// <summary>Raw RSA with the private key (CKM_RSA_X_509): the input must be smaller than the modulus.</summary>
    private static P11Result<byte[]> Raw(AsymmetricKeyParameter key, byte[] data, int keyBytes, ulong tooLarge)
    {
        var rsa = (RsaKeyParameters)key;
        if (new BigInteger(1, data).CompareTo(rsa.Modulus) >= 0) return tooLarge;
        var engine = new RsaBlindedEngine();
        engine.Init(true, new ParametersWithRandom(key, Random));
        return P11Result<byte[]>.Success(LeftPad(engine.ProcessBlock(data, 0, data.Length), keyBytes));
    }

    private static byte[] LeftPad(byte[] b, int length)
    {
        if (b.Length >= length) return b;
        var r = new byte[length];
        b.CopyTo(r, length - b.Length);
        return r;
    }

    private static bool NoParameters(P11Mechanism m) => m.Numbers.Length == 0 && m.Data.Length == 0;

    private static int? DigestSize(ulong hashMechanism) => Digest(hashMechanism)?.GetDigestSize();

    private static IDigest? Digest(ulong hashMechanism) => hashMechanism switch
    {
        CKM.SHA_1 => new Sha1Digest(),
        CKM.SHA224 => new Sha224Digest(),
        CKM.SHA256 => new Sha256Digest(),
        CKM.SHA384 => new Sha384Digest(),
        CKM.SHA512 => new Sha512Digest(),
        _ => null,
    };

    private static IDigest? MgfDigest(ulong mgf) => mgf switch
    {
        CKG.MGF1_SHA1 => new Sha1Digest(),
        CKG.MGF1_SHA224 => new Sha224Digest(),
        CKG.MGF1_SHA256 => new Sha256Digest(),
        CKG.MGF1_SHA384 => new Sha384Digest(),
        CKG.MGF1_SHA512 => new Sha512Digest(),
        _ => null,
    };
}
