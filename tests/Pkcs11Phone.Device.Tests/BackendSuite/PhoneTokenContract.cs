using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>
/// The contract of <see cref="IPhoneToken"/>, tested through the interface only. Every crypto-module backend derives a
/// fixture from this class and supplies the factory. Results are checked independently of the backend: signatures with
/// System.Security.Cryptography (RSA, ECDSA) or BouncyCastle's verifier (Ed25519), ciphertexts made outside the token.
/// <para>
/// Two kinds of token are used: <see cref="Token"/>, a fresh one for each test, and <see cref="Shared"/>, one per
/// fixture whose generated keys are cached (RSA-3072 and RSA-4096 take seconds to make), for tests that only use keys.
/// </para>
/// </summary>
public abstract partial class PhoneTokenContract
{
    /// <summary>The computer-side applications (agent client IDs) of the tests.</summary>
    protected const string App = "app-1", Other = "app-2", SharedClient = "shared-app";

    /// <summary>The SO PIN and user PIN of the tokens <see cref="CreateToken"/> makes.</summary>
    protected virtual string SoPin => "so-pin-8765";
    protected virtual string UserPin => "user-1234";

    /// <summary>
    /// Makes a fresh, initialized token: SO PIN <see cref="SoPin"/>, user PIN <see cref="UserPin"/>, no objects, nobody
    /// logged in, all PIN counters full. Each call gives an independent token.
    /// </summary>
    protected abstract IPhoneToken CreateToken();

    /// <summary>Simulates a restart of the phone: drops this instance of the token and opens the same token from its storage.</summary>
    protected abstract IPhoneToken Reopen(IPhoneToken token);

    /// <summary>Releases what <see cref="CreateToken"/> made for a token (files, handles).</summary>
    protected virtual void Release(IPhoneToken token) { }

    // ---- What the backend's token can do ----------------------------------------------------------------------------
    // Each capability defaults to the strict behaviour, which the software keystore has. A backend whose token cannot
    // do something overrides it with false, and the tests then check the weaker behaviour that is documented here (never
    // nothing): the suite stays a statement of what the computer can rely on with that backend.

    /// <summary>
    /// Whether wrong PINs count down to a lock: CKF_*_PIN_COUNT_LOW after a wrong PIN, CKF_*_PIN_FINAL_TRY before the
    /// last try, then CKF_*_PIN_LOCKED and CKR_PIN_LOCKED even for the right PIN, until the SO sets a new user PIN.
    /// SoftHSMv2 keeps no retry limit: it raises CKF_*_PIN_COUNT_LOW after a wrong PIN (and keeps it across a restart),
    /// clears it at the next right one, and never locks. When false, the tests check exactly that: CKF_*_PIN_COUNT_LOW
    /// only, never FINAL_TRY or LOCKED however many wrong PINs, and the right PIN still logs in.
    /// </summary>
    protected virtual bool LocksPins => true;

    /// <summary>
    /// Whether object handles stay the same across a restart of the phone (<see cref="Reopen"/>), and handles of
    /// private objects across an SO login. A PKCS#11 token's handles belong to the library's run: SoftHSMv2 numbers its
    /// objects anew after C_Initialize, and, like any PKCS#11 token, shows private objects again only after a user
    /// login; and the SO's login logs the application's user out, which invalidates its handles of private objects for
    /// good (PKCS#11 v2.40, C_Logout). When false, the objects are found again by their attributes (after a restart the
    /// public ones before a login, all of them after it), handles are checked to be unique among what is listed, and
    /// the keys are used through their new handles.
    /// </summary>
    protected virtual bool HandlesSurviveRestart => true;

    /// <summary>
    /// Whether the token performs this private-key mechanism with these parameters. SoftHSMv2 2.6 decrypts OAEP only with
    /// SHA-1, MGF1-SHA-1 and no label (a label it ignores), and signs PSS only with the MGF1 of the signature's own hash.
    /// When false, the backend must refuse the mechanism, with CKR_MECHANISM_INVALID or CKR_MECHANISM_PARAM_INVALID,
    /// rather than give a result: a signature or a plaintext the computer cannot trust is worse than none.
    /// </summary>
    protected virtual bool Performs(P11Mechanism mechanism) => true;

    /// <summary>
    /// Whether the token names every refusal with the CK_RV PKCS#11 gives for it. SoftHSMv2 answers a ciphertext whose
    /// padding is wrong with CKR_GENERAL_ERROR instead of CKR_ENCRYPTED_DATA_INVALID. When false, such input must still be
    /// refused (no plaintext), with the exact CK_RV or CKR_GENERAL_ERROR, and the key must keep working.
    /// </summary>
    protected virtual bool ExactRefusalCodes => true;

