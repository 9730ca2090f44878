using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using NUnit.Framework;
using P = Pkcs11Phone.Interop;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// The cryptographic functions of the published module, through Pkcs11Interop's high-level API (and, for the
/// corners the high-level API hides — length queries, short buffers, operation state — the module's C functions
/// called directly on the same sessions and objects). Every result is checked against an independent
/// implementation: System.Security.Cryptography, and BouncyCastle where .NET has no such algorithm (SHA-224, raw RSA,
/// OAEP labels, Ed25519).
///
/// Two kinds of keys: software keys made here and imported as public session objects (these tests need only the
/// module), and keys generated on the phone's token (these need the phone's key store: C_InitToken, C_InitPIN,
/// C_Login, C_GenerateKeyPair). When the token cannot do that, the token tests fail saying why.
/// </summary>
[TestFixture, NonParallelizable]
public sealed unsafe class CryptoTests
{
    private const string SoPin = "so-pin-4711", UserPin = "user-pin-0815", Label = "Crypto phone";
    // PKCS#11 v3.0 values that Pkcs11Interop 5.3.0 (v2.40) does not name.
    private const CKM EcEdwardsKeyPairGen = (CKM)0x1055, Eddsa = (CKM)0x1057;
    private const CKK CkkEcEdwards = (CKK)0x40;

    private static readonly byte[] Message = "The quick brown fox jumps over the lazy dog, signed on a phone."u8.ToArray();
    private static readonly byte[] P256Params = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    private static readonly byte[] Ed25519Params = [0x06, 0x03, 0x2B, 0x65, 0x70];

    private PhoneHarness _phone = null!;
    private Pkcs11InteropFactories _factories = null!;
    private IPkcs11Library _lib = null!;
    private ISlot _slot = null!;
    private ISession _session = null!;
    private RawModule _raw = null!;

    /// <summary>Why the phone's token could not be prepared (null when it was).</summary>
    private string? _tokenProblem;
    private TokenKeys? _token;

    /// <summary>Software keys made in this process; their public halves are imported into the module.</summary>
    private RSA _rsa = null!;
    private ECDsa _ec = null!;
    private Ed25519PrivateKeyParameters _ed = null!;
    private IObjectHandle _rsaPublic = null!, _ecPublic = null!, _ecPublicRaw = null!, _edPublic = null!;

    private sealed record TokenKeys(
        IObjectHandle RsaPublic, IObjectHandle RsaPrivate, IObjectHandle EcPublic, IObjectHandle EcPrivate,
        IObjectHandle EdPublic, IObjectHandle EdPrivate, RSA Rsa, ECDsa Ec, Ed25519PublicKeyParameters Ed);

    [OneTimeSetUp]
    public void Start()
    {
        _phone = new PhoneHarness("--label", Label);
        _phone.ApplyToProcess();
        _factories = new Pkcs11InteropFactories();
        _lib = _factories.Pkcs11LibraryFactory.LoadPkcs11Library(_factories, Repo.Module, AppType.MultiThreaded);
        List<ISlot> slots = [];
        PhoneHarness.WaitFor(() => (slots = _lib.GetSlotList(SlotsType.WithTokenPresent)).Count > 0, TimeSpan.FromSeconds(15), "the phone's token did not appear");
        _slot = slots[0];
        _raw = new RawModule(Repo.Module);
        try
        {
            _token = PrepareToken();
        }
        catch (Pkcs11Exception e)
        {
            _tokenProblem = $"{e.Method} returned {e.RV}";
            TestContext.Progress.WriteLine("the phone's token could not be prepared: " + _tokenProblem);
            _session ??= _slot.OpenSession(SessionType.ReadWrite);
        }
        ImportSoftwareKeys();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        try { _session?.Dispose(); } catch (Pkcs11Exception) { }
        _lib?.Dispose();
        _rsa?.Dispose();
        _ec?.Dispose();
        _token?.Rsa.Dispose();
        _token?.Ec.Dispose();
        _phone?.Dispose();
    }

    /// <summary>Whatever a failed test left under way is cancelled, so the next test starts clean.</summary>
    [TearDown]
    public void CancelOperations() =>
        _raw.SessionCancel(Session, P.CKF.ENCRYPT | P.CKF.DECRYPT | P.CKF.DIGEST | P.CKF.SIGN | P.CKF.VERIFY | P.CKF.FIND_OBJECTS);

    private nuint Session => (nuint)_session.SessionId;

    private TokenKeys Token => _token ?? throw new AssertionException(
        $"the phone's token cannot make keys yet ({_tokenProblem}): this test needs C_InitToken, C_InitPIN, C_Login and C_GenerateKeyPair on the phone");

    // ---- Fixture ----

