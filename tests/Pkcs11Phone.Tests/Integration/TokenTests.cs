using System.Formats.Asn1;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// The token life cycle through the published module: initialization, PINs, sessions, key generation on
/// the phone, the catalogue as the computer sees it, and signatures checked with .NET's own RSA and ECDSA.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class TokenTests
{
    private const string SoPin = "so-pin-4711";
    private const string UserPin = "user-pin-0815";
    private PhoneHarness _phone = null!;
    private Pkcs11InteropFactories _f = null!;
    private IPkcs11Library _lib = null!;
    private ISlot _slot = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _ready = new ReadyToken("Token tests", SoPin, UserPin);
        (_phone, _f, _lib, _slot) = (_ready.Harness, _ready.F, _ready.Library, _ready.Slot);
    }

    private ReadyToken? _ready;

    [OneTimeTearDown]
    public void Stop() => _ready?.Dispose();

    private IObjectAttribute A(CKA type, object value) => value switch
    {
        bool b => _f.ObjectAttributeFactory.Create(type, b),
        string s => _f.ObjectAttributeFactory.Create(type, s),
        byte[] bytes => _f.ObjectAttributeFactory.Create(type, bytes),
        CKO o => _f.ObjectAttributeFactory.Create(type, o),
        CKK k => _f.ObjectAttributeFactory.Create(type, k),
        ulong u => _f.ObjectAttributeFactory.Create(type, u),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    [Test]
    public void TokenInfoShowsInitializedPins()
    {
        var info = _slot.GetTokenInfo();
        Assert.Multiple(() =>
        {
            Assert.That(info.Label, Is.EqualTo("Token tests"));
            Assert.That(info.TokenFlags.TokenInitialized, Is.True);
            Assert.That(info.TokenFlags.UserPinInitialized, Is.True);
        });
    }

    [Test]
    public void WrongPinIsRefusedAndCounted()
    {
        using var s = _slot.OpenSession(SessionType.ReadOnly);
        var e = Assert.Throws<Pkcs11Exception>(() => s.Login(CKU.CKU_USER, "not-the-pin"));
        Assert.That(e!.RV, Is.EqualTo(CKR.CKR_PIN_INCORRECT));
        Assert.That(_slot.GetTokenInfo().TokenFlags.UserPinCountLow, Is.True);
        s.Login(CKU.CKU_USER, UserPin);
        Assert.That(_slot.GetTokenInfo().TokenFlags.UserPinCountLow, Is.False, "a right PIN resets the counter");
        s.Logout();
    }

    [Test]
    public void SessionStatesFollowLogin()
    {
        using var ro = _slot.OpenSession(SessionType.ReadOnly);
        using var rw = _slot.OpenSession(SessionType.ReadWrite);
        Assert.That(ro.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RO_PUBLIC_SESSION));
        Assert.That(rw.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_PUBLIC_SESSION));
        rw.Login(CKU.CKU_USER, UserPin);
        Assert.That(ro.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RO_USER_FUNCTIONS));
        Assert.That(rw.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_USER_FUNCTIONS));
        var again = Assert.Throws<Pkcs11Exception>(() => ro.Login(CKU.CKU_USER, UserPin));
        Assert.That(again!.RV, Is.EqualTo(CKR.CKR_USER_ALREADY_LOGGED_IN));
        var so = Assert.Throws<Pkcs11Exception>(() => rw.Login(CKU.CKU_SO, SoPin));
        Assert.That(so!.RV, Is.EqualTo(CKR.CKR_USER_ANOTHER_ALREADY_LOGGED_IN));
        rw.Logout();
        Assert.That(ro.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RO_PUBLIC_SESSION));
    }

    [Test]
    public void ReadOnlySessionCannotCreateTokenObjects()
    {
        using var ro = _slot.OpenSession(SessionType.ReadOnly);
        var e = Assert.Throws<Pkcs11Exception>(() => ro.CreateObject([A(CKA.CKA_CLASS, CKO.CKO_DATA), A(CKA.CKA_TOKEN, true), A(CKA.CKA_LABEL, "x")]));
        Assert.That(e!.RV, Is.EqualTo(CKR.CKR_SESSION_READ_ONLY));
    }

    [Test]
    public void EcKeyPairOnThePhoneSignsWhatDotNetVerifies()
    {
        using var s = _slot.OpenSession(SessionType.ReadWrite);
        s.Login(CKU.CKU_USER, UserPin);
        try
        {
            byte[] id = [0xEC, 0x01];
            s.GenerateKeyPair(_f.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [A(CKA.CKA_TOKEN, true), A(CKA.CKA_EC_PARAMS, P256), A(CKA.CKA_VERIFY, true), A(CKA.CKA_ID, id), A(CKA.CKA_LABEL, "ec key")],
                [A(CKA.CKA_TOKEN, true), A(CKA.CKA_PRIVATE, true), A(CKA.CKA_SIGN, true), A(CKA.CKA_ID, id), A(CKA.CKA_LABEL, "ec key")],
                out var pub, out var priv);

            // The catalogue finds both by class and CKA_ID, without asking the phone.
            var found = s.FindAllObjects([A(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), A(CKA.CKA_ID, id)]);
            Assert.That(found.Select(h => h.ObjectId), Is.EqualTo(new[] { priv.ObjectId }));
            Assert.That(s.FindAllObjects([A(CKA.CKA_LABEL, "ec key")]), Has.Count.EqualTo(2));

            var attrs = s.GetAttributeValue(priv, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_LOCAL, CKA.CKA_KEY_GEN_MECHANISM,
                CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_EC_POINT, CKA.CKA_EC_PARAMS, CKA.CKA_VALUE]);
            Assert.Multiple(() =>
            {
                Assert.That(attrs[0].GetValueAsBool(), Is.True, "CKA_SENSITIVE");
                Assert.That(attrs[1].GetValueAsBool(), Is.False, "CKA_EXTRACTABLE");
                Assert.That(attrs[2].GetValueAsBool(), Is.True, "CKA_LOCAL");
                Assert.That(attrs[3].GetValueAsUlong(), Is.EqualTo((ulong)CKM.CKM_EC_KEY_PAIR_GEN));
                Assert.That(attrs[4].GetValueAsBool(), Is.True, "CKA_ALWAYS_SENSITIVE");
                Assert.That(attrs[5].GetValueAsBool(), Is.True, "CKA_NEVER_EXTRACTABLE");
                Assert.That(attrs[7].GetValueAsByteArray(), Is.EqualTo(P256));
                Assert.That(attrs[8].CannotBeRead, Is.True, "CKA_VALUE of a private key is sensitive");
            });

            // The public point, read from the private key as ssh and NSS do.
            var point = new AsnReader(attrs[6].GetValueAsByteArray(), AsnEncodingRules.DER).ReadOctetString();
            Assert.That(point, Has.Length.EqualTo(65));
            Assert.That(point[0], Is.EqualTo(0x04));
            using var ec = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });

            var data = "signed by the phone"u8.ToArray();
            var signature = s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), priv, data);
            Assert.That(signature, Has.Length.EqualTo(64));
            Assert.That(ec.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);
            data[0] ^= 1;
            Assert.That(ec.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.False);

            // One link round trip per private-key operation; searches, attribute reads, length queries,
            // token and mechanism information cost none.
            var trips = AgentProbe.During(_phone, () =>
            {
                s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), priv, data);
                s.FindAllObjects([A(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), A(CKA.CKA_ID, id)]);
                s.GetAttributeValue(priv, [CKA.CKA_EC_POINT, CKA.CKA_LABEL]);
                _slot.GetTokenInfo();
                _slot.GetMechanismInfo(CKM.CKM_ECDSA);
                s.GetSessionInfo();
                s.Verify(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), pub, data, s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), priv, data), out bool valid);
                Assert.That(valid, Is.True, "C_Verify on the computer");
                s.Digest(_f.MechanismFactory.Create(CKM.CKM_SHA256), data);
            });
            // Two signatures above (one verified on the computer): two round trips, nothing else.
            Assert.That(trips, Is.EquivalentTo(new Dictionary<string, long> { ["+P11SIGN"] = 2 }));

            // Raw ECDSA over a hash the application made.
            var hash = SHA256.HashData("raw"u8);
            var raw = s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA), priv, hash);
            Assert.That(ec.VerifyHash(hash, raw), Is.True);

            // Multi-part: Pkcs11Interop reads a stream in 4 KiB parts (C_SignUpdate each), then C_SignFinal.
            var big = RandomNumberGenerator.GetBytes(10_000);
            var multi = s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), priv, new MemoryStream(big));
            Assert.That(ec.VerifyData(big, multi, HashAlgorithmName.SHA256), Is.True);

            var wrong = Assert.Throws<Pkcs11Exception>(() => s.Sign(_f.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS), priv, data));
            Assert.That(wrong!.RV, Is.EqualTo(CKR.CKR_KEY_TYPE_INCONSISTENT));
        }
        finally
        {
            s.Logout();
        }
        // Logged out, the private key is out of sight; the public key is not.
        using var pub2 = _slot.OpenSession(SessionType.ReadOnly);
        Assert.That(pub2.FindAllObjects([A(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)]), Is.Empty);
        Assert.That(pub2.FindAllObjects([A(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), A(CKA.CKA_LABEL, "ec key")]), Has.Count.EqualTo(1));
    }

    [Test]
    public void RsaKeyPairSignsPkcs1AndPss()
    {
        using var s = _slot.OpenSession(SessionType.ReadWrite);
        s.Login(CKU.CKU_USER, UserPin);
        try
        {
            s.GenerateKeyPair(_f.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
                [A(CKA.CKA_TOKEN, true), A(CKA.CKA_MODULUS_BITS, 2048UL), A(CKA.CKA_VERIFY, true), A(CKA.CKA_ENCRYPT, true), A(CKA.CKA_LABEL, "rsa key")],
                [A(CKA.CKA_TOKEN, true), A(CKA.CKA_PRIVATE, true), A(CKA.CKA_SIGN, true), A(CKA.CKA_DECRYPT, true), A(CKA.CKA_LABEL, "rsa key")],
                out var pub, out var priv);
            var a = s.GetAttributeValue(priv, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT, CKA.CKA_PRIVATE_EXPONENT]);
            Assert.That(a[2].CannotBeRead, Is.True);
            using var rsa = RSA.Create(new RSAParameters { Modulus = a[0].GetValueAsByteArray(), Exponent = a[1].GetValueAsByteArray() });
            Assert.That(rsa.KeySize, Is.EqualTo(2048));
            var data = "an RSA signature from the phone"u8.ToArray();

            // Public-key encryption is the computer's: no round trip; decryption is one.
            byte[] cipher = [];
            var encryptTrips = AgentProbe.During(_phone, () => cipher = s.Encrypt(_f.MechanismFactory.Create(CKM.CKM_RSA_PKCS), pub, data));
            Assert.That(encryptTrips, Is.Empty);
            byte[] plain = [];
            var decryptTrips = AgentProbe.During(_phone, () => plain = s.Decrypt(_f.MechanismFactory.Create(CKM.CKM_RSA_PKCS), priv, cipher));
            Assert.That(plain, Is.EqualTo(data));
            Assert.That(decryptTrips, Is.EquivalentTo(new Dictionary<string, long> { ["+P11DECRYPT"] = 1 }));

            var pkcs1 = s.Sign(_f.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS), priv, data);
            Assert.That(rsa.VerifyData(data, pkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);

            var pssParams = _f.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, 32);
            var pss = s.Sign(_f.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS_PSS, pssParams), priv, data);
            Assert.That(rsa.VerifyData(data, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pss), Is.True);

            var hash = SHA384.HashData(data);
            var pss384 = _f.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)CKM.CKM_SHA384, (ulong)CKG.CKG_MGF1_SHA384, 48);
            var rawPss = s.Sign(_f.MechanismFactory.Create(CKM.CKM_RSA_PKCS_PSS, pss384), priv, hash);
            Assert.That(rsa.VerifyHash(hash, rawPss, HashAlgorithmName.SHA384, RSASignaturePadding.Pss), Is.True);

            var mismatch = Assert.Throws<Pkcs11Exception>(() => s.Sign(_f.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS_PSS, pss384), priv, data));
            Assert.That(mismatch!.RV, Is.EqualTo(CKR.CKR_MECHANISM_PARAM_INVALID));
        }
        finally
        {
            s.Logout();
        }
    }

    [Test]
    public void SessionKeyCopiedToTheTokenOnThePhone()
    {
        using var s = _slot.OpenSession(SessionType.ReadWrite);
        s.Login(CKU.CKU_USER, UserPin);
        try
        {
            // As Java's keytool does: a session key pair, then C_CopyObject of the private key to the token.
            s.GenerateKeyPair(_f.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [A(CKA.CKA_TOKEN, false), A(CKA.CKA_EC_PARAMS, P256)],
                [A(CKA.CKA_TOKEN, false), A(CKA.CKA_SIGN, true), A(CKA.CKA_LABEL, "session key")],
                out _, out var sessionKey);
            var copy = s.CopyObject(sessionKey, [A(CKA.CKA_TOKEN, true), A(CKA.CKA_LABEL, "copied key")]);
            Assert.That(copy.ObjectId, Is.Not.EqualTo(sessionKey.ObjectId));
            var found = s.FindAllObjects([A(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), A(CKA.CKA_LABEL, "copied key"), A(CKA.CKA_TOKEN, true)]);
            Assert.That(found.Select(h => h.ObjectId), Is.EqualTo(new[] { copy.ObjectId }));
            var point = new AsnReader(s.GetAttributeValue(copy, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(), AsnEncodingRules.DER).ReadOctetString();
            using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
            var data = "signed with the copy"u8.ToArray();
            Assert.That(ec.VerifyData(data, s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), copy, data), HashAlgorithmName.SHA256), Is.True);
            // The copy keeps the key's protection.
            Assert.That(s.GetAttributeValue(copy, [CKA.CKA_SENSITIVE])[0].GetValueAsBool(), Is.True);
            Assert.That(s.GetAttributeValue(copy, [CKA.CKA_VALUE])[0].CannotBeRead, Is.True);
        }
        finally
        {
            s.Logout();
        }
    }

    [Test]
    public void CertificatesGetSubjectIssuerAndSerialFromTheirValue()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Session certificate, O=Pkcs11Phone", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        using var s = _slot.OpenSession(SessionType.ReadWrite);
        foreach (bool token in new[] { false, true })
        {
            var handle = s.CreateObject([A(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), A(CKA.CKA_CERTIFICATE_TYPE, (ulong)CKC.CKC_X_509),
                A(CKA.CKA_TOKEN, token), A(CKA.CKA_VALUE, cert.RawData), A(CKA.CKA_LABEL, $"cert {token}")]);
            var a = s.GetAttributeValue(handle, [CKA.CKA_SUBJECT, CKA.CKA_ISSUER, CKA.CKA_SERIAL_NUMBER]);
            Assert.That(a[0].GetValueAsByteArray(), Is.EqualTo(cert.SubjectName.RawData), $"CKA_SUBJECT, token={token}");
            Assert.That(a[1].GetValueAsByteArray(), Is.EqualTo(cert.IssuerName.RawData), $"CKA_ISSUER, token={token}");
            var serial = new AsnReader(a[2].GetValueAsByteArray(), AsnEncodingRules.DER).ReadIntegerBytes().ToArray();
            Assert.That(serial, Is.EqualTo(cert.GetSerialNumber().Reverse().ToArray()), $"CKA_SERIAL_NUMBER, token={token}");
            // A subject that disagrees with the certificate is refused.
            var wrong = Assert.Throws<Pkcs11Exception>(() => s.CreateObject([A(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                A(CKA.CKA_CERTIFICATE_TYPE, (ulong)CKC.CKC_X_509), A(CKA.CKA_TOKEN, token), A(CKA.CKA_VALUE, cert.RawData),
                A(CKA.CKA_SUBJECT, cert.IssuerName.RawData.Concat(new byte[] { 0 }).ToArray())]));
            Assert.That(wrong!.RV, Is.EqualTo(CKR.CKR_TEMPLATE_INCONSISTENT));
            s.DestroyObject(handle);
        }
    }

    [Test]
    public void AttributeRulesOfGetAttributeValue()
    {
        using var s = _slot.OpenSession(SessionType.ReadWrite);
        var data = s.CreateObject([A(CKA.CKA_CLASS, CKO.CKO_DATA), A(CKA.CKA_TOKEN, true), A(CKA.CKA_LABEL, "data object"),
            A(CKA.CKA_VALUE, new byte[] { 1, 2, 3 }), A(CKA.CKA_APPLICATION, "tests")]);
        var found = s.FindAllObjects([A(CKA.CKA_CLASS, CKO.CKO_DATA), A(CKA.CKA_LABEL, "data object")]);
        Assert.That(found.Select(f => f.ObjectId), Does.Contain(data.ObjectId));
        var attrs = s.GetAttributeValue(data, [CKA.CKA_VALUE, CKA.CKA_MODULUS]);
        Assert.That(attrs[0].GetValueAsByteArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(attrs[1].CannotBeRead, Is.True, "an attribute the object lacks");
        s.DestroyObject(data);
        var gone = Assert.Throws<Pkcs11Exception>(() => s.GetAttributeValue(data, [CKA.CKA_VALUE]));
        Assert.That(gone!.RV, Is.EqualTo(CKR.CKR_OBJECT_HANDLE_INVALID));
    }
}