    /// <summary>
    /// Whether CKM_EC_KEY_PAIR_GEN makes keys on the NIST prime curves P-256, P-384 and P-521 only, refusing others such
    /// as secp256k1 with CKR_CURVE_NOT_SUPPORTED. SoftHSMv2 makes keys on every named curve its OpenSSL knows (secp256k1,
    /// the brainpool curves, ...). When false, a secp256k1 key the token makes must really be one: CKA_EC_PARAMS names
    /// secp256k1, and an ECDSA signature verifies on that curve with the listed point.
    /// </summary>
    protected virtual bool OnlyNistCurves => true;

    /// <summary>
    /// Whether an EC or Edwards private key imported with C_CreateObject (the private value only) is listed with its
    /// public point (CKA_EC_POINT, and CKA_PUBLIC_KEY_INFO). SoftHSMv2 stores the private value only and keeps no point on
    /// a private key. When false, the imported key must still sign, verified with the public key the test holds, and it
    /// must never be listed with a wrong point.
    /// </summary>
    protected virtual bool DerivesPublicPointOnImport => true;

    /// <summary>Checks that the backend refused a mechanism the token cannot perform (see <see cref="Performs"/>).</summary>
    protected static void ExpectMechanismRefused(ulong rv, P11Mechanism m) =>
        Assert.That(Name(rv), Is.AnyOf(Name(CKR.MECHANISM_INVALID), Name(CKR.MECHANISM_PARAM_INVALID)),
            $"{CkNames.Mechanism((nuint)m.Type)} [{string.Join(", ", m.Numbers.Select(n => $"0x{n:x}"))}] label {m.Data.Length} bytes: refused, not performed");

    /// <summary>This test's fresh token.</summary>
    protected IPhoneToken Token { get; set; } = null!;

    private IPhoneToken? _shared;
    private readonly Dictionary<string, (ulong Pub, ulong Priv)> _sharedKeys = [];
    private readonly Lock _sharedGate = new();

    [SetUp]
    public void CreateTestToken() => Token = CreateToken();

    [TearDown]
    public void ReleaseTestToken()
    {
        if (Token is not null) Release(Token);
        Token = null!;
    }

    [OneTimeTearDown]
    public void ReleaseSharedToken()
    {
        if (_shared is not null) Release(_shared);
        _shared = null;
        _sharedKeys.Clear();
    }

    /// <summary>A token kept for the whole fixture, with <see cref="SharedClient"/> logged in as the user.</summary>
    protected IPhoneToken Shared
    {
        get
        {
            lock (_sharedGate)
            {
                if (_shared is null)
                {
                    _shared = CreateToken();
                    Expect(_shared.Login(SharedClient, CKU.USER, Utf8(UserPin)), CKR.OK, "shared token login");
                }
                return _shared;
            }
        }
    }

    /// <summary>A key pair of the shared token, generated on first use (token objects, private key CKA_SIGN and CKA_DECRYPT as the type allows).</summary>
    protected (ulong Pub, ulong Priv) SharedKey(KeySpec spec)
    {
        var token = Shared;
        RequireMechanism(token, spec.Mechanism, spec.Bits);
        lock (_sharedGate)
        {
            if (!_sharedKeys.TryGetValue(spec.Name, out var keys))
            {
                keys = Generate(token, spec, SharedClient);
                _sharedKeys[spec.Name] = keys;
            }
            return keys;
        }
    }

    // ---- Helpers for the tests --------------------------------------------------------------------------------------

    protected static void Expect(ulong actual, nuint expected, string? because = null) =>
        Assert.That(Name(actual), Is.EqualTo(Name(expected)), because);

    protected static void ExpectOneOf(ulong actual, params nuint[] allowed) =>
        Assert.That(Name(actual), Is.AnyOf(allowed.Select(a => (object)Name(a)).ToArray()));

    protected void LoginUser(IPhoneToken t, string client = App) =>
        Expect(t.Login(client, CKU.USER, Utf8(UserPin)), CKR.OK, "user login");

    protected void LoginSo(IPhoneToken t, string client = App) =>
        Expect(t.Login(client, CKU.SO, Utf8(SoPin)), CKR.OK, "SO login");

