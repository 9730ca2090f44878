using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pkcs11Phone.Device.Pkcs11Backend;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.Pkcs11Backend.Pkcs11TestKit;

namespace Pkcs11Phone.Device.Tests.Pkcs11Backend;

/// <summary>The PKCS#11-token backend driving SoftHSMv2 directly: one fresh token for the fixture, a module per test.</summary>
[TestFixture]
public sealed class Pkcs11BackendTests
{
    private const string A = "client-a";
    private const string B = "client-b";

    private SoftHsmToken _softHsm = null!;
    private Pkcs11CryptoModule _module = null!;
    private IPhoneToken _token = null!;

    [OneTimeSetUp]
    public void MakeToken() => _softHsm = SoftHsmEnvironment.Current.CreateToken("direct");

    [SetUp]
    public void Open()
    {
        _module = SoftHsmEnvironment.Open(_softHsm);
        Assert.That(_module.Tokens, Has.Count.EqualTo(1), "the module offers exactly the fixture's token");
        _token = _module.Tokens[0];
    }

    [TearDown]
    public void Close() => _module.Dispose();

    private void LoginUser(string client) => Ok(_token.Login(client, CKU.USER, _softHsm.UserPinBytes), $"login of {client}");

    // ------------------------------------------------------------------ information

    [Test]
    public void Info_is_the_tokens_own()
    {
        var info = _token.Info;
        Assert.Multiple(() =>
        {
            Assert.That(info.Label, Is.EqualTo(_softHsm.Label));
            Assert.That(info.Serial, Is.Not.Empty);
            Assert.That(info.Manufacturer, Is.EqualTo("SoftHSM project"));
            Assert.That(info.Model, Does.StartWith("SoftHSM"));
            Assert.That(info.Flags & CKF.TOKEN_INITIALIZED, Is.Not.Zero);
            Assert.That(info.Flags & CKF.USER_PIN_INITIALIZED, Is.Not.Zero);
            Assert.That(info.Flags & CKF.LOGIN_REQUIRED, Is.Not.Zero);
            Assert.That(info.Flags & CKF.RNG, Is.Not.Zero);
            Assert.That(info.MinPinLength, Is.GreaterThan(0));
            Assert.That(info.MaxPinLength, Is.GreaterThanOrEqualTo(info.MinPinLength));
            Assert.That(info.HardwareVersion, Does.Match(@"^\d+\.\d+$"));
        });
    }

    [Test]
    public void Mechanisms_are_the_phones_operations_with_the_tokens_flags()
    {
        var mechanisms = _token.Mechanisms.ToDictionary(m => m.Mechanism);
        Assert.That(mechanisms.Keys, Is.SubsetOf(new ulong[]
        {
            CKM.RSA_PKCS_KEY_PAIR_GEN, CKM.EC_KEY_PAIR_GEN, CKM.EC_EDWARDS_KEY_PAIR_GEN, CKM.RSA_PKCS, CKM.RSA_X_509,
            CKM.RSA_PKCS_PSS, CKM.RSA_PKCS_OAEP, CKM.ECDSA, CKM.EDDSA,
        }));
        Assert.That(mechanisms.Keys, Is.SupersetOf(new ulong[]
        {
            CKM.RSA_PKCS_KEY_PAIR_GEN, CKM.EC_KEY_PAIR_GEN, CKM.RSA_PKCS, CKM.RSA_X_509, CKM.RSA_PKCS_PSS,
            CKM.RSA_PKCS_OAEP, CKM.ECDSA,
        }));
        Assert.Multiple(() =>
        {
            Assert.That(mechanisms[CKM.RSA_PKCS_KEY_PAIR_GEN].Flags & CKF.GENERATE_KEY_PAIR, Is.Not.Zero);
            Assert.That(mechanisms[CKM.RSA_PKCS].Flags & (CKF.SIGN | CKF.DECRYPT), Is.EqualTo((ulong)(CKF.SIGN | CKF.DECRYPT)));
            // The computer verifies and encrypts itself: the phone does not offer those.
            Assert.That(mechanisms[CKM.RSA_PKCS].Flags & (CKF.ENCRYPT | CKF.VERIFY | CKF.WRAP), Is.Zero);
            Assert.That(mechanisms[CKM.ECDSA].Flags & CKF.SIGN, Is.Not.Zero);
            Assert.That(mechanisms[CKM.ECDSA].Flags & CKF.VERIFY, Is.Zero);
            // Capability flags stay as the token reports them (SoftHSM names curves and takes uncompressed points).
            Assert.That(mechanisms[CKM.EC_KEY_PAIR_GEN].Flags & CKF.EC_NAMEDCURVE, Is.Not.Zero);
            Assert.That(mechanisms[CKM.RSA_PKCS].MinKeySize, Is.GreaterThan(0));
            Assert.That(mechanisms[CKM.RSA_PKCS].MaxKeySize, Is.GreaterThanOrEqualTo(2048));
        });
    }

    // ------------------------------------------------------------------ login

    [Test]
    public void Wrong_pin_reaches_the_token_and_the_right_one_logs_in()
    {
        Assert.That(_token.Login(A, CKU.USER, "000000"u8), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Assert.That(_token.LoggedInAs(A), Is.Null);
        // SoftHSMv2 has no retry counter: it raises CKF_USER_PIN_COUNT_LOW after a wrong PIN and never locks.
        Assert.That(_token.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Not.Zero);
        LoginUser(A);
        Assert.That(_token.LoggedInAs(A), Is.EqualTo((ulong)CKU.USER));
        Assert.That(_token.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Zero);
        Assert.That(_token.Login(A, CKU.USER, _softHsm.UserPinBytes), Is.EqualTo((ulong)CKR.USER_ALREADY_LOGGED_IN));
        Ok(_token.Logout(A), "logout");
        Assert.That(_token.Logout(A), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
    }

    [Test]
    public void SoftHsm_never_locks_the_user_pin()
    {
        for (int i = 0; i < 12; i++)
            Assert.That(_token.Login(A, CKU.USER, "99999999"u8), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Assert.That(_token.Info.Flags & (CKF.USER_PIN_LOCKED | CKF.USER_PIN_FINAL_TRY), Is.Zero);
        LoginUser(A);
    }

    [Test]
    public void A_second_clients_pin_is_checked_by_the_token_without_disturbing_the_first()
    {
        LoginUser(A);
        var (pub, priv) = EcTemplates(NewId());
        var tokenKey = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "token key");
        var (spub, spriv) = EcTemplates(NewId(), token: false);
        var sessionKey = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), spub, spriv), "session key");
        byte[] hash = SHA256.HashData("second client"u8);

