using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>Signing and decryption with every mechanism, verified outside the token; the checks before an operation.</summary>
public abstract partial class PhoneTokenContract
{
    private static readonly byte[] Message = "The phone holds the key; the computer holds the message."u8.ToArray();

    /// <summary>One signature: a key, a mechanism with its parameters, and the bytes the computer prepared.</summary>
    public static IEnumerable<TestCaseData> SignatureCases()
    {
        TestCaseData Case(KeySpec spec, string name, P11Mechanism m, byte[] data) =>
            new TestCaseData(spec, m, data).SetName($"SignsAndVerifies_{spec.Name}_{name}");
        foreach (var spec in new[] { KeySpec.Rsa2048, KeySpec.Rsa3072 })
        {
            foreach (var h in Independent.Hashes)
            {
                var hash = CryptographicOperations.HashData(h.Name, Message);
                yield return Case(spec, "RsaPkcs_" + h.Name.Name, P11Mechanism.Plain(CKM.RSA_PKCS), Independent.DigestInfo(h.Name, hash));
                yield return Case(spec, "Pss_" + h.Name.Name, new P11Mechanism(CKM.RSA_PKCS_PSS, [h.Mechanism, h.Mgf, (ulong)h.Length], []), hash);
            }
            // TLS 1.0-style raw data (MD5 ‖ SHA-1), not a DigestInfo
            yield return Case(spec, "RsaPkcs_Raw36", P11Mechanism.Plain(CKM.RSA_PKCS), [.. MD5.HashData(Message), .. SHA1.HashData(Message)]);
            yield return Case(spec, "Pss_Sha256_NoSalt", new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA256, 0], []), SHA256.HashData(Message));
            yield return Case(spec, "Pss_Sha256_Mgf1Sha1_Salt20", new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA1, 20], []), SHA256.HashData(Message));
            yield return Case(spec, "X509", P11Mechanism.Plain(CKM.RSA_X_509), [0x00, 0x01, .. RandomNumberGenerator.GetBytes(spec.Bits / 8 - 2)]);
            yield return Case(spec, "X509_Short", P11Mechanism.Plain(CKM.RSA_X_509), [0x01, 0x02, 0x03]);
        }
        foreach (var spec in new[] { KeySpec.P256, KeySpec.P384, KeySpec.P521 })
        {
            foreach (var h in Independent.Hashes)
                yield return Case(spec, "Ecdsa_" + h.Name.Name, P11Mechanism.Plain(CKM.ECDSA), CryptographicOperations.HashData(h.Name, Message));
        }
        yield return Case(KeySpec.Ed25519, "EdDsa", P11Mechanism.Plain(CKM.EDDSA), Message);
        yield return Case(KeySpec.Ed25519, "EdDsa_Empty", P11Mechanism.Plain(CKM.EDDSA), []);
        yield return Case(KeySpec.Ed25519, "EdDsa_Long", P11Mechanism.Plain(CKM.EDDSA), RandomNumberGenerator.GetBytes(10_000));
    }

    [TestCaseSource(nameof(SignatureCases))]
    public void SignsAndVerifies(KeySpec spec, P11Mechanism mechanism, byte[] data)
    {
        RequireMechanism(Shared, mechanism.Type, spec.Bits);
        var (pub, priv) = SharedKey(spec);
        if (!Performs(mechanism))
        {
            ExpectMechanismRefused(Shared.Sign(SharedClient, priv, mechanism, data).Rv, mechanism);
            return;
        }
        var sig = SignAndVerify(Shared, SharedClient, spec, pub, priv, mechanism, data);
        if (spec.IsRsa) Assert.That(sig, Has.Length.EqualTo(spec.Bits / 8));
    }

    [Test]
    public void SigningIsSafeFromManyThreads()
    {
        var spec = KeySpec.P256;
        var (pub, priv) = SharedKey(spec);
        var hashes = Enumerable.Range(0, 24).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();
        var sigs = new byte[hashes.Length][];
        Parallel.For(0, hashes.Length, i => sigs[i] = Shared.Sign(SharedClient, priv, P11Mechanism.Plain(CKM.ECDSA), hashes[i]).Ok());
        for (int i = 0; i < hashes.Length; i++)
            Assert.That(Independent.Verify(spec, Obj(Shared, pub), P11Mechanism.Plain(CKM.ECDSA), hashes[i], sigs[i]), Is.True);
    }

    public static IEnumerable<TestCaseData> SignatureErrors()
    {
        TestCaseData Case(string name, KeySpec spec, P11Mechanism m, int dataLength, params nuint[] rvs) =>
            new TestCaseData(spec, m, dataLength, rvs.Select(r => (ulong)r).ToArray()).SetName("SignatureIsRefused_" + name);
        var rsa = KeySpec.Rsa2048;
        yield return Case("RsaPkcsDataTooLong", rsa, P11Mechanism.Plain(CKM.RSA_PKCS), 256 - 10, CKR.DATA_LEN_RANGE);
        yield return Case("RsaX509DataTooLong", rsa, P11Mechanism.Plain(CKM.RSA_X_509), 257, CKR.DATA_LEN_RANGE);
        yield return Case("PssHashLength", rsa, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA256, 32], []), 20, CKR.DATA_LEN_RANGE);
        yield return Case("PssNoParameters", rsa, P11Mechanism.Plain(CKM.RSA_PKCS_PSS), 32, CKR.MECHANISM_PARAM_INVALID);
        yield return Case("PssMd5", rsa, new P11Mechanism(CKM.RSA_PKCS_PSS, [0x210 /* CKM_MD5 */, CKG.MGF1_SHA256, 16], []), 16, CKR.MECHANISM_PARAM_INVALID);
        yield return Case("PssUnknownMgf", rsa, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, 0x99, 32], []), 32, CKR.MECHANISM_PARAM_INVALID);
        yield return Case("PssSaltTooLong", rsa, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA256, 300], []), 32, CKR.MECHANISM_PARAM_INVALID);
        yield return Case("EcdsaWithRsaKey", rsa, P11Mechanism.Plain(CKM.ECDSA), 32, CKR.KEY_TYPE_INCONSISTENT);
        yield return Case("EdDsaWithRsaKey", rsa, P11Mechanism.Plain(CKM.EDDSA), 32, CKR.KEY_TYPE_INCONSISTENT);
        yield return Case("RsaPkcsWithEcKey", KeySpec.P256, P11Mechanism.Plain(CKM.RSA_PKCS), 32, CKR.KEY_TYPE_INCONSISTENT);
        yield return Case("EcdsaWithEd25519Key", KeySpec.Ed25519, P11Mechanism.Plain(CKM.ECDSA), 32, CKR.KEY_TYPE_INCONSISTENT);
        yield return Case("EdDsaWithEcKey", KeySpec.P256, P11Mechanism.Plain(CKM.EDDSA), 32, CKR.KEY_TYPE_INCONSISTENT);
        yield return Case("Sha256RsaPkcs", rsa, P11Mechanism.Plain(CKM.SHA256_RSA_PKCS), 32, CKR.MECHANISM_INVALID);
        yield return Case("Ecdsa_Sha256", KeySpec.P256, P11Mechanism.Plain(CKM.ECDSA_SHA256), 32, CKR.MECHANISM_INVALID);
        yield return Case("OaepToSign", rsa, new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], []), 32,
            CKR.MECHANISM_INVALID, CKR.KEY_FUNCTION_NOT_PERMITTED);
        yield return Case("EcdsaEmpty", KeySpec.P256, P11Mechanism.Plain(CKM.ECDSA), 0, CKR.DATA_LEN_RANGE, CKR.ARGUMENTS_BAD);
    }

    [TestCaseSource(nameof(SignatureErrors))]
    public void SignatureErrorsAreReported(KeySpec spec, P11Mechanism m, int dataLength, ulong[] expected)
    {
        var (_, priv) = SharedKey(spec);
        var rv = Shared.Sign(SharedClient, priv, m, new byte[dataLength]).Rv;
        Assert.That(Name(rv), Is.AnyOf(expected.Select(e => (object)Name(e)).ToArray()));
    }

    [Test]
    public void SigningChecksTheKey()
    {
        LoginUser(Token);
        var (pub, priv) = Generate(Token, KeySpec.P256, priv: [B(CKA.SIGN, false)]);
        var ecdsa = P11Mechanism.Plain(CKM.ECDSA);
        var hash = new byte[32];
        Expect(Token.Sign(App, priv, ecdsa, hash).Rv, CKR.KEY_FUNCTION_NOT_PERMITTED, "CKA_SIGN=false");
        ExpectOneOf(Token.Sign(App, pub, ecdsa, hash).Rv, CKR.KEY_TYPE_INCONSISTENT, CKR.KEY_FUNCTION_NOT_PERMITTED, CKR.KEY_HANDLE_INVALID);
        ExpectOneOf(Token.Sign(App, 0x7777_7777, ecdsa, hash).Rv, CKR.KEY_HANDLE_INVALID, CKR.OBJECT_HANDLE_INVALID);
        ExpectOneOf(Token.Sign(App, 0, ecdsa, hash).Rv, CKR.KEY_HANDLE_INVALID, CKR.OBJECT_HANDLE_INVALID);
        var data = CreateData(Token, App, "not a key").Ok();
        ExpectOneOf(Token.Sign(App, data, ecdsa, hash).Rv, CKR.KEY_HANDLE_INVALID, CKR.KEY_TYPE_INCONSISTENT, CKR.OBJECT_HANDLE_INVALID);

        Expect(Token.SetAttributes(App, priv, [B(CKA.SIGN, true)]), CKR.OK);
        SignAndVerify(Token, App, KeySpec.P256, pub, priv, ecdsa, hash);
    }

    [Test]
    public void PrivateKeysNeedTheUser()
    {
        LoginUser(Token);
        var (pub, priv) = Generate(Token, KeySpec.P256, priv: [B(CKA.PRIVATE, false)]);
        var ecdsa = P11Mechanism.Plain(CKM.ECDSA);
        Expect(Token.Sign(Other, priv, ecdsa, new byte[32]).Rv, CKR.USER_NOT_LOGGED_IN, "another client, not logged in");
        Expect(Token.Logout(App), CKR.OK);
        Expect(Token.Sign(App, priv, ecdsa, new byte[32]).Rv, CKR.USER_NOT_LOGGED_IN, "even a CKA_PRIVATE=false key");
        LoginSo(Token);
        Expect(Token.Sign(App, priv, ecdsa, new byte[32]).Rv, CKR.USER_NOT_LOGGED_IN, "the SO cannot use keys");
        Expect(Token.Logout(App), CKR.OK);
        LoginUser(Token, Other);
        SignAndVerify(Token, Other, KeySpec.P256, pub, priv, ecdsa, new byte[32]);
    }

    // ---- Decryption ---------------------------------------------------------------------------------------------------

    public static IEnumerable<TestCaseData> DecryptionCases()
    {
        foreach (var spec in new[] { KeySpec.Rsa2048, KeySpec.Rsa3072 })
        {
            TestCaseData Case(string name, P11Mechanism m, string how) => new TestCaseData(spec, m, how).SetName($"Decrypts_{spec.Name}_{name}");
            yield return Case("Pkcs1", P11Mechanism.Plain(CKM.RSA_PKCS), "system");
            yield return Case("OaepSha1", new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], []), "system");
            yield return Case("OaepSha256", new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA256, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED], []), "system");
            yield return Case("OaepSha1Label", new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], Utf8("label one")), "bc");
            yield return Case("OaepSha256Label", new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA256, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED], Utf8("a second label")), "bc");
            yield return Case("X509", P11Mechanism.Plain(CKM.RSA_X_509), "raw");
        }
    }

    [TestCaseSource(nameof(DecryptionCases))]
    public void Decrypts(KeySpec spec, P11Mechanism m, string how)
    {
        RequireMechanism(Shared, m.Type, spec.Bits);
        var (pubHandle, priv) = SharedKey(spec);
        var pub = Obj(Shared, pubHandle);
        var secret = RandomNumberGenerator.GetBytes(32);
        byte[] ciphertext;
        using (var rsa = Independent.Rsa(pub))
        {
            ciphertext = how switch
            {
                "system" => rsa.Encrypt(secret, m.Type == CKM.RSA_PKCS ? RSAEncryptionPadding.Pkcs1
                    : m.Numbers[0] == CKM.SHA_1 ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256),
                "bc" => OaepWithLabel(pub, m, secret),
                _ => Independent.RawPublic(pub, secret),
            };
        }
        if (!Performs(m))
        {
            ExpectMechanismRefused(Shared.Decrypt(SharedClient, priv, m, ciphertext).Rv, m);
            // A token that ignored the label would give the secret of a ciphertext made without it: that is refused too.
            if (m.Type == CKM.RSA_PKCS_OAEP && m.Data.Length > 0)
                ExpectMechanismRefused(Shared.Decrypt(SharedClient, priv, m, OaepWithLabel(pub, m with { Data = [] }, secret)).Rv, m);
            return;
        }
        var plain = Shared.Decrypt(SharedClient, priv, m, ciphertext).Ok();
        if (how == "raw") Assert.That(plain, Is.EqualTo(Independent.ToBytes(Independent.Unsigned(secret), spec.Bits / 8)), "k bytes");
        else Assert.That(plain, Is.EqualTo(secret));
    }

    /// <summary>OAEP with a label, which .NET cannot make: BouncyCastle's encoder with the public key.</summary>
    private static byte[] OaepWithLabel(P11Object pub, P11Mechanism m, byte[] secret)
    {
        var oaep = new OaepEncoding(new RsaEngine(), Independent.BcDigest(m.Numbers[0]), Independent.BcMgfDigest(m.Numbers[1]), m.Data);
        oaep.Init(true, new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, pub.Bytes(CKA.MODULUS)),
            new Org.BouncyCastle.Math.BigInteger(1, pub.Bytes(CKA.PUBLIC_EXPONENT))));
        return oaep.ProcessBlock(secret, 0, secret.Length);
    }

    [Test]
    public void DecryptionErrorsAreReported()
    {
        var spec = KeySpec.Rsa2048;
        var (pubHandle, priv) = SharedKey(spec);
        var pub = Obj(Shared, pubHandle);
        using var rsa = Independent.Rsa(pub);
        var pkcs1 = P11Mechanism.Plain(CKM.RSA_PKCS);
        var oaep = new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA256, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED], Utf8("right label"));
        var oaepSha1 = new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], []);
        // Bad input must be refused; a token without exact refusal codes may call it CKR_GENERAL_ERROR.
        nuint[] invalid = ExactRefusalCodes ? [CKR.ENCRYPTED_DATA_INVALID] : [CKR.ENCRYPTED_DATA_INVALID, CKR.GENERAL_ERROR];

        // A block whose padding is not PKCS#1 type 2.
        var badPadding = Independent.RawPublic(pub, [0x00, 0x01, .. Enumerable.Repeat((byte)0xFF, 200), 0x00, .. new byte[53]]);
        var refused = Shared.Decrypt(SharedClient, priv, pkcs1, badPadding);
        ExpectOneOf(refused.Rv, invalid);
        Assert.That(refused.Value, Is.Null.Or.Empty, "bad PKCS#1 padding: no plaintext");
        ExpectOneOf(Shared.Decrypt(SharedClient, priv, pkcs1, new byte[100]).Rv, CKR.ENCRYPTED_DATA_LEN_RANGE, CKR.ENCRYPTED_DATA_INVALID);
        ExpectOneOf(Shared.Decrypt(SharedClient, priv, pkcs1, new byte[257]).Rv, CKR.ENCRYPTED_DATA_LEN_RANGE, CKR.ENCRYPTED_DATA_INVALID);
        var secret = RandomNumberGenerator.GetBytes(16);
        Assert.That(Shared.Decrypt(SharedClient, priv, pkcs1, rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1)).Ok("after the refusals"), Is.EqualTo(secret),
            "the key still works");

        var wrongLabel = OaepWithLabel(pub, oaep with { Data = Utf8("wrong label") }, new byte[16]);
        if (Performs(oaep))
        {
            Expect(Shared.Decrypt(SharedClient, priv, oaep, wrongLabel).Rv, CKR.ENCRYPTED_DATA_INVALID, "another label");
            Expect(Shared.Decrypt(SharedClient, priv, oaep, rsa.Encrypt(new byte[16], RSAEncryptionPadding.Pkcs1)).Rv, CKR.ENCRYPTED_DATA_INVALID, "PKCS#1 is not OAEP");
        }
        else
        {
            ExpectMechanismRefused(Shared.Decrypt(SharedClient, priv, oaep, wrongLabel).Rv, oaep);
            ExpectMechanismRefused(Shared.Decrypt(SharedClient, priv, oaep, OaepWithLabel(pub, oaep with { Data = [] }, new byte[16])).Rv, oaep);
            Assert.That(Performs(oaepSha1), Is.True, "a token with OAEP performs it with SHA-1 at least");
            ExpectOneOf(Shared.Decrypt(SharedClient, priv, oaepSha1, rsa.Encrypt(new byte[16], RSAEncryptionPadding.Pkcs1)).Rv, invalid);
        }
        Expect(Shared.Decrypt(SharedClient, priv, oaep with { Numbers = [0x210, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED] }, wrongLabel).Rv,
            CKR.MECHANISM_PARAM_INVALID, "MD5");
        Expect(Shared.Decrypt(SharedClient, priv, oaep with { Numbers = [CKM.SHA256, CKG.MGF1_SHA256, 7] }, wrongLabel).Rv,
            CKR.MECHANISM_PARAM_INVALID, "source");
        Expect(Shared.Decrypt(SharedClient, priv, oaep with { Numbers = [CKM.SHA256] }, wrongLabel).Rv, CKR.MECHANISM_PARAM_INVALID, "too few");
        Expect(Shared.Decrypt(SharedClient, priv, P11Mechanism.Plain(CKM.RSA_PKCS_PSS), wrongLabel).Rv, CKR.MECHANISM_INVALID, "PSS decrypts nothing");

        var (_, ecPriv) = SharedKey(KeySpec.P256);
        ExpectOneOf(Shared.Decrypt(SharedClient, ecPriv, pkcs1, new byte[256]).Rv, CKR.KEY_TYPE_INCONSISTENT, CKR.KEY_FUNCTION_NOT_PERMITTED);
    }

    [Test]
    public void DecryptionChecksTheKey()
    {
        LoginUser(Token);
        var keyAttrs = ImportableRsaKey(out var rsa);
        using (rsa)
        {
            var priv = Token.CreateObject(App, Merge(keyAttrs, [B(CKA.DECRYPT, false)])).Ok();
            var ciphertext = rsa.Encrypt(new byte[16], RSAEncryptionPadding.Pkcs1);
            Expect(Token.Decrypt(App, priv, P11Mechanism.Plain(CKM.RSA_PKCS), ciphertext).Rv, CKR.KEY_FUNCTION_NOT_PERMITTED);
            Expect(Token.SetAttributes(App, priv, [B(CKA.DECRYPT, true)]), CKR.OK);
            Assert.That(Token.Decrypt(App, priv, P11Mechanism.Plain(CKM.RSA_PKCS), ciphertext).Ok(), Is.EqualTo(new byte[16]));
            Expect(Token.Logout(App), CKR.OK);
            Expect(Token.Decrypt(App, priv, P11Mechanism.Plain(CKM.RSA_PKCS), ciphertext).Rv, CKR.USER_NOT_LOGGED_IN);
        }
    }

    [Test]
    public void GeneratesRandomBytes()
    {
        var a = Token.GenerateRandom(32).Ok();
        var b = Token.GenerateRandom(32).Ok();
        Assert.That(a, Has.Length.EqualTo(32));
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(Token.GenerateRandom(1).Ok(), Has.Length.EqualTo(1));
        Assert.That(Token.GenerateRandom(1 << 20).Ok(), Has.Length.EqualTo(1 << 20));
        Expect(Token.GenerateRandom(0).Rv, CKR.ARGUMENTS_BAD);
        Expect(Token.GenerateRandom(-1).Rv, CKR.ARGUMENTS_BAD);
        Expect(Token.GenerateRandom((1 << 20) + 1).Rv, CKR.ARGUMENTS_BAD);
    }
}