    /// <summary>Initializes the token, sets the user PIN as SO, logs the user in, and generates RSA-2048, P-256 and Ed25519 pairs on the phone.</summary>
    private TokenKeys PrepareToken()
    {
        _slot.InitToken(SoPin, Label);
        _session = _slot.OpenSession(SessionType.ReadWrite);
        _session.Login(CKU.CKU_SO, SoPin);
        _session.InitPin(UserPin);
        _session.Logout();
        _session.Login(CKU.CKU_USER, UserPin);

        var a = _session.Factories.ObjectAttributeFactory;
        _session.GenerateKeyPair(_session.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
            [
                a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_ID, [1]), a.Create(CKA.CKA_LABEL, "rsa"),
                a.Create(CKA.CKA_MODULUS_BITS, 2048UL), a.Create(CKA.CKA_PUBLIC_EXPONENT, [1, 0, 1]),
                a.Create(CKA.CKA_VERIFY, true), a.Create(CKA.CKA_ENCRYPT, true), a.Create(CKA.CKA_WRAP, true),
            ],
            [
                a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_ID, [1]), a.Create(CKA.CKA_LABEL, "rsa"), a.Create(CKA.CKA_PRIVATE, true),
                a.Create(CKA.CKA_SENSITIVE, true), a.Create(CKA.CKA_SIGN, true), a.Create(CKA.CKA_DECRYPT, true), a.Create(CKA.CKA_UNWRAP, true),
            ],
            out var rsaPublic, out var rsaPrivate);
        _session.GenerateKeyPair(_session.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_ID, [2]), a.Create(CKA.CKA_EC_PARAMS, P256Params), a.Create(CKA.CKA_VERIFY, true)],
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_ID, [2]), a.Create(CKA.CKA_PRIVATE, true), a.Create(CKA.CKA_SIGN, true)],
            out var ecPublic, out var ecPrivate);
        _session.GenerateKeyPair(_session.Factories.MechanismFactory.Create(EcEdwardsKeyPairGen),
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_ID, [3]), a.Create(CKA.CKA_EC_PARAMS, Ed25519Params), a.Create(CKA.CKA_VERIFY, true)],
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_ID, [3]), a.Create(CKA.CKA_PRIVATE, true), a.Create(CKA.CKA_SIGN, true)],
            out var edPublic, out var edPrivate);

        // The public halves, read back through the module, for the independent implementations.
        var rsaValues = _session.GetAttributeValue(rsaPublic, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = rsaValues[0].GetValueAsByteArray(), Exponent = rsaValues[1].GetValueAsByteArray() });
        var ecPoint = OctetString(_session.GetAttributeValue(ecPublic, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray());
        Assert.That(ecPoint, Has.Length.EqualTo(65), "P-256 EC_POINT");
        Assert.That(ecPoint[0], Is.EqualTo(4), "an uncompressed point");
        var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = ecPoint[1..33], Y = ecPoint[33..] } });
        var edPoint = OctetString(_session.GetAttributeValue(edPublic, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray());
        Assert.That(edPoint, Has.Length.EqualTo(32), "Ed25519 EC_POINT");
        return new TokenKeys(rsaPublic, rsaPrivate, ecPublic, ecPrivate, edPublic, edPrivate, rsa, ec, new Ed25519PublicKeyParameters(edPoint));
    }

    /// <summary>Software RSA-2048, P-256 and Ed25519 keys, whose public halves become public session objects in the module.</summary>
    private void ImportSoftwareKeys()
    {
        _rsa = RSA.Create(2048);
        _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var edGenerator = new Ed25519KeyPairGenerator();
        edGenerator.Init(new Ed25519KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom()));
        _ed = (Ed25519PrivateKeyParameters)edGenerator.GenerateKeyPair().Private;

        var a = _session.Factories.ObjectAttributeFactory;
        var rsaParameters = _rsa.ExportParameters(false);
        _rsaPublic = _session.CreateObject(
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), a.Create(CKA.CKA_KEY_TYPE, CKK.CKK_RSA), a.Create(CKA.CKA_TOKEN, false),
            a.Create(CKA.CKA_PRIVATE, false), a.Create(CKA.CKA_MODULUS, rsaParameters.Modulus!), a.Create(CKA.CKA_PUBLIC_EXPONENT, rsaParameters.Exponent!),
            a.Create(CKA.CKA_VERIFY, true), a.Create(CKA.CKA_ENCRYPT, true),
        ]);
        var q = _ec.ExportParameters(false).Q;
        byte[] point = [0x04, .. q.X!, .. q.Y!];
        _ecPublic = ImportEc(P256Params, DerOctetString(point));
        _ecPublicRaw = ImportEc(P256Params, point);
        _edPublic = ImportEc(Ed25519Params, DerOctetString(_ed.GeneratePublicKey().GetEncoded()), CkkEcEdwards);
    }

    private IObjectHandle ImportEc(byte[] ecParams, byte[] ecPoint, CKK type = CKK.CKK_EC, bool verify = true)
    {
        var a = _session.Factories.ObjectAttributeFactory;
        return _session.CreateObject(
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), a.Create(CKA.CKA_KEY_TYPE, type), a.Create(CKA.CKA_TOKEN, false),
            a.Create(CKA.CKA_PRIVATE, false), a.Create(CKA.CKA_EC_PARAMS, ecParams), a.Create(CKA.CKA_EC_POINT, ecPoint),
            a.Create(CKA.CKA_VERIFY, verify),
        ]);
    }

    /// <summary>A session AES key made here (public, so that it needs no login).</summary>
    private IObjectHandle ImportAes(byte[] value, bool encrypt = true, bool decrypt = true)
    {
        var a = _session.Factories.ObjectAttributeFactory;
        return _session.CreateObject(
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY), a.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES), a.Create(CKA.CKA_TOKEN, false),
            a.Create(CKA.CKA_PRIVATE, false), a.Create(CKA.CKA_VALUE, value), a.Create(CKA.CKA_ENCRYPT, encrypt), a.Create(CKA.CKA_DECRYPT, decrypt),
        ]);
    }

    private IMechanism Mechanism(CKM type) => _session.Factories.MechanismFactory.Create(type);

    private IMechanism Mechanism(CKM type, byte[] parameter) => _session.Factories.MechanismFactory.Create(type, parameter);

    private IMechanism Oaep(CKM hash, CKG mgf, byte[]? label) => _session.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_OAEP,
        _session.Factories.MechanismParamsFactory.CreateCkRsaPkcsOaepParams((ulong)hash, (ulong)mgf, CKZ.CKZ_DATA_SPECIFIED, label));

    private IMechanism Gcm(byte[] iv, byte[] aad, ulong tagBits) => _session.Factories.MechanismFactory.Create(CKM.CKM_AES_GCM,
        _session.Factories.MechanismParamsFactory.CreateCkGcmParams(iv, (ulong)iv.Length * 8, aad, tagBits));

    // ---- Signing mechanisms: what is signed, and an independent signer and verifier for each ----

    public static readonly CKM[] SignMechanisms =
    [
        CKM.CKM_RSA_PKCS, CKM.CKM_RSA_X_509,
        CKM.CKM_SHA1_RSA_PKCS, CKM.CKM_SHA224_RSA_PKCS, CKM.CKM_SHA256_RSA_PKCS, CKM.CKM_SHA384_RSA_PKCS, CKM.CKM_SHA512_RSA_PKCS,
        CKM.CKM_RSA_PKCS_PSS,
        CKM.CKM_SHA1_RSA_PKCS_PSS, CKM.CKM_SHA224_RSA_PKCS_PSS, CKM.CKM_SHA256_RSA_PKCS_PSS, CKM.CKM_SHA384_RSA_PKCS_PSS, CKM.CKM_SHA512_RSA_PKCS_PSS,
        CKM.CKM_ECDSA, CKM.CKM_ECDSA_SHA1, CKM.CKM_ECDSA_SHA224, CKM.CKM_ECDSA_SHA256, CKM.CKM_ECDSA_SHA384, CKM.CKM_ECDSA_SHA512,
        Eddsa,
    ];

    public enum KeyKind { Rsa, Ec, Ed }

    private static KeyKind KindOf(CKM m) => m switch
    {
        Eddsa => KeyKind.Ed,
        CKM.CKM_ECDSA or CKM.CKM_ECDSA_SHA1 or CKM.CKM_ECDSA_SHA224 or CKM.CKM_ECDSA_SHA256 or CKM.CKM_ECDSA_SHA384 or CKM.CKM_ECDSA_SHA512 => KeyKind.Ec,
        _ => KeyKind.Rsa,
    };

    /// <summary>The hash of a hash-and-sign mechanism (or of the PSS parameters), or null for the raw mechanisms.</summary>
    private static CKM? HashOf(CKM m) => m switch
    {
        CKM.CKM_SHA1_RSA_PKCS or CKM.CKM_SHA1_RSA_PKCS_PSS or CKM.CKM_ECDSA_SHA1 => CKM.CKM_SHA_1,
        CKM.CKM_SHA224_RSA_PKCS or CKM.CKM_SHA224_RSA_PKCS_PSS or CKM.CKM_ECDSA_SHA224 => CKM.CKM_SHA224,
        CKM.CKM_SHA256_RSA_PKCS or CKM.CKM_SHA256_RSA_PKCS_PSS or CKM.CKM_ECDSA_SHA256 => CKM.CKM_SHA256,
        CKM.CKM_SHA384_RSA_PKCS or CKM.CKM_SHA384_RSA_PKCS_PSS or CKM.CKM_ECDSA_SHA384 => CKM.CKM_SHA384,
        CKM.CKM_SHA512_RSA_PKCS or CKM.CKM_SHA512_RSA_PKCS_PSS or CKM.CKM_ECDSA_SHA512 => CKM.CKM_SHA512,
        _ => null,
    };

    private static bool IsPss(CKM m) => m is CKM.CKM_RSA_PKCS_PSS or CKM.CKM_SHA1_RSA_PKCS_PSS or CKM.CKM_SHA224_RSA_PKCS_PSS
        or CKM.CKM_SHA256_RSA_PKCS_PSS or CKM.CKM_SHA384_RSA_PKCS_PSS or CKM.CKM_SHA512_RSA_PKCS_PSS;

    /// <summary>The mechanism with its parameters: PSS with the mechanism's hash (SHA-256 for raw PSS), the matching MGF1, salt = hash length.</summary>
    private IMechanism SignMechanism(CKM m)
    {
        if (!IsPss(m)) return Mechanism(m);
        var hash = HashOf(m) ?? CKM.CKM_SHA256;
        var p = _session.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)hash, (ulong)MgfOf(hash), (ulong)Hash(hash, []).Length);
        return _session.Factories.MechanismFactory.Create(m, p);
    }

    private static CKG MgfOf(CKM hash) => hash switch
    {
        CKM.CKM_SHA_1 => CKG.CKG_MGF1_SHA1,
        CKM.CKM_SHA224 => CKG.CKG_MGF1_SHA224,
        CKM.CKM_SHA256 => CKG.CKG_MGF1_SHA256,
        CKM.CKM_SHA384 => CKG.CKG_MGF1_SHA384,
        _ => CKG.CKG_MGF1_SHA512,
    };

    /// <summary>Hashes with .NET, or BouncyCastle for SHA-224 (which .NET does not have).</summary>
    private static byte[] Hash(CKM hash, byte[] data) => hash switch
    {
        CKM.CKM_SHA_1 => SHA1.HashData(data),
        CKM.CKM_SHA224 => BcDigest(new Sha224Digest(), data),
        CKM.CKM_SHA256 => SHA256.HashData(data),
        CKM.CKM_SHA384 => SHA384.HashData(data),
        CKM.CKM_SHA512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(hash)),
    };

    private static byte[] BcDigest(IDigest digest, byte[] data)
    {
        digest.BlockUpdate(data, 0, data.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    private static IDigest BcDigestFor(CKM hash) => hash switch
    {
        CKM.CKM_SHA_1 => new Sha1Digest(),
        CKM.CKM_SHA224 => new Sha224Digest(),
        CKM.CKM_SHA256 => new Sha256Digest(),
        CKM.CKM_SHA384 => new Sha384Digest(),
        _ => new Sha512Digest(),
    };

    private static HashAlgorithmName DotNetHash(CKM hash) => hash switch
    {
        CKM.CKM_SHA_1 => HashAlgorithmName.SHA1,
        CKM.CKM_SHA256 => HashAlgorithmName.SHA256,
        CKM.CKM_SHA384 => HashAlgorithmName.SHA384,
        CKM.CKM_SHA512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), "not in .NET"),
    };

    /// <summary>The DER DigestInfo of a SHA-256 hash (what CKM_RSA_PKCS signs for a SHA-256 signature).</summary>
    private static byte[] Sha256DigestInfo(byte[] data) =>
        [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20, .. SHA256.HashData(data)];

    /// <summary>What a mechanism gets as data: the message for hash-and-sign and EdDSA, else the prepared input.</summary>
    private static byte[] SignInput(CKM m, byte[] message) => m switch
    {
        CKM.CKM_RSA_PKCS => Sha256DigestInfo(message),
        CKM.CKM_RSA_X_509 => [0x00, 0x01, .. SHA512.HashData(message), .. new byte[254 - 64]],
        CKM.CKM_RSA_PKCS_PSS or CKM.CKM_ECDSA => SHA256.HashData(message),
        _ => message,
    };

    private static RsaKeyParameters BcPublic(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        return new RsaKeyParameters(false, new BcBigInteger(1, p.Modulus), new BcBigInteger(1, p.Exponent));
    }

    private static RsaPrivateCrtKeyParameters BcPrivate(RSA rsa)
    {
        var p = rsa.ExportParameters(true);
        BcBigInteger N(byte[]? b) => new(1, b);
        return new RsaPrivateCrtKeyParameters(N(p.Modulus), N(p.Exponent), N(p.D), N(p.P), N(p.Q), N(p.DP), N(p.DQ), N(p.InverseQ));
    }

    /// <summary>Verifies a signature without the module: .NET where it can, BouncyCastle for SHA-224, raw RSA and Ed25519.</summary>
    private static bool IndependentVerify(CKM m, byte[] message, byte[] signature, RSA rsa, ECDsa ec, Ed25519PublicKeyParameters ed)
    {
        var hash = HashOf(m);
        switch (KindOf(m))
        {
            case KeyKind.Ed:
            {
                var v = new Ed25519Signer();
                v.Init(false, ed);
                v.BlockUpdate(message, 0, message.Length);
                return v.VerifySignature(signature);
            }
            case KeyKind.Ec:
                return ec.VerifyHash(hash is { } h ? Hash(h, message) : SignInput(m, message), signature);
        }
        if (m == CKM.CKM_RSA_PKCS) return rsa.VerifyHash(SHA256.HashData(message), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (m == CKM.CKM_RSA_X_509)
        {
            var engine = new RsaEngine();
            engine.Init(false, BcPublic(rsa));
            var recovered = engine.ProcessBlock(signature, 0, signature.Length);
            var expected = SignInput(m, message);
            return recovered.AsSpan().SequenceEqual(expected.AsSpan(expected.Length - recovered.Length))
                && expected.AsSpan(0, expected.Length - recovered.Length).IndexOfAnyExcept((byte)0) < 0;
        }
        var hashAlg = hash ?? CKM.CKM_SHA256;
        var digest = Hash(hashAlg, message);
        if (hashAlg == CKM.CKM_SHA224)
        {
            ISigner signer = IsPss(m)
                ? new PssSigner(new RsaEngine(), new Sha224Digest(), 28)
                : new RsaDigestSigner(new Sha224Digest());
            signer.Init(false, BcPublic(rsa));
            signer.BlockUpdate(message, 0, message.Length);
            return signer.VerifySignature(signature);
        }
        return rsa.VerifyHash(digest, signature, DotNetHash(hashAlg), IsPss(m) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
    }

    /// <summary>Signs without the module, with the software keys.</summary>
    private byte[] IndependentSign(CKM m, byte[] message)
    {
        var hash = HashOf(m);
        switch (KindOf(m))
        {
            case KeyKind.Ed:
            {
                var s = new Ed25519Signer();
                s.Init(true, _ed);
                s.BlockUpdate(message, 0, message.Length);
                return s.GenerateSignature();
            }
            case KeyKind.Ec:
                return _ec.SignHash(hash is { } h ? Hash(h, message) : SignInput(m, message));
        }
        if (m == CKM.CKM_RSA_PKCS) return _rsa.SignHash(SHA256.HashData(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (m == CKM.CKM_RSA_X_509)
        {
            var engine = new RsaEngine();
            engine.Init(true, BcPrivate(_rsa));
            var block = SignInput(m, message);
            var signature = engine.ProcessBlock(block, 0, block.Length);
            return [.. new byte[256 - signature.Length], .. signature];
        }
        var hashAlg = hash ?? CKM.CKM_SHA256;
        if (hashAlg == CKM.CKM_SHA224)
        {
            ISigner signer = IsPss(m)
                ? new PssSigner(new RsaEngine(), new Sha224Digest(), 28)
                : new RsaDigestSigner(new Sha224Digest());
            signer.Init(true, new ParametersWithRandom(BcPrivate(_rsa), new Org.BouncyCastle.Security.SecureRandom()));
            signer.BlockUpdate(message, 0, message.Length);
            return signer.GenerateSignature();
        }
        return _rsa.SignHash(Hash(hashAlg, message), DotNetHash(hashAlg), IsPss(m) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
    }

    private bool ModuleVerify(CKM m, IObjectHandle key, byte[] data, byte[] signature)
    {
        _session.Verify(SignMechanism(m), key, data, signature, out bool valid);
        return valid;
    }

    private bool ModuleVerifyInParts(CKM m, IObjectHandle key, byte[] data, byte[] signature)
    {
        using var input = new MemoryStream(data);
        _session.Verify(SignMechanism(m), key, input, signature, out bool valid, 7);
        return valid;
    }

    private static byte[] Tampered(byte[] b, int at = 0)
    {
        var copy = (byte[])b.Clone();
        copy[at % copy.Length] ^= 0x01;
        return copy;
    }

    // ---- Verification with keys made here (the module alone) ----

    [TestCaseSource(nameof(SignMechanisms))]
    public void VerifiesSignaturesMadeElsewhere(CKM m)
    {
        var key = KindOf(m) switch { KeyKind.Rsa => _rsaPublic, KeyKind.Ec => _ecPublic, _ => _edPublic };
        var data = SignInput(m, Message);
        var signature = IndependentSign(m, Message);
        Assert.Multiple(() =>
        {
            Assert.That(ModuleVerify(m, key, data, signature), Is.True, "C_Verify");
            Assert.That(ModuleVerifyInParts(m, key, data, signature), Is.True, "C_VerifyUpdate/C_VerifyFinal");
            Assert.That(ModuleVerify(m, key, data, Tampered(signature, 17)), Is.False, "a changed signature");
            Assert.That(ModuleVerifyInParts(m, key, data, Tampered(signature, 5)), Is.False, "a changed signature, in parts");
            Assert.That(ModuleVerify(m, key, Tampered(data, 3), signature), Is.False, "changed data");
        });
    }

    [Test]
    public void AcceptsAnEcPointWithoutItsOctetString()
    {
        var hash = SHA256.HashData(Message);
        var signature = _ec.SignHash(hash);
        Assert.That(ModuleVerify(CKM.CKM_ECDSA, _ecPublicRaw, hash, signature), Is.True);
        Assert.That(ModuleVerify(CKM.CKM_ECDSA_SHA256, _ecPublicRaw, Message, signature), Is.True);
    }

    [TestCase("1.3.132.0.34", 48)]
    [TestCase("1.3.132.0.35", 66)]
    public void VerifiesEcdsaOnTheLargerCurves(string oid, int fieldBytes)
    {
        using var ec = ECDsa.Create(ECCurve.CreateFromValue(oid));
        var q = ec.ExportParameters(false).Q;
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        var point = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        point.WriteOctetString([0x04, .. q.X!, .. q.Y!]);
        var key = ImportEc(writer.Encode(), point.Encode());
        var signature = ec.SignHash(SHA512.HashData(Message));
        Assert.That(signature, Has.Length.EqualTo(2 * fieldBytes));
        Assert.That(ModuleVerify(CKM.CKM_ECDSA_SHA512, key, Message, signature), Is.True);
        Assert.That(ModuleVerify(CKM.CKM_ECDSA_SHA512, key, Message, Tampered(signature, 70)), Is.False);
    }

    [TestCase(KeyKind.Rsa, 255)]
    [TestCase(KeyKind.Rsa, 257)]
    [TestCase(KeyKind.Ec, 63)]
    [TestCase(KeyKind.Ed, 65)]
    public void ASignatureOfTheWrongLengthIsSignatureLenRange(KeyKind kind, int length)
    {
        var (m, key) = kind switch
        {
            KeyKind.Rsa => (CKM.CKM_SHA256_RSA_PKCS, _rsaPublic),
            KeyKind.Ec => (CKM.CKM_ECDSA_SHA256, _ecPublic),
            _ => (Eddsa, _edPublic),
        };
        var ex = Assert.Throws<Pkcs11Exception>(() => ModuleVerify(m, key, Message, new byte[length]));
        Assert.That(ex!.RV, Is.EqualTo(CKR.CKR_SIGNATURE_LEN_RANGE));
        // The operation ended with the error.
        Assert.That(_raw.VerifyFinal(Session, new byte[length]), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));
    }

    [Test]
    public void VerifyChecksMechanismKeyAndData()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.ECDSA, (nuint)_rsaPublic.ObjectId), Is.EqualTo(P.CKR.KEY_TYPE_INCONSISTENT), "ECDSA with an RSA key");
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.SHA256_RSA_PKCS, 0x7777), Is.EqualTo(P.CKR.KEY_HANDLE_INVALID), "no such key");
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.MD5_RSA_PKCS, (nuint)_rsaPublic.ObjectId), Is.EqualTo(P.CKR.MECHANISM_INVALID), "a mechanism not offered");
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.AES_CBC, (nuint)_rsaPublic.ObjectId, new byte[16]), Is.EqualTo(P.CKR.MECHANISM_INVALID), "a mechanism without verify");
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.SHA256_RSA_PKCS, (nuint)_rsaPublic.ObjectId, new byte[4]), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "a parameter where none belongs");
            var unusable = ImportEc(P256Params, DerOctetString([0x04, .. _ec.ExportParameters(false).Q.X!, .. _ec.ExportParameters(false).Q.Y!]), verify: false);
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.ECDSA, (nuint)unusable.ObjectId), Is.EqualTo(P.CKR.KEY_FUNCTION_NOT_PERMITTED), "CKA_VERIFY false");
        });

        // PSS: the hash of the parameters must be the mechanism's.
        var pss = new P.CK_RSA_PKCS_PSS_PARAMS { hashAlg = P.CKM.SHA_1, mgf = P.CKG.MGF1_SHA1, sLen = 20 };
        Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.SHA256_RSA_PKCS_PSS, (nuint)_rsaPublic.ObjectId, &pss, (nuint)sizeof(P.CK_RSA_PKCS_PSS_PARAMS)),
            Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID));

        // Raw PKCS#1 v1.5 takes at most k - 11 bytes.
        Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.RSA_PKCS, (nuint)_rsaPublic.ObjectId), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.RSA_PKCS, (nuint)_rsaPublic.ObjectId), Is.EqualTo(P.CKR.OPERATION_ACTIVE));
        Assert.That(_raw.Verify(Session, new byte[246], new byte[256]), Is.EqualTo(P.CKR.DATA_LEN_RANGE));
        Assert.That(_raw.Verify(Session, new byte[10], new byte[256]), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));
    }

    // ---- Signatures made on the phone ----

    [TestCaseSource(nameof(SignMechanisms))]
    public void TokenSignaturesVerifyInTheModuleAndElsewhere(CKM m)
    {
        var keys = Token;
        var (publicKey, privateKey) = KindOf(m) switch
        {
            KeyKind.Rsa => (keys.RsaPublic, keys.RsaPrivate),
            KeyKind.Ec => (keys.EcPublic, keys.EcPrivate),
            _ => (keys.EdPublic, keys.EdPrivate),
        };
        var data = SignInput(m, Message);
        var signature = _session.Sign(SignMechanism(m), privateKey, data);
        using var stream = new MemoryStream(data);
        var inParts = _session.Sign(SignMechanism(m), privateKey, stream, 5);
        Assert.Multiple(() =>
        {
            Assert.That(IndependentVerify(m, Message, signature, keys.Rsa, keys.Ec, keys.Ed), Is.True, "independent verification");
            Assert.That(IndependentVerify(m, Message, inParts, keys.Rsa, keys.Ec, keys.Ed), Is.True, "independent verification of a multi-part signature");
            Assert.That(ModuleVerify(m, publicKey, data, signature), Is.True, "C_Verify with the public key");
            Assert.That(ModuleVerify(m, privateKey, data, signature), Is.True, "C_Verify with the private key");
            Assert.That(ModuleVerifyInParts(m, publicKey, data, inParts), Is.True, "multi-part C_Verify");
            Assert.That(ModuleVerify(m, publicKey, data, Tampered(signature, 9)), Is.False, "a changed signature");
            Assert.That(IndependentVerify(m, Message, Tampered(signature, 9), keys.Rsa, keys.Ec, keys.Ed), Is.False, "a changed signature, independently");
            Assert.That(ModuleVerify(m, publicKey, Tampered(data, 1), signature), Is.False, "changed data");
        });
    }

    // ---- Digests ----

    public static readonly CKM[] DigestMechanisms = [CKM.CKM_SHA_1, CKM.CKM_SHA224, CKM.CKM_SHA256, CKM.CKM_SHA384, CKM.CKM_SHA512];

    [TestCaseSource(nameof(DigestMechanisms))]
    public void DigestsMatchDotNet(CKM m)
    {
        var data = RandomNumberGenerator.GetBytes(10_000);
        using var stream = new MemoryStream(data);
        Assert.Multiple(() =>
        {
            Assert.That(_session.Digest(Mechanism(m), data), Is.EqualTo(Hash(m, data)), "C_Digest");
            Assert.That(_session.Digest(Mechanism(m), stream, 333), Is.EqualTo(Hash(m, data)), "C_DigestUpdate/C_DigestFinal");
            Assert.That(_session.Digest(Mechanism(m), []), Is.EqualTo(Hash(m, [])), "the empty message");
        });
    }

    [Test]
    public void DigestLengthQueriesAndShortBuffersKeepTheOperation()
    {
        Assert.That(_raw.DigestInit(Session, P.CKM.SHA384), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.DigestInit(Session, P.CKM.SHA384), Is.EqualTo(P.CKR.OPERATION_ACTIVE));
        nuint length = 0;
        Assert.That(_raw.Single("C_Digest", Session, Message, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)48));
        var output = new byte[48];
        length = 47;
        Assert.That(_raw.Single("C_Digest", Session, Message, output, ref length), Is.EqualTo(P.CKR.BUFFER_TOO_SMALL));
        Assert.That(length, Is.EqualTo((nuint)48));
        length = 48;
        Assert.That(_raw.Single("C_Digest", Session, Message, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(output, Is.EqualTo(SHA384.HashData(Message)));
        Assert.That(_raw.Single("C_Digest", Session, Message, output, ref length), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));

        // Multi-part: after an update, C_Digest is not the way to finish; the final step has the same length rules.
        Assert.That(_raw.DigestInit(Session, P.CKM.SHA_1), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.Update("C_DigestUpdate", Session, Message), Is.EqualTo(P.CKR.OK));
        length = 20;
        Assert.That(_raw.Single("C_Digest", Session, Message, new byte[20], ref length), Is.EqualTo(P.CKR.OPERATION_ACTIVE));
        length = 0;
        Assert.That(_raw.Final("C_DigestFinal", Session, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)20));
        output = new byte[20];
        length = 19;
        Assert.That(_raw.Final("C_DigestFinal", Session, output, ref length), Is.EqualTo(P.CKR.BUFFER_TOO_SMALL));
        length = 20;
        Assert.That(_raw.Final("C_DigestFinal", Session, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(output, Is.EqualTo(SHA1.HashData(Message)));

        Assert.That(_raw.DigestInit(Session, P.CKM.MD5), Is.EqualTo(P.CKR.MECHANISM_INVALID));
        Assert.That(_raw.DigestInit(Session, P.CKM.SHA256, new byte[8]), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID));
        Assert.That(_raw.Update("C_DigestUpdate", Session, Message), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));
    }

    [Test]
    public void DigestKeyDigestsLocalSecretKeysOnly()
    {
        var value = RandomNumberGenerator.GetBytes(32);
        var aes = ImportAes(value);
        Assert.That(_session.DigestKey(Mechanism(CKM.CKM_SHA256), aes), Is.EqualTo(SHA256.HashData(value)));

        Assert.That(_raw.DigestInit(Session, P.CKM.SHA256), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.DigestKey(Session, (nuint)_rsaPublic.ObjectId), Is.EqualTo(P.CKR.KEY_INDIGESTIBLE));
        Assert.That(_raw.DigestKey(Session, (nuint)aes.ObjectId), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED), "the error ended the operation");
        Assert.That(_raw.DigestInit(Session, P.CKM.SHA256), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.DigestKey(Session, 0x4242), Is.EqualTo(P.CKR.KEY_HANDLE_INVALID));
    }

    [Test]
    public void DigestKeyRefusesKeysOnThePhone()
    {
        var keys = Token;
        Assert.That(_raw.DigestInit(Session, P.CKM.SHA256), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.DigestKey(Session, (nuint)keys.RsaPrivate.ObjectId), Is.EqualTo(P.CKR.KEY_INDIGESTIBLE));
    }

    // ---- RSA encryption ----

    public static readonly string[] RsaCiphers = ["PKCS1", "OAEP-SHA1", "OAEP-SHA256-label", "OAEP-SHA512-label"];

    private static readonly byte[] OaepLabel = "a label for OAEP"u8.ToArray();

    private IMechanism RsaCipher(string name) => name switch
    {
        "PKCS1" => Mechanism(CKM.CKM_RSA_PKCS),
        "OAEP-SHA1" => Oaep(CKM.CKM_SHA_1, CKG.CKG_MGF1_SHA1, null),
        "OAEP-SHA256-label" => Oaep(CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256, OaepLabel),
        _ => Oaep(CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512, OaepLabel),
    };

    /// <summary>Encrypts for an RSA public key without the module: .NET, or BouncyCastle where there is a label.</summary>
    private static byte[] IndependentEncrypt(string name, RSA rsa, byte[] data)
    {
        switch (name)
        {
            case "PKCS1": return rsa.Encrypt(data, RSAEncryptionPadding.Pkcs1);
            case "OAEP-SHA1": return rsa.Encrypt(data, RSAEncryptionPadding.OaepSHA1);
        }
        var (hash, mgf) = name.Contains("SHA256") ? ((IDigest)new Sha256Digest(), (IDigest)new Sha256Digest()) : (new Sha512Digest(), new Sha512Digest());
        var oaep = new OaepEncoding(new RsaEngine(), hash, mgf, OaepLabel);
        oaep.Init(true, new ParametersWithRandom(BcPublic(rsa), new Org.BouncyCastle.Security.SecureRandom()));
        return oaep.ProcessBlock(data, 0, data.Length);
    }

    /// <summary>Decrypts without the module, with the software RSA key.</summary>
    private byte[] IndependentDecrypt(string name, byte[] ciphertext)
    {
        switch (name)
        {
            case "PKCS1": return _rsa.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1);
            case "OAEP-SHA1": return _rsa.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA1);
        }
        var (hash, mgf) = name.Contains("SHA256") ? ((IDigest)new Sha256Digest(), (IDigest)new Sha256Digest()) : (new Sha512Digest(), new Sha512Digest());
        var oaep = new OaepEncoding(new RsaEngine(), hash, mgf, OaepLabel);
        oaep.Init(false, BcPrivate(_rsa));
        return oaep.ProcessBlock(ciphertext, 0, ciphertext.Length);
    }

    [TestCaseSource(nameof(RsaCiphers))]
    public void EncryptsForAnImportedPublicKey(string cipher)
    {
        var data = RandomNumberGenerator.GetBytes(32);
        var ciphertext = _session.Encrypt(RsaCipher(cipher), _rsaPublic, data);
        Assert.That(ciphertext, Has.Length.EqualTo(256));
        Assert.That(IndependentDecrypt(cipher, ciphertext), Is.EqualTo(data));

        using var input = new MemoryStream(data);
        using var output = new MemoryStream();
        _session.Encrypt(RsaCipher(cipher), _rsaPublic, input, output, 10);
        Assert.That(IndependentDecrypt(cipher, output.ToArray()), Is.EqualTo(data), "multi-part");
    }

    [Test]
    public void RsaEncryptionLengthRules()
    {
        var key = (nuint)_rsaPublic.ObjectId;
        Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.RSA_PKCS, key), Is.EqualTo(P.CKR.OK));
        nuint length = 0;
        Assert.That(_raw.Single("C_Encrypt", Session, Message, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)256));
        var output = new byte[256];
        length = 255;
        Assert.That(_raw.Single("C_Encrypt", Session, Message, output, ref length), Is.EqualTo(P.CKR.BUFFER_TOO_SMALL));
        Assert.That(length, Is.EqualTo((nuint)256));
        length = 256;
        Assert.That(_raw.Single("C_Encrypt", Session, Message, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(_rsa.Decrypt(output, RSAEncryptionPadding.Pkcs1), Is.EqualTo(Message));

        Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.RSA_PKCS, key), Is.EqualTo(P.CKR.OK));
        length = 256;
        Assert.That(_raw.Single("C_Encrypt", Session, new byte[246], output, ref length), Is.EqualTo(P.CKR.DATA_LEN_RANGE), "k - 11 at most");
        Assert.That(_raw.Single("C_Encrypt", Session, Message, output, ref length), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED), "the error ended it");
    }

    [Test]
    public void OaepParametersTheModuleDoesNotTakeAreMechanismParamInvalid()
    {
        var key = (nuint)_rsaPublic.ObjectId;
        nuint Try(nuint hash, nuint mgf, nuint source, int size = 0)
        {
            var p = new P.CK_RSA_PKCS_OAEP_PARAMS { hashAlg = hash, mgf = mgf, source = source };
            var rv = _raw.Init("C_EncryptInit", Session, P.CKM.RSA_PKCS_OAEP, key, &p, size == 0 ? (nuint)sizeof(P.CK_RSA_PKCS_OAEP_PARAMS) : (nuint)size);
            if (rv == P.CKR.OK) _raw.SessionCancel(Session, P.CKF.ENCRYPT);
            return rv;
        }
        Assert.Multiple(() =>
        {
            Assert.That(Try(P.CKM.SHA256, P.CKG.MGF1_SHA256, P.CKZ.DATA_SPECIFIED), Is.EqualTo(P.CKR.OK));
            Assert.That(Try(P.CKM.MD5, P.CKG.MGF1_SHA256, P.CKZ.DATA_SPECIFIED), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "MD5");
            Assert.That(Try(P.CKM.SHA3_256, P.CKG.MGF1_SHA3_256, P.CKZ.DATA_SPECIFIED), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "SHA3");
            Assert.That(Try(P.CKM.SHA256, 0x99, P.CKZ.DATA_SPECIFIED), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "unknown MGF");
            Assert.That(Try(P.CKM.SHA256, P.CKG.MGF1_SHA256, 7), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "unknown source");
            Assert.That(Try(P.CKM.SHA256, P.CKG.MGF1_SHA256, P.CKZ.DATA_SPECIFIED, 24), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "short structure");
            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.RSA_PKCS_OAEP, key), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "no parameter");
        });
    }

    [TestCaseSource(nameof(RsaCiphers))]
    public void TheTokenDecryptsWhatTheModuleAndDotNetEncrypt(string cipher)
    {
        var keys = Token;
        var data = RandomNumberGenerator.GetBytes(48);
        var byModule = _session.Encrypt(RsaCipher(cipher), keys.RsaPublic, data);
        var byDotNet = IndependentEncrypt(cipher, keys.Rsa, data);
        Assert.Multiple(() =>
        {
            Assert.That(_session.Decrypt(RsaCipher(cipher), keys.RsaPrivate, byModule), Is.EqualTo(data), "encrypted by the module");
            Assert.That(_session.Decrypt(RsaCipher(cipher), keys.RsaPrivate, byDotNet), Is.EqualTo(data), "encrypted by .NET/BouncyCastle");
            using var input = new MemoryStream(byDotNet);
            using var output = new MemoryStream();
            _session.Decrypt(RsaCipher(cipher), keys.RsaPrivate, input, output, 100);
            Assert.That(output.ToArray(), Is.EqualTo(data), "multi-part decryption");
        });
    }

    [Test]
    public void RsaDecryptionAnswersLengthQueriesLocallyAndKeepsAShortResult()
    {
        var keys = Token;
        var data = RandomNumberGenerator.GetBytes(20);
        var ciphertext = keys.Rsa.Encrypt(data, RSAEncryptionPadding.Pkcs1);
        var key = (nuint)keys.RsaPrivate.ObjectId;

        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, key), Is.EqualTo(P.CKR.OK));
        nuint length = 0;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)256), "the modulus length, an upper bound");
        var output = new byte[256];
        length = 5;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.BUFFER_TOO_SMALL));
        Assert.That(length, Is.EqualTo((nuint)20), "the exact length, once the phone answered");
        length = 20;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(output[..20], Is.EqualTo(data));
        Assert.That(length, Is.EqualTo((nuint)20));

        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, key), Is.EqualTo(P.CKR.OK));
        length = 256;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext[..255], output, ref length), Is.EqualTo(P.CKR.ENCRYPTED_DATA_LEN_RANGE));
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, key), Is.EqualTo(P.CKR.OK));
        length = 256;
        Assert.That(_raw.Single("C_Decrypt", Session, Tampered(ciphertext, 100), output, ref length), Is.EqualTo(P.CKR.ENCRYPTED_DATA_INVALID));
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));

        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, (nuint)keys.RsaPublic.ObjectId), Is.EqualTo(P.CKR.KEY_TYPE_INCONSISTENT), "a public key");
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, (nuint)keys.EcPrivate.ObjectId), Is.EqualTo(P.CKR.KEY_FUNCTION_NOT_PERMITTED), "an EC key (CKA_DECRYPT false)");
        Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.RSA_PKCS, (nuint)keys.EcPublic.ObjectId), Is.EqualTo(P.CKR.KEY_FUNCTION_NOT_PERMITTED), "an EC public key (CKA_ENCRYPT false)");
    }

    [Test]
    public void RsaDecryptionInPartsAsksThePhoneOnceAtTheEnd()
    {
        var keys = Token;
        var data = RandomNumberGenerator.GetBytes(64);
        var ciphertext = keys.Rsa.Encrypt(data, RSAEncryptionPadding.OaepSHA256);
        var p = new P.CK_RSA_PKCS_OAEP_PARAMS { hashAlg = P.CKM.SHA256, mgf = P.CKG.MGF1_SHA256, source = P.CKZ.DATA_SPECIFIED };
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS_OAEP, (nuint)keys.RsaPrivate.ObjectId, &p, (nuint)sizeof(P.CK_RSA_PKCS_OAEP_PARAMS)),
            Is.EqualTo(P.CKR.OK));
        nuint length = 0;
        // A length query takes no input; an update gives nothing (the block is decrypted at the end).
        Assert.That(_raw.Single("C_DecryptUpdate", Session, ciphertext[..100], null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)0));
        var part = new byte[16];
        length = 16;
        Assert.That(_raw.Single("C_DecryptUpdate", Session, ciphertext[..100], part, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)0));
        length = 16;
        Assert.That(_raw.Single("C_DecryptUpdate", Session, ciphertext[100..], part, ref length), Is.EqualTo(P.CKR.OK));
        length = 0;
        Assert.That(_raw.Final("C_DecryptFinal", Session, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)256));
        var output = new byte[64];
        length = 64;
        Assert.That(_raw.Final("C_DecryptFinal", Session, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(output, Is.EqualTo(data));

        // More than one block is ENCRYPTED_DATA_LEN_RANGE, and ends the operation.
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS_OAEP, (nuint)keys.RsaPrivate.ObjectId, &p, (nuint)sizeof(P.CK_RSA_PKCS_OAEP_PARAMS)),
            Is.EqualTo(P.CKR.OK));
        length = 16;
        Assert.That(_raw.Single("C_DecryptUpdate", Session, ciphertext, part, ref length), Is.EqualTo(P.CKR.OK));
        length = 16;
        Assert.That(_raw.Single("C_DecryptUpdate", Session, [1], part, ref length), Is.EqualTo(P.CKR.ENCRYPTED_DATA_LEN_RANGE));
        Assert.That(_raw.Final("C_DecryptFinal", Session, output, ref length), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));
    }

    [Test]
    public void AKeyThatAlwaysAuthenticatesDecryptsOnlyAfterAContextLogin()
    {
        _ = Token;
        var a = _session.Factories.ObjectAttributeFactory;
        _session.GenerateKeyPair(Mechanism(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
            [a.Create(CKA.CKA_TOKEN, false), a.Create(CKA.CKA_MODULUS_BITS, 2048UL), a.Create(CKA.CKA_ENCRYPT, true)],
            [a.Create(CKA.CKA_TOKEN, false), a.Create(CKA.CKA_DECRYPT, true), a.Create(CKA.CKA_ALWAYS_AUTHENTICATE, true)],
            out var publicKey, out var privateKey);
        var ciphertext = _session.Encrypt(Mechanism(CKM.CKM_RSA_PKCS), publicKey, Message);
        var output = new byte[256];
        nuint length = 256;
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, (nuint)privateKey.ObjectId), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.USER_NOT_LOGGED_IN));

        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.RSA_PKCS, (nuint)privateKey.ObjectId), Is.EqualTo(P.CKR.OK));
        _session.Login(CKU.CKU_CONTEXT_SPECIFIC, UserPin);
        length = 256;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(output[..(int)length], Is.EqualTo(Message));
    }

    [Test]
    public void PkcsToolDecryptsAndVerifiesWithTheTokenKeys()
    {
        var keys = Token;
        var env = _phone.Environment;
        var dir = Directory.CreateTempSubdirectory("p11phone-crypto-").FullName;
        try
        {
            string In(string name, byte[] content)
            {
                var path = Path.Combine(dir, name);
                File.WriteAllBytes(path, content);
                return path;
            }
            var data = RandomNumberGenerator.GetBytes(32);
            var output = Path.Combine(dir, "out");
            string[] login = ["--module", Repo.Module, "--login", "--pin", UserPin, "--id", "01"];

            var oaep = In("oaep", keys.Rsa.Encrypt(data, RSAEncryptionPadding.OaepSHA256));
            var (code, text) = PhoneHarness.Run("pkcs11-tool",
                [.. login, "--decrypt", "-m", "RSA-PKCS-OAEP", "--hash-algorithm", "SHA256", "--mgf", "MGF1-SHA256", "-i", oaep, "-o", output],
                env, TimeSpan.FromSeconds(60));
            Assert.That(code, Is.EqualTo(0), text);
            Assert.That(File.ReadAllBytes(output), Is.EqualTo(data), "OAEP SHA-256 decryption by pkcs11-tool");

            var pkcs1 = In("pkcs1", keys.Rsa.Encrypt(data, RSAEncryptionPadding.Pkcs1));
            (code, text) = PhoneHarness.Run("pkcs11-tool", [.. login, "--decrypt", "-m", "RSA-PKCS", "-i", pkcs1, "-o", output], env, TimeSpan.FromSeconds(60));
            Assert.That(code, Is.EqualTo(0), text);
            Assert.That(File.ReadAllBytes(output), Is.EqualTo(data), "PKCS#1 v1.5 decryption by pkcs11-tool");

            var message = In("message", Message);
            var signature = In("signature", _session.Sign(Mechanism(CKM.CKM_SHA256_RSA_PKCS), keys.RsaPrivate, Message));
            (code, text) = PhoneHarness.Run("pkcs11-tool",
                ["--module", Repo.Module, "--id", "01", "--verify", "-m", "SHA256-RSA-PKCS", "-i", message, "--signature-file", signature], env, TimeSpan.FromSeconds(60));
            Assert.That(code, Is.EqualTo(0), text);
            Assert.That(text, Does.Contain("Signature is valid"));
            File.WriteAllBytes(signature, Tampered(File.ReadAllBytes(signature), 40));
            (code, text) = PhoneHarness.Run("pkcs11-tool",
                ["--module", Repo.Module, "--id", "01", "--verify", "-m", "SHA256-RSA-PKCS", "-i", message, "--signature-file", signature], env, TimeSpan.FromSeconds(60));
            Assert.That(text, Does.Contain("Invalid signature").Or.Contains("CKR_SIGNATURE_INVALID"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    // ---- AES with session keys ----

    public static readonly CKM[] AesMechanisms = [CKM.CKM_AES_ECB, CKM.CKM_AES_CBC, CKM.CKM_AES_CBC_PAD, CKM.CKM_AES_GCM];

    private static readonly byte[] Iv16 = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Nonce12 = Convert.FromHexString("cafebabefacedbaddecaf888");
    private static readonly byte[] Aad = "header"u8.ToArray();

    private IMechanism AesMechanism(CKM m) => m switch
    {
        CKM.CKM_AES_ECB => Mechanism(m),
        CKM.CKM_AES_GCM => Gcm(Nonce12, Aad, 128),
        _ => Mechanism(m, Iv16),
    };

    private static byte[] DotNetAesEncrypt(CKM m, byte[] key, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        switch (m)
        {
            case CKM.CKM_AES_ECB: return aes.EncryptEcb(data, PaddingMode.None);
            case CKM.CKM_AES_CBC: return aes.EncryptCbc(data, Iv16, PaddingMode.None);
            case CKM.CKM_AES_CBC_PAD: return aes.EncryptCbc(data, Iv16, PaddingMode.PKCS7);
        }
        using var gcm = new AesGcm(key, 16);
        var ciphertext = new byte[data.Length];
        var tag = new byte[16];
        gcm.Encrypt(Nonce12, data, ciphertext, tag, Aad);
        return [.. ciphertext, .. tag];
    }

    [Test]
    public void AesMechanismsAreOffered()
    {
        var list = _slot.GetMechanismList();
        foreach (var m in AesMechanisms)
        {
            Assert.That(list, Does.Contain(m));
            var info = _slot.GetMechanismInfo(m);
            Assert.That(info.MechanismFlags.Encrypt && info.MechanismFlags.Decrypt, Is.True, m.ToString());
            Assert.That((info.MinKeySize, info.MaxKeySize), Is.EqualTo((16UL, 32UL)), m.ToString());
        }
        foreach (var m in DigestMechanisms) Assert.That(_slot.GetMechanismInfo(m).MechanismFlags.Digest, Is.True, m.ToString());
        foreach (var m in SignMechanisms) Assert.That(_slot.GetMechanismInfo(m).MechanismFlags.Verify, Is.True, m.ToString());
        Assert.That(_slot.GetMechanismInfo(CKM.CKM_RSA_PKCS_OAEP).MechanismFlags.Encrypt, Is.True);
    }

    [Test]
    public void AesMatchesDotNet([ValueSource(nameof(AesMechanisms))] CKM m, [Values(16, 32)] int keyLength)
    {
        var key = RandomNumberGenerator.GetBytes(keyLength);
        var handle = ImportAes(key);
        var data = RandomNumberGenerator.GetBytes(m is CKM.CKM_AES_ECB or CKM.CKM_AES_CBC ? 160 : 157);
        var expected = DotNetAesEncrypt(m, key, data);
        Assert.Multiple(() =>
        {
            Assert.That(_session.Encrypt(AesMechanism(m), handle, data), Is.EqualTo(expected), "C_Encrypt");
            Assert.That(_session.Decrypt(AesMechanism(m), handle, expected), Is.EqualTo(data), "C_Decrypt");
            using (var input = new MemoryStream(data))
            using (var output = new MemoryStream())
            {
                _session.Encrypt(AesMechanism(m), handle, input, output, 48);
                Assert.That(output.ToArray(), Is.EqualTo(expected), "multi-part encryption");
            }
            using (var input = new MemoryStream(expected))
            using (var output = new MemoryStream())
            {
                _session.Decrypt(AesMechanism(m), handle, input, output, 32);
                Assert.That(output.ToArray(), Is.EqualTo(data), "multi-part decryption");
            }
        });
    }

    [Test]
    public void AesErrors()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var handle = (nuint)ImportAes(key).ObjectId;
        var encryptOnly = (nuint)ImportAes(key, decrypt: false).ObjectId;
        nuint length = 64;
        var output = new byte[64];
        Assert.Multiple(() =>
        {
            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_CBC, handle, new byte[8]), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "an 8-byte IV");
            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_CBC, handle), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "no IV");
            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_ECB, (nuint)_rsaPublic.ObjectId), Is.EqualTo(P.CKR.KEY_TYPE_INCONSISTENT), "an RSA key");
            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.RSA_PKCS, handle), Is.EqualTo(P.CKR.KEY_TYPE_INCONSISTENT), "RSA with an AES key");
            Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.AES_ECB, encryptOnly), Is.EqualTo(P.CKR.KEY_FUNCTION_NOT_PERMITTED), "CKA_DECRYPT false");
            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.DES3_CBC, handle, new byte[8]), Is.EqualTo(P.CKR.MECHANISM_INVALID));
            var gcm = new P.CK_GCM_PARAMS { ulIvLen = 12, ulIvBits = 96, ulTagBits = 20 };
            fixed (byte* iv = Nonce12)
            {
                gcm.pIv = iv;
                Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_GCM, handle, &gcm, (nuint)sizeof(P.CK_GCM_PARAMS)), Is.EqualTo(P.CKR.MECHANISM_PARAM_INVALID), "a 20-bit tag");
            }
        });

        Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_ECB, handle), Is.EqualTo(P.CKR.OK));
        Assert.That(_raw.Single("C_Encrypt", Session, new byte[15], output, ref length), Is.EqualTo(P.CKR.DATA_LEN_RANGE), "not whole blocks");
        Assert.That(_raw.Single("C_Encrypt", Session, new byte[16], output, ref length), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));

        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.AES_CBC, handle, Iv16), Is.EqualTo(P.CKR.OK));
        length = 64;
        Assert.That(_raw.Single("C_Decrypt", Session, new byte[17], output, ref length), Is.EqualTo(P.CKR.ENCRYPTED_DATA_LEN_RANGE));

        // CBC_PAD: a block that ends in 0 has no valid pad; GCM: a tag that does not match.
        byte[] badPad;
        using (var aes = Aes.Create())
        {
            aes.Key = key;
            badPad = aes.EncryptCbc((byte[])[.. Message[..31], 0], Iv16, PaddingMode.None);
        }
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.AES_CBC_PAD, handle, Iv16), Is.EqualTo(P.CKR.OK));
        length = 64;
        Assert.That(_raw.Single("C_Decrypt", Session, badPad, output, ref length), Is.EqualTo(P.CKR.ENCRYPTED_DATA_INVALID));
        var sealedData = DotNetAesEncrypt(CKM.CKM_AES_GCM, key, Message);
        Assert.That(_session.Decrypt(AesMechanism(CKM.CKM_AES_GCM), ImportAes(key), sealedData), Is.EqualTo(Message));
        var ex = Assert.Throws<Pkcs11Exception>(() => _session.Decrypt(AesMechanism(CKM.CKM_AES_GCM), ImportAes(key), Tampered(sealedData, 3)));
        Assert.That(ex!.RV, Is.EqualTo(CKR.CKR_ENCRYPTED_DATA_INVALID));
    }

    [Test]
    public void AesUpdatesAnswerLengthQueriesAndShortBuffersWithoutTakingTheInput()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var handle = (nuint)ImportAes(key).ObjectId;
        var data = RandomNumberGenerator.GetBytes(50);
        Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_CBC_PAD, handle, Iv16), Is.EqualTo(P.CKR.OK));
        var ciphertext = new List<byte>();
        nuint length = 0;
        Assert.That(_raw.Single("C_EncryptUpdate", Session, data[..20], null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)16));
        var part = new byte[64];
        length = 15;
        Assert.That(_raw.Single("C_EncryptUpdate", Session, data[..20], part, ref length), Is.EqualTo(P.CKR.BUFFER_TOO_SMALL));
        Assert.That(length, Is.EqualTo((nuint)16));
        length = 64;
        Assert.That(_raw.Single("C_EncryptUpdate", Session, data[..20], part, ref length), Is.EqualTo(P.CKR.OK));
        ciphertext.AddRange(part[..(int)length]);
        length = 64;
        Assert.That(_raw.Single("C_EncryptUpdate", Session, data[20..], part, ref length), Is.EqualTo(P.CKR.OK));
        ciphertext.AddRange(part[..(int)length]);
        length = 0;
        Assert.That(_raw.Final("C_EncryptFinal", Session, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)16));
        length = 64;
        Assert.That(_raw.Final("C_EncryptFinal", Session, part, ref length), Is.EqualTo(P.CKR.OK));
        ciphertext.AddRange(part[..(int)length]);
        Assert.That(ciphertext.ToArray(), Is.EqualTo(DotNetAesEncrypt(CKM.CKM_AES_CBC_PAD, key, data)));

        // A single-part call after an update is refused, and keeps the operation.
        Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_ECB, handle), Is.EqualTo(P.CKR.OK));
        length = 64;
        Assert.That(_raw.Single("C_EncryptUpdate", Session, data[..16], part, ref length), Is.EqualTo(P.CKR.OK));
        length = 64;
        Assert.That(_raw.Single("C_Encrypt", Session, data[..16], part, ref length), Is.EqualTo(P.CKR.OPERATION_ACTIVE));
        length = 64;
        Assert.That(_raw.Single("C_EncryptUpdate", Session, data[..3], part, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)0));
        Assert.That(_raw.Final("C_EncryptFinal", Session, part, ref length), Is.EqualTo(P.CKR.DATA_LEN_RANGE), "3 bytes left over");
        Assert.That(_raw.Final("C_EncryptFinal", Session, part, ref length), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED));
    }

    [Test]
    public void AesCbcPadDecryptionGivesTheExactLengthWithoutLosingTheResult()
    {
        var key = RandomNumberGenerator.GetBytes(24);
        var handle = (nuint)ImportAes(key).ObjectId;
        var data = RandomNumberGenerator.GetBytes(40);
        var ciphertext = DotNetAesEncrypt(CKM.CKM_AES_CBC_PAD, key, data);
        Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.AES_CBC_PAD, handle, Iv16), Is.EqualTo(P.CKR.OK));
        nuint length = 0;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, null, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(length, Is.EqualTo((nuint)48), "an upper bound");
        var output = new byte[40];
        length = 39;
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.BUFFER_TOO_SMALL));
        Assert.That(length, Is.EqualTo((nuint)40));
        Assert.That(_raw.Single("C_Decrypt", Session, ciphertext, output, ref length), Is.EqualTo(P.CKR.OK));
        Assert.That(output, Is.EqualTo(data));
    }

    // ---- Unwrapping on the phone ----

    private List<IObjectAttribute> SecretKeyTemplate(CKK type = CKK.CKK_AES, ulong? valueLength = 32, bool token = false)
    {
        var a = _session.Factories.ObjectAttributeFactory;
        List<IObjectAttribute> template =
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY), a.Create(CKA.CKA_KEY_TYPE, type), a.Create(CKA.CKA_TOKEN, token),
            a.Create(CKA.CKA_DECRYPT, true), a.Create(CKA.CKA_SENSITIVE, true), a.Create(CKA.CKA_EXTRACTABLE, false),
        ];
        if (valueLength is { } n) template.Add(a.Create(CKA.CKA_VALUE_LEN, n));
        return template;
    }

    [TestCase("PKCS1")]
    [TestCase("OAEP-SHA1")]
    [TestCase("OAEP-SHA256-label")]
    public void UnwrapsAnAesKeyWrappedByDotNetAndDecryptsWithIt(string cipher)
    {
        var keys = Token;
        var aesKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = IndependentEncrypt(cipher, keys.Rsa, aesKey);
        var unwrapped = _session.UnwrapKey(RsaCipher(cipher), keys.RsaPrivate, wrapped, SecretKeyTemplate());

        var attributes = _session.GetAttributeValue(unwrapped, [CKA.CKA_CLASS, CKA.CKA_KEY_TYPE, CKA.CKA_VALUE_LEN, CKA.CKA_TOKEN, CKA.CKA_SENSITIVE]);
        Assert.Multiple(() =>
        {
            Assert.That(attributes[0].GetValueAsUlong(), Is.EqualTo((ulong)CKO.CKO_SECRET_KEY));
            Assert.That(attributes[1].GetValueAsUlong(), Is.EqualTo((ulong)CKK.CKK_AES));
            Assert.That(attributes[2].GetValueAsUlong(), Is.EqualTo(32UL));
            Assert.That(attributes[3].GetValueAsBool(), Is.False);
            Assert.That(attributes[4].GetValueAsBool(), Is.True);
        });
        // CKR_ATTRIBUTE_SENSITIVE, which Pkcs11Interop reports as an attribute that cannot be read.
        Assert.That(_session.GetAttributeValue(unwrapped, [CKA.CKA_VALUE])[0].CannotBeRead, Is.True, "the sensitive key's value");

        // The mail's content, as S/MIME carries it: AES-GCM and AES-CBC with padding, encrypted by .NET.
        var content = RandomNumberGenerator.GetBytes(1000);
        Assert.That(_session.Decrypt(AesMechanism(CKM.CKM_AES_GCM), unwrapped, DotNetAesEncrypt(CKM.CKM_AES_GCM, aesKey, content)), Is.EqualTo(content));
        using var input = new MemoryStream(DotNetAesEncrypt(CKM.CKM_AES_CBC_PAD, aesKey, content));
        using var output = new MemoryStream();
        _session.Decrypt(AesMechanism(CKM.CKM_AES_CBC_PAD), unwrapped, input, output, 64);
        Assert.That(output.ToArray(), Is.EqualTo(content));
    }

    [Test]
    public void UnwrapChecksItsTemplateAndKey()
    {
        var keys = Token;
        var aesKey = RandomNumberGenerator.GetBytes(16);
        var wrapped = keys.Rsa.Encrypt(aesKey, RSAEncryptionPadding.Pkcs1);
        var m = Mechanism(CKM.CKM_RSA_PKCS);
        CKR Rv(Action a) => Assert.Throws<Pkcs11Exception>(() => a())!.RV;
        Assert.Multiple(() =>
        {
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.RsaPrivate, wrapped, SecretKeyTemplate(token: true, valueLength: 16))),
                Is.EqualTo(CKR.CKR_TEMPLATE_INCONSISTENT), "a token secret key");
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.RsaPrivate, wrapped, SecretKeyTemplate(valueLength: 32))),
                Is.EqualTo(CKR.CKR_TEMPLATE_INCONSISTENT), "CKA_VALUE_LEN differs from the key");
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.RsaPrivate, wrapped, SecretKeyTemplate(valueLength: 20))),
                Is.EqualTo(CKR.CKR_ATTRIBUTE_VALUE_INVALID), "no AES key has 20 bytes");
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.RsaPrivate, wrapped[..255], SecretKeyTemplate(valueLength: 16))),
                Is.EqualTo(CKR.CKR_WRAPPED_KEY_LEN_RANGE));
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.RsaPrivate, Tampered(wrapped, 50), SecretKeyTemplate(valueLength: 16))),
                Is.EqualTo(CKR.CKR_WRAPPED_KEY_INVALID));
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.RsaPublic, wrapped, SecretKeyTemplate(valueLength: 16))),
                Is.EqualTo(CKR.CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT), "a public key");
            Assert.That(Rv(() => _session.UnwrapKey(m, keys.EcPrivate, wrapped, SecretKeyTemplate(valueLength: 16))),
                Is.EqualTo(CKR.CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT), "an EC key");
            Assert.That(Rv(() => _session.UnwrapKey(Mechanism(CKM.CKM_RSA_X_509), keys.RsaPrivate, wrapped, SecretKeyTemplate(valueLength: 16))),
                Is.EqualTo(CKR.CKR_MECHANISM_INVALID), "raw RSA does not unwrap");
        });
        var generic = _session.UnwrapKey(m, keys.RsaPrivate, wrapped, SecretKeyTemplate(CKK.CKK_GENERIC_SECRET, valueLength: null));
        Assert.That(_session.GetAttributeValue(generic, [CKA.CKA_VALUE_LEN])[0].GetValueAsUlong(), Is.EqualTo(16UL));
    }

    // ---- Arguments ----

    [Test]
    public void NullArgumentsAreArgumentsBad()
    {
        var key = (nuint)_rsaPublic.ObjectId;
        var aes = (nuint)ImportAes(RandomNumberGenerator.GetBytes(16)).ObjectId;
        Assert.Multiple(() =>
        {
            foreach (var init in new[] { "C_VerifyInit", "C_EncryptInit", "C_DecryptInit" })
                Assert.That(_raw.Call(init, Session, null, key), Is.EqualTo(P.CKR.ARGUMENTS_BAD), init);
            Assert.That(_raw.Call("C_DigestInit", Session, null), Is.EqualTo(P.CKR.ARGUMENTS_BAD), "C_DigestInit");

            Assert.That(_raw.Init("C_EncryptInit", Session, P.CKM.AES_ECB, aes), Is.EqualTo(P.CKR.OK));
            Assert.That(_raw.Call("C_Encrypt", Session, null, 16, null, null), Is.EqualTo(P.CKR.ARGUMENTS_BAD), "C_Encrypt");
            Assert.That(_raw.Call("C_EncryptFinal", Session, null, null), Is.EqualTo(P.CKR.OPERATION_NOT_INITIALIZED), "ended by the error");
            Assert.That(_raw.Init("C_DecryptInit", Session, P.CKM.AES_ECB, aes), Is.EqualTo(P.CKR.OK));
            Assert.That(_raw.Call("C_DecryptUpdate", Session, null, 16, null, null), Is.EqualTo(P.CKR.ARGUMENTS_BAD), "C_DecryptUpdate");
            Assert.That(_raw.Init("C_VerifyInit", Session, P.CKM.SHA256_RSA_PKCS, key), Is.EqualTo(P.CKR.OK));
            Assert.That(_raw.Call("C_Verify", Session, null, 10, null, 256), Is.EqualTo(P.CKR.ARGUMENTS_BAD), "C_Verify");
            Assert.That(_raw.DigestInit(Session, P.CKM.SHA256), Is.EqualTo(P.CKR.OK));
            Assert.That(_raw.Call("C_DigestFinal", Session, null, null), Is.EqualTo(P.CKR.ARGUMENTS_BAD), "C_DigestFinal");
            Assert.That(_raw.Call("C_UnwrapKey", Session, null, key, null, 0, null, 0, null), Is.EqualTo(P.CKR.ARGUMENTS_BAD), "C_UnwrapKey");
            Assert.That(_raw.Call("C_DigestInit", 0xdead, null), Is.EqualTo(P.CKR.ARGUMENTS_BAD).Or.EqualTo(P.CKR.SESSION_HANDLE_INVALID), "no session");
        });
        var m = new P.CK_MECHANISM { mechanism = P.CKM.SHA256 };
        Assert.That(_raw.Call("C_DigestInit", 0xdead, &m), Is.EqualTo(P.CKR.SESSION_HANDLE_INVALID));
    }

    // ---- Helpers ----

    private static byte[] DerOctetString(byte[] content) =>
        content.Length < 128 ? [0x04, (byte)content.Length, .. content] : throw new ArgumentException("short values only");

    /// <summary>The content of a DER OCTET STRING (CKA_EC_POINT as PKCS#11 encodes it).</summary>
    private static byte[] OctetString(byte[] der)
    {
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
        return reader.ReadOctetString();
    }

    /// <summary>
    /// The module's C functions, called directly (the module is the one Pkcs11Interop loaded: the same sessions and
    /// objects), for what the high-level API does not show: length queries, short buffers, return codes.
    /// </summary>
    private sealed class RawModule(string path)
    {
        private readonly nint _module = NativeLibrary.Load(path);

        private void* F(string name) => (void*)NativeLibrary.GetExport(_module, name);

        public nuint Init(string function, nuint session, nuint mechanism, nuint key, byte[]? parameter = null)
        {
            fixed (byte* p = parameter)
                return Init(function, session, mechanism, key, p, parameter is null ? 0 : (nuint)parameter.Length);
        }

        public nuint Init(string function, nuint session, nuint mechanism, nuint key, void* parameter, nuint parameterLength)
        {
            var m = new P.CK_MECHANISM { mechanism = mechanism, pParameter = parameter, ulParameterLen = parameterLength };
            return ((delegate* unmanaged<nuint, P.CK_MECHANISM*, nuint, nuint>)F(function))(session, &m, key);
        }

        public nuint DigestInit(nuint session, nuint mechanism, byte[]? parameter = null)
        {
            fixed (byte* p = parameter)
            {
                var m = new P.CK_MECHANISM { mechanism = mechanism, pParameter = p, ulParameterLen = parameter is null ? 0 : (nuint)parameter.Length };
                return ((delegate* unmanaged<nuint, P.CK_MECHANISM*, nuint>)F("C_DigestInit"))(session, &m);
            }
        }

        /// <summary>C_Encrypt, C_Decrypt, C_Digest, C_Sign, C_EncryptUpdate, C_DecryptUpdate: input, output, output length.</summary>
        public nuint Single(string function, nuint session, byte[] input, byte[]? output, ref nuint length)
        {
            fixed (byte* i = input)
            fixed (byte* o = output)
            fixed (nuint* l = &length)
                return ((delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint>)F(function))(session, i, (nuint)input.Length, o, l);
        }

        /// <summary>C_DigestUpdate, C_VerifyUpdate, C_SignUpdate.</summary>
        public nuint Update(string function, nuint session, byte[] input)
        {
            fixed (byte* i = input)
                return ((delegate* unmanaged<nuint, byte*, nuint, nuint>)F(function))(session, i, (nuint)input.Length);
        }

        /// <summary>C_EncryptFinal, C_DecryptFinal, C_DigestFinal, C_SignFinal.</summary>
        public nuint Final(string function, nuint session, byte[]? output, ref nuint length)
        {
            fixed (byte* o = output)
            fixed (nuint* l = &length)
                return ((delegate* unmanaged<nuint, byte*, nuint*, nuint>)F(function))(session, o, l);
        }

        public nuint Verify(nuint session, byte[] data, byte[] signature)
        {
            fixed (byte* d = data)
            fixed (byte* s = signature)
                return ((delegate* unmanaged<nuint, byte*, nuint, byte*, nuint, nuint>)F("C_Verify"))(session, d, (nuint)data.Length, s, (nuint)signature.Length);
        }

        public nuint VerifyFinal(nuint session, byte[] signature)
        {
            fixed (byte* s = signature)
                return ((delegate* unmanaged<nuint, byte*, nuint, nuint>)F("C_VerifyFinal"))(session, s, (nuint)signature.Length);
        }

        public nuint DigestKey(nuint session, nuint key) => ((delegate* unmanaged<nuint, nuint, nuint>)F("C_DigestKey"))(session, key);

        /// <summary>Calls with any pointers (NULL included), for argument checks.</summary>
        public nuint Call(string function, nuint session, P.CK_MECHANISM* mechanism, nuint key) =>
            ((delegate* unmanaged<nuint, P.CK_MECHANISM*, nuint, nuint>)F(function))(session, mechanism, key);

        public nuint Call(string function, nuint session, P.CK_MECHANISM* mechanism) =>
            ((delegate* unmanaged<nuint, P.CK_MECHANISM*, nuint>)F(function))(session, mechanism);

        public nuint Call(string function, nuint session, byte* input, nuint inputLength, byte* output, nuint* outputLength) =>
            ((delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint>)F(function))(session, input, inputLength, output, outputLength);

        public nuint Call(string function, nuint session, byte* data, nuint dataLength, byte* signature, nuint signatureLength) =>
            ((delegate* unmanaged<nuint, byte*, nuint, byte*, nuint, nuint>)F(function))(session, data, dataLength, signature, signatureLength);

        public nuint Call(string function, nuint session, byte* output, nuint* outputLength) =>
            ((delegate* unmanaged<nuint, byte*, nuint*, nuint>)F(function))(session, output, outputLength);

        public nuint Call(string function, nuint session, P.CK_MECHANISM* mechanism, nuint key, byte* wrapped, nuint wrappedLength,
            P.CK_ATTRIBUTE* template, nuint count, nuint* handle) =>
            ((delegate* unmanaged<nuint, P.CK_MECHANISM*, nuint, byte*, nuint, P.CK_ATTRIBUTE*, nuint, nuint*, nuint>)F(function))(
                session, mechanism, key, wrapped, wrappedLength, template, count, handle);

        public nuint SessionCancel(nuint session, nuint flags) => ((delegate* unmanaged<nuint, nuint, nuint>)F("C_SessionCancel"))(session, flags);
    }
}