        Assert.That(_token.Login(B, CKU.USER, "12345678"u8), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Assert.That(_token.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Not.Zero, "the wrong PIN reached the token");
        Assert.That(_token.LoggedInAs(B), Is.Null);
        Ok(_token.Sign(A, tokenKey.PrivateKey, Plain(CKM.ECDSA), hash).Rv, "A still signs with its token key");

        LoginUser(B);
        Assert.That(_token.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Zero);
        // A's handles (a private token key and a private session key) survived B's login.
        Ok(_token.Sign(A, tokenKey.PrivateKey, Plain(CKM.ECDSA), hash).Rv, "A signs after B's login");
        Ok(_token.Sign(A, sessionKey.PrivateKey, Plain(CKM.ECDSA), hash).Rv, "A's session key after B's login");
        Ok(_token.Sign(B, tokenKey.PrivateKey, Plain(CKM.ECDSA), hash).Rv, "B signs with the token key");

        Ok(_token.Logout(A), "A logs out");
        Assert.That(_token.Sign(A, tokenKey.PrivateKey, Plain(CKM.ECDSA), hash).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
        Ok(_token.Sign(B, tokenKey.PrivateKey, Plain(CKM.ECDSA), hash).Rv, "B still logged in");
        // A's private session key went with A's logout, as C_Logout destroys an application's private session objects.
        Assert.That(_token.Objects.Any(o => o.Handle == sessionKey.PrivateKey), Is.False);
        Ok(_token.Logout(B), "B logs out");
    }

    [Test]
    public void A_client_not_logged_in_cannot_use_private_keys_while_another_is()
    {
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        byte[] hash = SHA256.HashData("isolation"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_token.LoggedInAs(A), Is.EqualTo((ulong)CKU.USER));
            Assert.That(_token.LoggedInAs(B), Is.Null);
            Assert.That(_token.Sign(B, key.PrivateKey, Plain(CKM.RSA_PKCS), Sha256DigestInfo(hash)).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
            Assert.That(_token.Decrypt(B, key.PrivateKey, Plain(CKM.RSA_PKCS), new byte[256]).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
            Assert.That(_token.DestroyObject(B, key.PrivateKey), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
            Assert.That(_token.SetAttributes(B, key.PrivateKey, [P11Attribute.Of(CKA.LABEL, "taken")]), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
            Assert.That(_token.CreateObject(B, [P11Attribute.Of(CKA.CLASS, CKO.DATA), P11Attribute.Of(CKA.TOKEN, true),
                P11Attribute.Of(CKA.PRIVATE, true), P11Attribute.Of(CKA.LABEL, "private data")]).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
            // The token's default for a data object without CKA_PRIVATE is private: refused for B too, and not left behind.
            int before = _token.Objects.Count;
            Assert.That(_token.CreateObject(B, [P11Attribute.Of(CKA.CLASS, CKO.DATA), P11Attribute.Of(CKA.TOKEN, true),
                P11Attribute.Of(CKA.LABEL, "default data")]).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
            Assert.That(_token.Objects.Count, Is.EqualTo(before));
            Assert.That(_token.GenerateKeyPair(B, Plain(CKM.EC_KEY_PAIR_GEN), EcTemplates(NewId()).Public, EcTemplates(NewId()).Private).Rv,
                Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
        });
        Ok(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), Sha256DigestInfo(hash)).Rv, "A signs");
        Ok(_token.DestroyObject(A, key.PrivateKey), "A destroys");
        Ok(_token.DestroyObject(A, key.PublicKey), "A destroys");
    }

    [Test]
    public void So_and_user_are_not_logged_in_at_once()
    {
        LoginUser(A);
        Assert.That(_token.Login(B, CKU.SO, _softHsm.SoPinBytes), Is.EqualTo((ulong)CKR.USER_ANOTHER_ALREADY_LOGGED_IN));
        Assert.That(_token.Login(A, CKU.SO, _softHsm.SoPinBytes), Is.EqualTo((ulong)CKR.USER_ANOTHER_ALREADY_LOGGED_IN));
        Ok(_token.Logout(A), "logout");
        Ok(_token.Login(B, CKU.SO, _softHsm.SoPinBytes), "SO login");
        Assert.That(_token.LoggedInAs(B), Is.EqualTo((ulong)CKU.SO));
        Assert.That(_token.Login(A, CKU.SO, "wrong-so-pin"u8), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Ok(_token.Login(A, CKU.SO, _softHsm.SoPinBytes), "second SO login");
        Assert.That(_token.Login("c", CKU.USER, _softHsm.UserPinBytes), Is.EqualTo((ulong)CKR.USER_ANOTHER_ALREADY_LOGGED_IN));
        Ok(_token.Logout(A), "logout");
        Ok(_token.Logout(B), "logout");
        LoginUser("c");
    }

    [Test]
    public void Pins_change_and_so_resets_the_user_pin()
    {
        byte[] temporary = "87654321"u8.ToArray();
        Assert.That(_token.SetPin(A, "00000000"u8, temporary), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        LoginUser(A);
        Ok(_token.SetPin(A, _softHsm.UserPinBytes, temporary), "user changes own PIN");
        // Another client checks its PIN against the new one (the held PIN followed the change).
        Assert.That(_token.Login(B, CKU.USER, _softHsm.UserPinBytes), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Ok(_token.Login(B, CKU.USER, temporary), "B with the new PIN");
        Ok(_token.Logout(A), "logout");
        Ok(_token.Logout(B), "logout");

        Ok(_token.Login("so", CKU.SO, _softHsm.SoPinBytes), "SO login");
        Assert.That(_token.InitPin(A, _softHsm.UserPinBytes), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN), "only the SO sets the user PIN");
        Ok(_token.InitPin("so", _softHsm.UserPinBytes), "SO resets the user PIN");
        // Not logged in while the SO is: C_SetPIN still means the user's PIN.
        Ok(_token.SetPin(A, _softHsm.UserPinBytes, temporary), "user PIN changed by a client not logged in");
        Ok(_token.SetPin(A, temporary, _softHsm.UserPinBytes), "and back");
        Assert.That(_token.LoggedInAs("so"), Is.EqualTo((ulong)CKU.SO), "the SO stayed logged in");
        Ok(_token.SetPin("so", _softHsm.SoPinBytes, _softHsm.SoPinBytes), "SO changes the SO PIN");
        Ok(_token.Logout("so"), "SO logout");
        LoginUser(A);
    }

    // ------------------------------------------------------------------ keys and signatures

    [Test]
    public void Ec_p256_keys_sign_and_the_signature_verifies()
    {
        LoginUser(A);
        var (pub, priv) = EcTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "keygen");
        byte[] hash = SHA256.HashData("Pkcs11Phone ECDSA"u8);
        byte[] signature = Ok(_token.Sign(A, key.PrivateKey, Plain(CKM.ECDSA), hash), "sign");
        Assert.That(signature, Has.Length.EqualTo(64));
        using var ecdsa = EcPublicKey(_token, key.PublicKey);
        Assert.That(ecdsa.VerifyHash(hash, signature), Is.True);

        var listed = Listed(_token, key.PrivateKey);
        Assert.Multiple(() =>
        {
            Assert.That(listed.Find(CKA.CLASS)!.AsULong, Is.EqualTo((ulong)CKO.PRIVATE_KEY));
            Assert.That(listed.Find(CKA.KEY_TYPE)!.AsULong, Is.EqualTo((ulong)CKK.EC));
            Assert.That(listed.Find(CKA.SIGN)!.AsBool, Is.True);
            Assert.That(listed.Find(CKA.PRIVATE)!.AsBool, Is.True);
            Assert.That(listed.Find(CKA.EC_PARAMS)!.Value, Is.EqualTo(P256Params));
            Assert.That(listed.Find(CKA.VALUE), Is.Null, "no private scalar");
        });
    }

    [Test]
    public void Rsa_2048_signs_pkcs1_pss_and_raw()
    {
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        using var rsa = RsaPublicKey(_token, key.PublicKey);
        Assert.That(rsa.KeySize, Is.EqualTo(2048));
        byte[] hash = SHA256.HashData("Pkcs11Phone RSA"u8);

        byte[] pkcs1 = Ok(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), Sha256DigestInfo(hash)), "RSA-PKCS");
        Assert.That(rsa.VerifyHash(hash, pkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);

        byte[] pss = Ok(_token.Sign(A, key.PrivateKey, PssSha256, hash), "RSA-PSS");
        Assert.That(rsa.VerifyHash(hash, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pss), Is.True);

        // CKM_RSA_X_509 is the raw private-key operation: over the EMSA-PKCS1-v1_5 block it gives the PKCS#1 signature.
        byte[] block = new byte[256];
        byte[] digestInfo = Sha256DigestInfo(hash);
        block[1] = 1;
        block.AsSpan(2, block.Length - 3 - digestInfo.Length).Fill(0xFF);
        digestInfo.CopyTo(block, block.Length - digestInfo.Length);
        byte[] raw = Ok(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_X_509), block), "RSA-X-509");
        Assert.That(raw, Is.EqualTo(pkcs1));

        Assert.That(_token.Sign(A, key.PrivateKey, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256], []), hash).Rv,
            Is.EqualTo((ulong)CKR.MECHANISM_PARAM_INVALID), "PSS needs hash, MGF and salt length");
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.SHA256_RSA_PKCS), hash).Rv,
            Is.EqualTo((ulong)CKR.MECHANISM_INVALID), "hash-and-sign is the computer's part");
    }

    [Test]
    public void Rsa_inputs_longer_than_the_modulus_never_reach_the_token()
    {
        // SoftHSMv2 2.6 crashes the process on a CKM_RSA_X_509 signature over more bytes than the modulus has.
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId(), token: false);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_X_509), new byte[257]).Rv, Is.EqualTo((ulong)CKR.DATA_LEN_RANGE));
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), new byte[246]).Rv, Is.EqualTo((ulong)CKR.DATA_LEN_RANGE));
        Assert.That(_token.Decrypt(A, key.PrivateKey, Plain(CKM.RSA_PKCS), new byte[257]).Rv, Is.EqualTo((ulong)CKR.ENCRYPTED_DATA_LEN_RANGE));
        Assert.That(_token.Decrypt(A, key.PrivateKey, Plain(CKM.RSA_X_509), new byte[100]).Rv, Is.EqualTo((ulong)CKR.ENCRYPTED_DATA_LEN_RANGE));
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.ECDSA), new byte[32]).Rv, Is.EqualTo((ulong)CKR.KEY_TYPE_INCONSISTENT));
        Assert.That(_token.Sign(A, key.PrivateKey, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA256, 300], []),
            new byte[32]).Rv, Is.EqualTo((ulong)CKR.MECHANISM_PARAM_INVALID), "salt longer than the modulus allows");
        Assert.That(_token.Sign(A, key.PrivateKey, PssSha256, new byte[20]).Rv, Is.EqualTo((ulong)CKR.DATA_LEN_RANGE), "not a SHA-256 hash");
    }

    [Test]
    public void Certificate_fields_come_from_the_certificate()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Derived,O=Pkcs11Phone", ec, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        List<P11Attribute> template =
        [
            P11Attribute.Of(CKA.CLASS, CKO.CERTIFICATE), P11Attribute.Of(CKA.CERTIFICATE_TYPE, CKC.X_509),
            P11Attribute.Of(CKA.TOKEN, false), P11Attribute.Of(CKA.PRIVATE, false), new(CKA.VALUE, certificate.RawData),
        ];
        ulong handle = Ok(_token.CreateObject(B, template), "a certificate without CKA_SUBJECT (SoftHSM needs one)");
        var listed = Listed(_token, handle);
        Assert.That(Value(listed, CKA.SUBJECT), Is.EqualTo(certificate.SubjectName.RawData));
        Assert.That(Value(listed, CKA.ISSUER), Is.EqualTo(certificate.IssuerName.RawData));
        Assert.That(_token.CreateObject(B, [.. template, new P11Attribute(CKA.SUBJECT, [0x30, 0x00])]).Rv,
            Is.EqualTo((ulong)CKR.TEMPLATE_INCONSISTENT));
        Assert.That(_token.CreateObject(B, [.. template.Where(a => a.Type != CKA.VALUE), new P11Attribute(CKA.VALUE, [0x30, 0x03, 2, 1, 1])]).Rv,
            Is.EqualTo((ulong)CKR.ATTRIBUTE_VALUE_INVALID));
        _token.EndClient(B);
    }

    [Test]
    public void Rsa_decrypts_what_dotnet_encrypted()
    {
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        using var rsa = RsaPublicKey(_token, key.PublicKey);
        byte[] secret = RandomNumberGenerator.GetBytes(32);

        byte[] oaep = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA1);
        Assert.That(Ok(_token.Decrypt(A, key.PrivateKey, OaepSha1(), oaep), "OAEP"), Is.EqualTo(secret));

        byte[] pkcs1 = rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1);
        Assert.That(Ok(_token.Decrypt(A, key.PrivateKey, Plain(CKM.RSA_PKCS), pkcs1), "PKCS#1 v1.5"), Is.EqualTo(secret));

        // SoftHSMv2 2.6 does OAEP with SHA-1 only: it refuses other hashes at C_DecryptInit with CKR_ARGUMENTS_BAD, which
        // the phone reports as what it is, CKR_MECHANISM_PARAM_INVALID.
        byte[] oaep256 = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA256);
        var refused = _token.Decrypt(A, key.PrivateKey, OaepSha256, oaep256);
        Assert.That(refused.Rv, Is.EqualTo((ulong)CKR.MECHANISM_PARAM_INVALID).Or.EqualTo((ulong)CKR.OK));
        if (refused.Ok) Assert.That(refused.Value, Is.EqualTo(secret));

        Assert.That(_token.Decrypt(A, key.PrivateKey, OaepSha1(), new byte[256]).Rv, Is.Not.EqualTo((ulong)CKR.OK));
        // The failed operation left nothing behind: the next one works.
        Assert.That(Ok(_token.Decrypt(A, key.PrivateKey, OaepSha1(), oaep), "OAEP again"), Is.EqualTo(secret));
    }

    [Test]
    public void An_oaep_label_the_token_would_ignore_is_refused()
    {
        // SoftHSMv2 2.6 takes an OAEP label at C_DecryptInit and decrypts as if there were none: asked for a label, it
        // would give the plaintext of a ciphertext made without one. The phone refuses the label instead.
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId(), token: false);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        using var rsa = RsaPublicKey(_token, key.PublicKey);
        byte[] secret = RandomNumberGenerator.GetBytes(16);
        byte[] withoutLabel = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA1);
        Assert.That(_token.Info.Manufacturer, Is.EqualTo("SoftHSM project"));
        Assert.That(_token.Decrypt(A, key.PrivateKey, OaepSha1("the computer's label"u8.ToArray()), withoutLabel).Rv,
            Is.EqualTo((ulong)CKR.MECHANISM_PARAM_INVALID), "no plaintext for a ciphertext without the label");
        Assert.That(Ok(_token.Decrypt(A, key.PrivateKey, OaepSha1(), withoutLabel), "OAEP without a label"), Is.EqualTo(secret));
    }

    [Test]
    public void Mechanism_parameters_the_token_refuses_are_reported_as_such()
    {
        // SoftHSMv2 2.6 signs PSS only with the MGF1 of the signature's hash, and refuses others at C_SignInit with
        // CKR_ARGUMENTS_BAD: the phone passes a valid call, so that can only be the parameters.
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId(), token: false);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        byte[] hash = SHA256.HashData("parameters"u8);
        Assert.That(_token.Sign(A, key.PrivateKey, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA256, CKG.MGF1_SHA1, 20], []), hash).Rv,
            Is.EqualTo((ulong)CKR.MECHANISM_PARAM_INVALID));
        Ok(_token.Sign(A, key.PrivateKey, PssSha256, hash).Rv, "the session is usable afterwards");
        byte[] block = new byte[256];
        block[1] = 1;
        Assert.That(_token.Decrypt(A, key.PrivateKey, new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA384, CKG.MGF1_SHA384, CKZ.DATA_SPECIFIED], []),
            block).Rv, Is.EqualTo((ulong)CKR.MECHANISM_PARAM_INVALID), "OAEP with SHA-384");
    }

    [Test]
    public void Ed25519_signs_when_the_token_offers_it()
    {
        if (!_token.Mechanisms.Any(m => m.Mechanism == CKM.EC_EDWARDS_KEY_PAIR_GEN))
            Assert.Ignore("This SoftHSMv2 build has no EdDSA.");
        LoginUser(A);
        var (pub, priv) = EcTemplates(NewId(), ecParams: Ed25519Params);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_EDWARDS_KEY_PAIR_GEN), pub, priv), "keygen");
        byte[] message = "message"u8.ToArray();
        byte[] signature = Ok(_token.Sign(A, key.PrivateKey, Plain(CKM.EDDSA), message), "sign");
        Assert.That(signature, Has.Length.EqualTo(64));
        byte[] point = new System.Formats.Asn1.AsnReader(Value(Listed(_token, key.PublicKey), CKA.EC_POINT),
            System.Formats.Asn1.AsnEncodingRules.DER).ReadOctetString();
        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(point));
        verifier.BlockUpdate(message, 0, message.Length);
        Assert.That(verifier.VerifySignature(signature), Is.True);
        // The listing gives the private key the point of its public key (same CKA_ID) and both an RFC 8410 SPKI.
        Assert.That(Value(Listed(_token, key.PrivateKey), CKA.EC_POINT), Is.EqualTo(Value(Listed(_token, key.PublicKey), CKA.EC_POINT)));
        byte[] spki = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(
            new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(point)).GetDerEncoded();
        Assert.That(Value(Listed(_token, key.PublicKey), CKA.PUBLIC_KEY_INFO), Is.EqualTo(spki));
        Assert.That(Value(Listed(_token, key.PrivateKey), CKA.PUBLIC_KEY_INFO), Is.EqualTo(spki));
    }

    [Test]
    public void Always_authenticate_keys_take_a_context_specific_login_per_operation()
    {
        LoginUser(A);
        var (pub, priv) = RsaTemplates(NewId(), alwaysAuthenticate: true);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv), "keygen");
        using var rsa = RsaPublicKey(_token, key.PublicKey);
        byte[] hash = SHA256.HashData("always authenticate"u8);
        byte[] info = Sha256DigestInfo(hash);

        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), info).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN),
            "SoftHSM wants the context login");
        Assert.That(_token.Login(B, CKU.CONTEXT_SPECIFIC, _softHsm.UserPinBytes), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));

        Ok(_token.Login(A, CKU.CONTEXT_SPECIFIC, _softHsm.UserPinBytes), "context login");
        byte[] signature = Ok(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), info), "sign");
        Assert.That(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), info).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN),
            "one context login, one operation");

        // The token checks a context-specific PIN at once (with an operation started on an always-authenticate key).
        Assert.That(_token.Login(A, CKU.CONTEXT_SPECIFIC, "11111111"u8), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Assert.That(_token.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Not.Zero, "the wrong PIN reached the token");
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.RSA_PKCS), info).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));

        byte[] secret = RandomNumberGenerator.GetBytes(24);
        byte[] encrypted = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA1);
        Ok(_token.Login(A, CKU.CONTEXT_SPECIFIC, _softHsm.UserPinBytes), "context login");
        Assert.That(Ok(_token.Decrypt(A, key.PrivateKey, OaepSha1(), encrypted), "decrypt"), Is.EqualTo(secret));
        Assert.That(_token.LoggedInAs(A), Is.EqualTo((ulong)CKU.USER));
    }

    // ------------------------------------------------------------------ objects

    [Test]
    public void Certificates_are_created_listed_and_destroyed()
    {
        LoginUser(A);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Pkcs11Phone test", ec, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        byte[] id = NewId();
        ulong generation = _token.Generation;
        ulong handle = Ok(_token.CreateObject(A,
        [
            P11Attribute.Of(CKA.CLASS, CKO.CERTIFICATE), P11Attribute.Of(CKA.CERTIFICATE_TYPE, CKC.X_509),
            P11Attribute.Of(CKA.TOKEN, true), P11Attribute.Of(CKA.PRIVATE, false), P11Attribute.Of(CKA.LABEL, "test cert"),
            new(CKA.ID, id), new(CKA.SUBJECT, certificate.SubjectName.RawData), new(CKA.VALUE, certificate.RawData),
        ]), "create");
        Assert.That(_token.Generation, Is.Not.EqualTo(generation));

        var listed = Listed(_token, handle);
        Assert.Multiple(() =>
        {
            Assert.That(listed.Find(CKA.CLASS)!.AsULong, Is.EqualTo((ulong)CKO.CERTIFICATE));
            Assert.That(listed.Find(CKA.VALUE)!.Value, Is.EqualTo(certificate.RawData));
            Assert.That(listed.Find(CKA.ID)!.Value, Is.EqualTo(id));
            Assert.That(listed.Find(CKA.TOKEN)!.Value, Is.EqualTo(new byte[] { 1 }), "CK_BBOOL is one byte");
            Assert.That(listed.Find(CKA.CERTIFICATE_TYPE)!.Value, Has.Length.EqualTo(8), "CK_ULONG is eight bytes");
            Assert.That(System.Text.Encoding.UTF8.GetString(listed.Find(CKA.LABEL)!.Value), Is.EqualTo("test cert"));
        });

        Ok(_token.SetAttributes(A, handle, [P11Attribute.Of(CKA.LABEL, "renamed")]), "rename");
        Assert.That(System.Text.Encoding.UTF8.GetString(Listed(_token, handle).Find(CKA.LABEL)!.Value), Is.EqualTo("renamed"));

        generation = _token.Generation;
        Ok(_token.DestroyObject(A, handle), "destroy");
        Assert.That(_token.Generation, Is.Not.EqualTo(generation));
        Assert.That(_token.Objects.Any(o => o.Handle == handle), Is.False);
        Assert.That(_token.DestroyObject(A, handle), Is.EqualTo((ulong)CKR.OBJECT_HANDLE_INVALID));
    }

    [Test]
    public void Public_objects_are_created_by_clients_not_logged_in()
    {
        ulong handle = Ok(_token.CreateObject(B,
        [
            P11Attribute.Of(CKA.CLASS, CKO.DATA), P11Attribute.Of(CKA.TOKEN, true), P11Attribute.Of(CKA.PRIVATE, false),
            P11Attribute.Of(CKA.LABEL, "public data"), new(CKA.VALUE, [1, 2, 3]),
        ]), "create");
        Assert.That(Listed(_token, handle).Find(CKA.VALUE)!.Value, Is.EqualTo(new byte[] { 1, 2, 3 }), "a data object's value is listed");
        Ok(_token.DestroyObject(B, handle), "destroy");
    }

    [Test]
    public void Session_objects_belong_to_their_client_and_vanish_with_it()
    {
        LoginUser(A);
        ulong data = Ok(_token.CreateObject(A,
        [
            P11Attribute.Of(CKA.CLASS, CKO.DATA), P11Attribute.Of(CKA.TOKEN, false), P11Attribute.Of(CKA.PRIVATE, false),
            P11Attribute.Of(CKA.LABEL, "session data"),
        ]), "session object");
        var (pub, priv) = EcTemplates(NewId(), token: false);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "session key pair");
        LoginUser(B);
        Assert.Multiple(() =>
        {
            Assert.That(Listed(_token, data).Find(CKA.TOKEN)!.AsBool, Is.False);
            Assert.That(_token.Objects.Any(o => o.Handle == key.PrivateKey), Is.True);
            Assert.That(_token.DestroyObject(B, data), Is.EqualTo((ulong)CKR.OBJECT_HANDLE_INVALID), "not B's");
            Assert.That(_token.Sign(B, key.PrivateKey, Plain(CKM.ECDSA), new byte[32]).Rv, Is.EqualTo((ulong)CKR.KEY_HANDLE_INVALID));
        });
        ulong generation = _token.Generation;
        _token.EndClient(A);
        Assert.That(_token.Generation, Is.Not.EqualTo(generation));
        Assert.That(_token.LoggedInAs(A), Is.Null);
        var handles = _token.Objects.Select(o => o.Handle).ToList();
        Assert.That(handles, Does.Not.Contain(data).And.Not.Contain(key.PrivateKey).And.Not.Contain(key.PublicKey));
        Assert.That(_token.LoggedInAs(B), Is.EqualTo((ulong)CKU.USER), "B is unaffected");
        _token.EndClient(B);
        _token.EndClient("never-seen");
    }

    [Test]
    public void The_listing_never_carries_key_material()
    {
        LoginUser(A);
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        ulong handle = Ok(_token.CreateObject(A,
        [
            P11Attribute.Of(CKA.CLASS, CKO.PRIVATE_KEY), P11Attribute.Of(CKA.KEY_TYPE, CKK.RSA), P11Attribute.Of(CKA.TOKEN, false),
            P11Attribute.Of(CKA.PRIVATE, true), P11Attribute.Of(CKA.SENSITIVE, false), P11Attribute.Of(CKA.EXTRACTABLE, true),
            P11Attribute.Of(CKA.SIGN, true), new(CKA.MODULUS, p.Modulus!), new(CKA.PUBLIC_EXPONENT, p.Exponent!),
            new(CKA.PRIVATE_EXPONENT, p.D!), new(CKA.PRIME_1, p.P!), new(CKA.PRIME_2, p.Q!), new(CKA.EXPONENT_1, p.DP!),
            new(CKA.EXPONENT_2, p.DQ!), new(CKA.COEFFICIENT, p.InverseQ!),
        ]), "import");
        var listed = Listed(_token, handle);
        Assert.That(listed.Find(CKA.MODULUS)!.Value, Is.EqualTo(p.Modulus));
        Assert.That(listed.Find(CKA.SENSITIVE)!.AsBool, Is.False);
        foreach (var type in new ulong[] { CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2, CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT, CKA.VALUE })
            Assert.That(listed.Find(type), Is.Null, $"attribute 0x{type:x}");

        // The imported key signs.
        byte[] hash = SHA256.HashData("imported"u8);
        byte[] signature = Ok(_token.Sign(A, handle, Plain(CKM.RSA_PKCS), Sha256DigestInfo(hash)), "sign");
        Assert.That(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);
    }

    [Test]
    public void Private_objects_stay_listed_with_their_handles_after_the_last_logout()
    {
        LoginUser(A);
        var (pub, priv) = EcTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "keygen");
        Ok(_token.Logout(A), "logout");
        // The module stays logged in on the token (the resting login); the client records still refuse everyone.
        Assert.That(_token.Objects.Any(o => o.Handle == key.PrivateKey), Is.True);
        Assert.That(_token.Sign(A, key.PrivateKey, Plain(CKM.ECDSA), new byte[32]).Rv, Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
        Assert.That(_token.DestroyObject(A, key.PrivateKey), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
        Assert.That(_token.Login(B, CKU.USER, "00000000"u8), Is.EqualTo((ulong)CKR.PIN_INCORRECT), "a PIN is still checked by the token");
        LoginUser(B);
        Ok(_token.Sign(B, key.PrivateKey, Plain(CKM.ECDSA), new byte[32]).Rv, "the same handle after the next login");
        Ok(_token.Logout(B), "logout");

        // An SO login ends the resting login: the token then hides private objects until a user logs in.
        Ok(_token.Login("so", CKU.SO, _softHsm.SoPinBytes), "SO login");
        Assert.That(_token.Objects.Any(o => o.Find(CKA.CLASS)?.AsULong == CKO.PRIVATE_KEY), Is.False);
        Ok(_token.Logout("so"), "SO logout");
        LoginUser(A);
        Assert.That(_token.Objects.Count(o => o.Find(CKA.ID)?.Value.AsSpan().SequenceEqual(Value(Listed(_token, key.PublicKey), CKA.ID)) == true),
            Is.EqualTo(2), "listed again after a user login (with new handles)");
    }

    [Test]
    public void Without_the_resting_login_private_objects_are_hidden_after_the_last_logout()
    {
        _module.Dispose();
        _module = new Pkcs11CryptoModule(SoftHsmEnvironment.LibraryPath, _softHsm.Label, stayLoggedIn: false);
        _token = _module.Tokens.Single();
        LoginUser(A);
        var (pub, priv) = EcTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "keygen");
        Assert.That(_token.Objects.Any(o => o.Handle == key.PrivateKey), Is.True);
        ulong generation = _token.Generation;
        Ok(_token.Logout(A), "logout");
        Assert.That(_token.Generation, Is.Not.EqualTo(generation));
        Assert.That(_token.Objects.Any(o => o.Find(CKA.CLASS)?.AsULong == CKO.PRIVATE_KEY), Is.False,
            "PKCS#11 hides private objects from an application that is not logged in");
        Assert.That(_token.Objects.Any(o => o.Handle == key.PublicKey), Is.True);
    }

    [Test]
    public void Generation_stays_while_nothing_changes()
    {
        ulong first = _token.Generation;
        _ = _token.Objects;
        _ = _token.Info;
        Assert.That(_token.Generation, Is.EqualTo(first));
        LoginUser(A);
        Assert.That(_token.Generation, Is.GreaterThan(first));
    }

    [Test]
    public void Token_objects_outlive_a_restart()
    {
        LoginUser(A);
        byte[] id = NewId();
        var (pub, priv) = EcTemplates(id);
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "keygen");
        byte[] point = Value(Listed(_token, key.PublicKey), CKA.EC_POINT);

        _module.Dispose();
        _module = SoftHsmEnvironment.Open(_softHsm);
        _token = _module.Tokens.Single();
        Assert.That(_token.LoggedInAs(A), Is.Null, "a restart forgets logins");
        LoginUser(A);
        var reopened = _token.Objects.Where(o => o.Find(CKA.ID)?.Value.AsSpan().SequenceEqual(id) == true).ToList();
        Assert.That(reopened, Has.Count.EqualTo(2));
        var publicKey = reopened.Single(o => o.Find(CKA.CLASS)!.AsULong == CKO.PUBLIC_KEY);
        var privateKey = reopened.Single(o => o.Find(CKA.CLASS)!.AsULong == CKO.PRIVATE_KEY);
        Assert.That(Value(publicKey, CKA.EC_POINT), Is.EqualTo(point));
        byte[] hash = SHA256.HashData("after restart"u8);
        using var ecdsa = EcPublicKey(_token, publicKey.Handle);
        Assert.That(ecdsa.VerifyHash(hash, Ok(_token.Sign(A, privateKey.Handle, Plain(CKM.ECDSA), hash), "sign")), Is.True);
    }

    [Test]
    public void Random_bytes_come_from_the_token()
    {
        Assert.That(Ok(_token.GenerateRandom(32), "random"), Has.Length.EqualTo(32));
        Assert.That(Ok(_token.GenerateRandom(1 << 20), "the most"), Has.Length.EqualTo(1 << 20));
        Assert.That(_token.GenerateRandom(0).Rv, Is.EqualTo((ulong)CKR.ARGUMENTS_BAD));
        Assert.That(_token.GenerateRandom(-1).Rv, Is.EqualTo((ulong)CKR.ARGUMENTS_BAD));
        Assert.That(_token.GenerateRandom((1 << 20) + 1).Rv, Is.EqualTo((ulong)CKR.ARGUMENTS_BAD));
    }

    [Test]
    public void Bad_input_is_answered_with_a_return_value()
    {
        LoginUser(A);
        Assert.Multiple(() =>
        {
            Assert.That(_token.Login(null!, CKU.USER, "1234"u8), Is.EqualTo((ulong)CKR.ARGUMENTS_BAD));
            Assert.That(_token.Login(B, 7, "1234"u8), Is.EqualTo((ulong)CKR.USER_TYPE_INVALID));
            Assert.That(_token.Sign(A, 0xDEAD, Plain(CKM.ECDSA), new byte[32]).Rv, Is.Not.EqualTo((ulong)CKR.OK));
            Assert.That(_token.Sign(A, 0xDEAD, null!, new byte[32]).Rv, Is.EqualTo((ulong)CKR.ARGUMENTS_BAD));
            Assert.That(_token.Decrypt(A, 0xDEAD, Plain(CKM.AES_ECB), new byte[16]).Rv, Is.EqualTo((ulong)CKR.MECHANISM_INVALID));
            Assert.That(_token.DestroyObject(A, 0xDEAD), Is.EqualTo((ulong)CKR.OBJECT_HANDLE_INVALID));
            Assert.That(_token.SetAttributes(A, 0xDEAD, [P11Attribute.Of(CKA.LABEL, "x")]), Is.EqualTo((ulong)CKR.OBJECT_HANDLE_INVALID));
            Assert.That(_token.CreateObject(A, []).Rv, Is.EqualTo((ulong)CKR.TEMPLATE_INCOMPLETE));
            Assert.That(_token.CreateObject(A, [new P11Attribute(CKA.WRAP_TEMPLATE, new byte[16])]).Rv,
                Is.EqualTo((ulong)CKR.ATTRIBUTE_VALUE_INVALID));
            Assert.That(_token.CreateObject(A, [P11Attribute.Of(CKA.CLASS, CKO.DATA), new P11Attribute(CKA.TOKEN, new byte[3])]).Rv,
                Is.Not.EqualTo((ulong)CKR.OK));
            Assert.That(_token.GenerateKeyPair(A, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), [], []).Rv, Is.Not.EqualTo((ulong)CKR.OK));
            Assert.That(_token.GenerateKeyPair(A, Plain(CKM.AES_KEY_GEN), [], []).Rv, Is.EqualTo((ulong)CKR.MECHANISM_INVALID));
            Assert.That(_token.InitToken(_softHsm.SoPinBytes, new string('x', 33)), Is.EqualTo((ulong)CKR.ARGUMENTS_BAD));
        });
    }

    [Test]
    public void Concurrent_clients_sign_in_parallel()
    {
        LoginUser(A);
        var (pub, priv) = EcTemplates(NewId());
        var key = Ok(_token.GenerateKeyPair(A, Plain(CKM.EC_KEY_PAIR_GEN), pub, priv), "keygen");
        using var ecdsa = EcPublicKey(_token, key.PublicKey);
        var clients = Enumerable.Range(0, 6).Select(i => "parallel-" + i).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(clients, client =>
        {
            ulong rv = _token.Login(client, CKU.USER, _softHsm.UserPinBytes);
            if (rv != CKR.OK) { failures.Add($"{client} login 0x{rv:x}"); return; }
            for (int i = 0; i < 20; i++)
            {
                byte[] hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(client + i));
                var signature = _token.Sign(client, key.PrivateKey, Plain(CKM.ECDSA), hash);
                if (!signature.Ok || !ecdsa.VerifyHash(hash, signature.Value!)) failures.Add($"{client} sign 0x{signature.Rv:x}");
                _ = _token.Generation;
            }
            _token.EndClient(client);
        });
        Assert.That(failures, Is.Empty);
    }
}

