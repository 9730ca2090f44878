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

    /// <summary>Skips the test when the token does not offer a mechanism for a key size.</summary>
    protected static void RequireMechanism(IPhoneToken t, ulong mechanism, int bits = 0)
    {
        var info = t.Mechanisms.FirstOrDefault(m => m.Mechanism == mechanism);
        if (info is null) Assert.Ignore($"the token does not offer {CkNames.Mechanism((nuint)mechanism)}");
        if (bits != 0 && ((ulong)bits < info!.MinKeySize || (ulong)bits > info.MaxKeySize))
            Assert.Ignore($"the token does not offer {CkNames.Mechanism((nuint)mechanism)} for {bits}-bit keys");
    }

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
