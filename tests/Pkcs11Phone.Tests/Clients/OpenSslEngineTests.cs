using System.Text.RegularExpressions;
using Pkcs11Phone.Tests.Clients.Support;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>
/// OpenSSL 3 with the pkcs11 engine (libp11) loaded by <c>samples/openssl-pkcs11.cnf</c>: certificates, digests,
/// raw signatures (RSA PKCS#1 v1.5, RSA-PSS, ECDSA) and decryption (RSA PKCS#1 v1.5 and OAEP) with the token's keys.
/// Everything the engine signs is verified, and everything it decrypts was encrypted, by plain openssl (the
/// system configuration, no engine) with the public key the token's public-key object holds.
/// The clients run as the test process's user: the engine has no per-user configuration to honour.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class OpenSslEngineTests
{
    private ClientToken _token = null!;
    private string _dir = null!;
    private string _config = null!;
    private string _data = null!;
    private string _sha256 = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _token = ClientToken.Start("OpenSSL tests");
        _dir = _token.Dir;
        _config = Samples.Write("openssl-pkcs11.cnf", Path.Combine(_dir, "openssl-pkcs11.cnf"));
        _data = Files.Write(Path.Combine(_dir, "data.txt"), "signed by a key on the phone, through OpenSSL's pkcs11 engine\n");
        _sha256 = Path.Combine(_dir, "data.sha256");
        Plain(["dgst", "-sha256", "-binary", "-out", _sha256, _data]).AssertOk();
    }

    [OneTimeTearDown]
    public void Stop() => _token?.Dispose();

    private TokenKey Key(string kind) => kind == "rsa" ? _token.Rsa : _token.Ec;

    /// <summary>openssl with the sample configuration (the engine loaded).</summary>
    private ToolResult Engine(IEnumerable<string> args, string? config = null) =>
        _token.Run("openssl", args, new Dictionary<string, string?> { ["OPENSSL_CONF"] = config ?? _config });

    /// <summary>OpenSC's pkcs11-spy, which logs every call (with its mechanism and parameters) and forwards it to PKCS11SPY.</summary>
    private const string Spy = "/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so";

    /// <summary>
    /// openssl with the sample configuration, the engine loading pkcs11-spy in front of the module: returns the
    /// spy's log too, to see which mechanism the engine asked the phone for.
    /// </summary>
    private (ToolResult Result, string SpyLog) EngineThroughSpy(IEnumerable<string> args, string name)
    {
        Assert.That(File.Exists(Spy), Is.True, Spy + " (package opensc-pkcs11) is missing");
        var config = Samples.Write("openssl-pkcs11.cnf", Path.Combine(_dir, "openssl-pkcs11-spy.cnf"),
            text => text.Replace("MODULE_PATH = " + ClientToken.Module, "MODULE_PATH = " + Spy));
        var log = Path.Combine(_dir, $"spy-{name}.log");
        File.Delete(log);
        var r = _token.Run("openssl", args, new Dictionary<string, string?>
        {
            ["OPENSSL_CONF"] = config,
            ["PKCS11SPY"] = ClientToken.Module,
            ["PKCS11SPY_OUTPUT"] = log,
        });
        return (r, File.Exists(log) ? File.ReadAllText(log) : "");
    }

    /// <summary>
    /// The mechanism of every call to <paramref name="function"/> in a spy log: its type and parameters, e.g.
    /// "type = CKM_RSA_PKCS_OAEP; pParameter->hashAlg = CKM_SHA256; pParameter->mgf = CKG_MGF1_SHA256" (an empty
    /// parameter and OAEP's empty label left out).
    /// </summary>
    private static List<string> MechanismsOf(string spyLog, string function) =>
        Regex.Split(spyLog, @"\n(?=\d+: C_)")
            .Where(call => Regex.IsMatch(call, $@"^\d+: {function}\s*\n"))
            .Select(call => string.Join("; ", call.Split('\n')
                .Where(l => l.Contains("[in] pMechanism->") && !l.Contains("NULL [size") && !l.Contains("->source"))
                .Select(l => Regex.Replace(l.Replace("[in] pMechanism->", "").Trim(), @"\s+", " "))))
            .ToList();

    /// <summary>openssl without the engine.</summary>
    private ToolResult Plain(IEnumerable<string> args) => _token.Run("openssl", args, ClientToken.PlainOpenSsl);

    private string PrivateKey(string kind, string? pin = ClientToken.UserPin) => _token.Uri(Key(kind), "private", pin);

    private static readonly string[] EngineKey = ["-engine", "pkcs11", "-keyform", "engine"];

    [TestCase("rsa")]
    [TestCase("ec")]
    public void ReqMakesASelfSignedCertificateThatPlainOpenSslVerifies(string kind)
    {
        var cert = Path.Combine(_dir, $"req-{kind}.pem");
        var req = Engine(["req", "-new", "-x509", .. EngineKey, "-key", PrivateKey(kind), "-subj", $"/CN=OpenSSL engine {kind} test", "-days", "2", "-sha256", "-out", cert]);
        Assert.That(req.Code, Is.EqualTo(0), req.ToString());

        var verify = Certificates.VerifySelfSigned(cert);
        Assert.That(verify.Code, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain($"{cert}: OK"));

        var certKey = Plain(["x509", "-in", cert, "-noout", "-pubkey"]).AssertOk();
        Assert.That(Files.NormalizePem(certKey.Stdout), Is.EqualTo(Files.NormalizePem(Key(kind).PublicKeyPem)), "the certificate holds the token's public key");

        // The engine reads the same public key from the token (no PIN needed for a public object).
        var enginePub = Engine(["pkey", "-engine", "pkcs11", "-inform", "engine", "-pubin", "-in", _token.Uri(Key(kind), "public"), "-pubout"]);
        Assert.That(enginePub.Code, Is.EqualTo(0), enginePub.ToString());
        Assert.That(Files.NormalizePem(enginePub.Stdout), Is.EqualTo(Files.NormalizePem(Key(kind).PublicKeyPem)));

        // A certificate with a changed signature does not verify.
        var tampered = Certificates.VerifySelfSigned(Certificates.Tampered(cert));
        Assert.That(tampered.Code, Is.Not.EqualTo(0), tampered.ToString());
        Assert.That(tampered.Output, Does.Contain("signature failure"), tampered.ToString());
    }

    [TestCase("rsa")]
    [TestCase("ec")]
    public void DgstSignsWhatPlainOpenSslVerifies(string kind)
    {
        var sig = Path.Combine(_dir, $"dgst-{kind}.sig");
        var sign = Engine(["dgst", "-sha256", .. EngineKey, "-sign", PrivateKey(kind), "-out", sig, _data]);
        Assert.That(sign.Code, Is.EqualTo(0), sign.ToString());

        var verify = Plain(["dgst", "-sha256", "-verify", Key(kind).PublicKeyFile, "-signature", sig, _data]);
        Assert.That(verify.Code, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain("Verified OK"));

        var tampered = Plain(["dgst", "-sha256", "-verify", Key(kind).PublicKeyFile, "-signature", Files.Tampered(sig), _data]);
        Assert.That(tampered.Code, Is.Not.EqualTo(0), tampered.ToString());
        Assert.That(tampered.Stdout, Does.Contain("Verification failure"), tampered.ToString());
    }

    /// <summary>
    /// pkeyutl signatures over a SHA-256 hash: the key, the -pkeyopt settings both sides use, and the mechanism
    /// the engine must ask the phone for (libp11 falls back to raw CKM_RSA_X_509 when PSS is missing).
    /// </summary>
    public static readonly object[] SignSchemes =
    [
        new object[] { "rsa", "pkcs1", new[] { "rsa_padding_mode:pkcs1", "digest:sha256" }, "type = CKM_RSA_PKCS" },
        new object[] { "rsa", "pss", new[] { "rsa_padding_mode:pss", "rsa_pss_saltlen:32", "rsa_mgf1_md:sha256", "digest:sha256" },
            "type = CKM_RSA_PKCS_PSS; pParameter->hashAlg = CKM_SHA256; pParameter->mgf = CKG_MGF1_SHA256; pParameter->sLen = 32" },
        new object[] { "ec", "ecdsa", new[] { "digest:sha256" }, "type = CKM_ECDSA" },
    ];

    private static IEnumerable<string> PkeyOpts(string[] opts) => opts.SelectMany(o => new[] { "-pkeyopt", o });

    [TestCaseSource(nameof(SignSchemes))]
    public void PkeyutlSignsWhatPlainOpenSslVerifies(string kind, string scheme, string[] opts, string mechanism)
    {
        var sig = Path.Combine(_dir, $"pkeyutl-{scheme}.sig");
        var (sign, spyLog) = EngineThroughSpy(["pkeyutl", "-sign", .. EngineKey, "-inkey", PrivateKey(kind), .. PkeyOpts(opts), "-in", _sha256, "-out", sig], "sign-" + scheme);
        Assert.That(sign.Code, Is.EqualTo(0), sign.ToString());
        Assert.That(MechanismsOf(spyLog, "C_SignInit"), Is.EqualTo(new[] { mechanism }), "the phone signed with the scheme's own mechanism");
        Assert.That(new FileInfo(sig).Length, kind == "rsa" ? Is.EqualTo(256) : Is.InRange(8, 72));

        var verify = Plain(["pkeyutl", "-verify", "-pubin", "-inkey", Key(kind).PublicKeyFile, .. PkeyOpts(opts), "-in", _sha256, "-sigfile", sig]);
        Assert.That(verify.Code, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain("Signature Verified Successfully"));

        var tampered = Plain(["pkeyutl", "-verify", "-pubin", "-inkey", Key(kind).PublicKeyFile, .. PkeyOpts(opts), "-in", _sha256, "-sigfile", Files.Tampered(sig)]);
        Assert.That(tampered.Code, Is.Not.EqualTo(0), tampered.ToString());
        Assert.That(tampered.Stdout, Does.Contain("Signature Verification Failure"), tampered.ToString());
    }

    /// <summary>RSA encryption schemes: the -pkeyopt settings both sides use.</summary>
    public static readonly object[] DecryptSchemes =
    [
        new object[] { "pkcs1", new[] { "rsa_padding_mode:pkcs1" }, "type = CKM_RSA_PKCS" },
        new object[] { "oaep-sha1", new[] { "rsa_padding_mode:oaep" }, "type = CKM_RSA_PKCS_OAEP; pParameter->hashAlg = CKM_SHA_1; pParameter->mgf = CKG_MGF1_SHA1" },
        new object[] { "oaep-sha256", new[] { "rsa_padding_mode:oaep", "rsa_oaep_md:sha256", "rsa_mgf1_md:sha256" },
            "type = CKM_RSA_PKCS_OAEP; pParameter->hashAlg = CKM_SHA256; pParameter->mgf = CKG_MGF1_SHA256" },
    ];

    [TestCaseSource(nameof(DecryptSchemes))]
    public void PkeyutlDecryptsWhatPlainOpenSslEncrypted(string scheme, string[] opts, string mechanism)
    {
        var secret = $"a secret for the phone ({scheme}) {Guid.NewGuid():N}";
        var plain = Files.Write(Path.Combine(_dir, $"secret-{scheme}.txt"), secret);
        var encrypted = Path.Combine(_dir, $"secret-{scheme}.bin");
        Plain(["pkeyutl", "-encrypt", "-pubin", "-inkey", _token.Rsa.PublicKeyFile, .. PkeyOpts(opts), "-in", plain, "-out", encrypted]).AssertOk();

        var (decrypt, spyLog) = EngineThroughSpy(["pkeyutl", "-decrypt", .. EngineKey, "-inkey", PrivateKey("rsa"), .. PkeyOpts(opts), "-in", encrypted], "decrypt-" + scheme);
        Assert.That(decrypt.Code, Is.EqualTo(0), decrypt.ToString());
        Assert.That(decrypt.Stdout, Is.EqualTo(secret));
        Assert.That(MechanismsOf(spyLog, "C_DecryptInit"), Is.EqualTo(new[] { mechanism }), "the phone decrypted with the scheme's own mechanism");
    }

    [Test]
    public void PinFromTheConfigFile()
    {
        // The sample's commented PIN line, filled in: the URI then needs no pin-value.
        var config = Samples.Write("openssl-pkcs11.cnf", Path.Combine(_dir, "openssl-pkcs11-pin.cnf"), text =>
        {
            Assert.That(text, Does.Contain("# PIN = 1234"));
            return text.Replace("# PIN = 1234", "PIN = " + ClientToken.UserPin);
        });
        var sig = Path.Combine(_dir, "config-pin.sig");
        var sign = Engine(["pkeyutl", "-sign", .. EngineKey, "-inkey", PrivateKey("ec", pin: null), "-in", _sha256, "-out", sig], config);
        Assert.That(sign.Code, Is.EqualTo(0), sign.ToString());
        var verify = Plain(["pkeyutl", "-verify", "-pubin", "-inkey", _token.Ec.PublicKeyFile, "-in", _sha256, "-sigfile", sig]);
        Assert.That(verify.Stdout, Does.Contain("Signature Verified Successfully"), verify.ToString());
    }

    [Test]
    public void WrongPinFailsClearly()
    {
        var sig = Path.Combine(_dir, "wrong-pin.sig");
        File.Delete(sig);
        var sign = Engine(["pkeyutl", "-sign", .. EngineKey, "-inkey", PrivateKey("ec", "not-the-pin"), "-in", _sha256, "-out", sig]);
        Assert.Multiple(() =>
        {
            Assert.That(sign.Code, Is.Not.EqualTo(0), sign.ToString());
            Assert.That(sign.Output, Does.Contain("PIN incorrect"), "libp11 reports the token's CKR_PIN_INCORRECT");
            Assert.That(sign.Output, Does.Contain("Login failed"));
            Assert.That(File.Exists(sig) && new FileInfo(sig).Length > 0, Is.False, "no signature");
        });

        // The right PIN still works (and resets the token's retry counter).
        var again = Engine(["pkeyutl", "-sign", .. EngineKey, "-inkey", PrivateKey("ec"), "-in", _sha256, "-out", sig]);
        Assert.That(again.Code, Is.EqualTo(0), again.ToString());
    }
}