    /// <summary>
    /// Skips the test when the token does not offer a mechanism for a key size (neither backend of this repository
    /// skips: the software keystore and SoftHSMv2 offer every mechanism and size the suite uses).
    /// </summary>
    protected static void RequireMechanism(IPhoneToken t, ulong mechanism, int bits = 0)
    {
        var info = t.Mechanisms.FirstOrDefault(m => m.Mechanism == mechanism);
        if (info is null) Assert.Ignore($"the token does not offer {CkNames.Mechanism((nuint)mechanism)}");
        if (bits != 0 && !AdvertisedSizes(mechanism, bits).Any(b => (ulong)b >= info!.MinKeySize && (ulong)b <= info.MaxKeySize))
            Assert.Ignore($"the token does not offer {CkNames.Mechanism((nuint)mechanism)} for {bits}-bit keys");
    }

    /// <summary>
    /// The sizes a token may advertise for a key of <paramref name="bits"/> bits. For Edwards curves PKCS#11 leaves open
    /// whether the size is the field's (255 bits for Ed25519, as the software keystore says) or the key's (32 bytes,
    /// 256 bits, as SoftHSMv2 says).
    /// </summary>
    private static int[] AdvertisedSizes(ulong mechanism, int bits) =>
        bits == 255 && (mechanism == CKM.EC_EDWARDS_KEY_PAIR_GEN || mechanism == CKM.EDDSA) ? [255, 256] : [bits];

    /// <summary>A template: the base attributes with those of <paramref name="overrides"/> replacing or added.</summary>
    protected static List<P11Attribute> Merge(IEnumerable<P11Attribute> baseTemplate, IEnumerable<P11Attribute>? overrides)
    {
        var list = baseTemplate.ToList();
        foreach (var o in overrides ?? [])
        {
            list.RemoveAll(a => a.Type == o.Type);
            list.Add(o);
        }
        return list;
    }

    protected static readonly byte[] KeyId = [0x4b, 0x01];

    protected static List<P11Attribute> PublicTemplate(KeySpec spec, string label, IEnumerable<P11Attribute>? overrides = null) =>
        Merge([B(CKA.TOKEN, true), S(CKA.LABEL, label), Raw(CKA.ID, KeyId), B(CKA.VERIFY, true), .. spec.PublicParameters], overrides);

    protected static List<P11Attribute> PrivateTemplate(KeySpec spec, string label, IEnumerable<P11Attribute>? overrides = null)
    {
        List<P11Attribute> t = [B(CKA.TOKEN, true), B(CKA.PRIVATE, true), S(CKA.LABEL, label), Raw(CKA.ID, KeyId), B(CKA.SENSITIVE, true), B(CKA.SIGN, true)];
        if (spec.IsRsa) t.Add(B(CKA.DECRYPT, true));
        return Merge(t, overrides);
    }

    protected static (ulong Pub, ulong Priv) Generate(IPhoneToken t, KeySpec spec, string client = App,
        IEnumerable<P11Attribute>? pub = null, IEnumerable<P11Attribute>? priv = null)
    {
        var r = t.GenerateKeyPair(client, P11Mechanism.Plain(spec.Mechanism), PublicTemplate(spec, spec.Name, pub), PrivateTemplate(spec, spec.Name, priv));
        var (p, k) = r.Ok($"generate {spec}");
        Assert.That(p, Is.Not.Zero);
        Assert.That(k, Is.Not.Zero.And.Not.EqualTo(p));
        return (p, k);
    }

    /// <summary>The object with a handle, as the token lists it.</summary>
    protected static P11Object Obj(IPhoneToken t, ulong handle) =>
        t.Objects.FirstOrDefault(o => o.Handle == handle) ?? throw new AssertionException($"object {handle} is not listed");

    protected static bool Listed(IPhoneToken t, ulong handle) => t.Objects.Any(o => o.Handle == handle);

    protected static P11Result<ulong> CreateData(IPhoneToken t, string client, string label, bool token = true, bool @private = false,
        params P11Attribute[] extra) =>
        t.CreateObject(client, Merge([U(CKA.CLASS, CKO.DATA), B(CKA.TOKEN, token), B(CKA.PRIVATE, @private), S(CKA.LABEL, label),
            S(CKA.APPLICATION, "contract"), Raw(CKA.VALUE, Utf8("value of " + label))], extra));

    /// <summary>Signs with a key and verifies independently; returns the signature.</summary>
    protected static byte[] SignAndVerify(IPhoneToken t, string client, KeySpec spec, ulong pub, ulong priv, P11Mechanism m, byte[] data)
    {
        var sig = t.Sign(client, priv, m, data).Ok($"sign {spec} {CkNames.Mechanism((nuint)m.Type)}");
        Assert.That(Independent.Verify(spec, Obj(t, pub), m, data, sig), Is.True, $"{spec} {CkNames.Mechanism((nuint)m.Type)} signature verifies");
        return sig;
    }
}