/// <summary>C_InitToken through the backend, on a token of its own.</summary>
[TestFixture]
public sealed class Pkcs11BackendInitTokenTests
{
    [Test]
    public void InitToken_wipes_the_token_and_sets_its_label()
    {
        var softHsm = SoftHsmEnvironment.Current.CreateToken("init");
        using (var module = SoftHsmEnvironment.Open(softHsm))
        {
            var token = module.Tokens.Single();
            string serial = token.Info.Serial;
            Ok(token.Login("a", CKU.USER, softHsm.UserPinBytes), "login");
            var (pub, priv) = EcTemplates(NewId());
            Ok(token.GenerateKeyPair("a", Plain(CKM.EC_KEY_PAIR_GEN), pub, priv).Rv, "keygen");
            Assert.That(token.InitToken(softHsm.SoPinBytes, "wiped"), Is.EqualTo((ulong)CKR.SESSION_EXISTS), "a client is logged in");
            token.EndClient("a");

            Assert.That(token.InitToken("not-the-so-pin"u8, "wiped"), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
            ulong generation = token.Generation;
            Ok(token.InitToken(softHsm.SoPinBytes, "wiped"), "init token");
            Assert.That(token.Generation, Is.Not.EqualTo(generation));
            var info = token.Info;
            Assert.That(info.Label, Is.EqualTo("wiped"));
            Assert.That(info.Serial, Is.EqualTo(serial), "the token keeps its serial");
            Assert.That(info.Flags & CKF.USER_PIN_INITIALIZED, Is.Zero);
            Assert.That(token.Objects, Is.Empty);
            Assert.That(token.Login("a", CKU.USER, softHsm.UserPinBytes), Is.EqualTo((ulong)CKR.USER_PIN_NOT_INITIALIZED));

            Ok(token.Login("so", CKU.SO, softHsm.SoPinBytes), "SO login");
            Ok(token.InitPin("so", softHsm.UserPinBytes), "init PIN");
            Ok(token.Logout("so"), "SO logout");
            Ok(token.Login("a", CKU.USER, softHsm.UserPinBytes), "user login");
            Assert.That(token.Info.Flags & CKF.USER_PIN_INITIALIZED, Is.Not.Zero);
        }
    }

    [Test]
    public void Modules_filter_tokens_by_label_and_share_the_library()
    {
        var first = SoftHsmEnvironment.Current.CreateToken("first");
        var second = SoftHsmEnvironment.Current.CreateToken("second");
        using var a = SoftHsmEnvironment.Open(first);
        using var b = SoftHsmEnvironment.Open(second);
        Assert.That(a.Tokens.Single().Info.Label, Is.EqualTo(first.Label));
        Assert.That(b.Tokens.Single().Info.Label, Is.EqualTo(second.Label));
        using (var all = new Pkcs11CryptoModule(SoftHsmEnvironment.LibraryPath))
        {
            Assert.That(all.Tokens.Select(t => t.Info.Label), Is.SupersetOf(new[] { first.Label, second.Label }));
            // Without a label every present token is offered, SoftHSM's free (uninitialized) slot included.
            Assert.That(all.Tokens.Any(t => (t.Info.Flags & CKF.TOKEN_INITIALIZED) == 0), Is.True);
        }
        // Disposing one module leaves the shared library initialized for the others.
        Ok(a.Tokens.Single().GenerateRandom(8).Rv, "first module still works");
        using var none = new Pkcs11CryptoModule(SoftHsmEnvironment.LibraryPath, "no-such-label");
        Assert.That(none.Tokens, Is.Empty);

        // A token made while the library is in use (SoftHSM would not see softhsm2-util's) is made in-process.
        var third = SoftHsmEnvironment.Current.CreateToken("third");
        using var c = SoftHsmEnvironment.Open(third);
        var token = c.Tokens.Single();
        Ok(token.Login("user", CKU.USER, third.UserPinBytes), "user login on the in-process token");
        Assert.That(token.Info.Label, Is.EqualTo(third.Label));
    }

    [Test]
    public void An_uninitialized_token_is_initialized_through_the_backend()
    {
        using var module = new Pkcs11CryptoModule(SoftHsmEnvironment.LibraryPath);
        var free = module.Tokens.First(t => (t.Info.Flags & CKF.TOKEN_INITIALIZED) == 0);
        Assert.That(free.Objects, Is.Empty);
        Assert.That(free.Login("a", CKU.USER, "12345678"u8), Is.Not.EqualTo((ulong)CKR.OK));
        byte[] soPin = System.Text.Encoding.UTF8.GetBytes(SoftHsmEnvironment.NewPin());
        byte[] userPin = System.Text.Encoding.UTF8.GetBytes(SoftHsmEnvironment.NewPin());
        string label = "fresh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Ok(free.InitToken(soPin, label), "C_InitToken sets the SO PIN of a fresh token");
        Assert.That(free.Info.Label, Is.EqualTo(label));
        Assert.That(free.Info.Flags & CKF.TOKEN_INITIALIZED, Is.Not.Zero);
        Ok(free.Login("so", CKU.SO, soPin), "SO login");
        Ok(free.InitPin("so", userPin), "init PIN");
        Ok(free.Logout("so"), "SO logout");
        Ok(free.Login("a", CKU.USER, userPin), "user login");
        var (pub, priv) = EcTemplates(NewId());
        Ok(free.GenerateKeyPair("a", Plain(CKM.EC_KEY_PAIR_GEN), pub, priv).Rv, "keygen");
    }
}
