using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients.Pkcs11ToolChecks;

/// <summary>
/// OpenSC's real pkcs11-tool (0.23 on Debian 12) against the published module and an emulated, paired phone:
/// listing, token setup, key generation on the phone, signatures, decryption, certificates, a wrong PIN,
/// pkcs11-tool's own --test, --test-threads and --test-fork, and the link round trips one signature costs.
/// Every result is checked with an independent implementation: openssl on the command line, or .NET's own
/// RSA and ECDSA. One phone for the whole fixture; the token is initialized and the keys are made once, in
/// <see cref="SetUpToken"/>, with pkcs11-tool itself (their own checks assert on what it printed then).
/// build/clients/pkcs11-tool.sh runs the same checks by hand.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class Pkcs11ToolTests
{
    private const string TokenLabel = "pkcs11-tool checks";
    private const string SoPin = "so-pin-31415";
    private const string UserPin = "user-pin-2718";

    /// <summary>A key pair made on the phone with <c>--keypairgen</c>.</summary>
    public sealed record KeySpec(string Name, string KeyType, string Id, string Label)
    {
        public override string ToString() => Name;
    }

    private static readonly KeySpec Rsa = new("rsa2048", "rsa:2048", "01", "rsa-2048");
    private static readonly KeySpec P256 = new("p256", "EC:prime256v1", "02", "ec-p256");
    private static readonly KeySpec P384 = new("p384", "EC:secp384r1", "03", "ec-p384");
    // OpenSC 0.23 knows Ed25519 only as "edwards25519" (its help text's "EC:ed25519" is refused: "Unknown EC key params").
    private static readonly KeySpec Ed25519 = new("ed25519", "EC:edwards25519", "04", "ed-25519");

    public static IEnumerable<KeySpec> AllKeys => [Rsa, P256, P384, Ed25519];

    private static readonly TimeSpan KeyGenTimeout = TimeSpan.FromSeconds(120);

    private PhoneHarness _phone = null!;
    private Pkcs11Tool _tool = null!;
    private string _dir = null!;
    private ProgramRun _initToken = null!;
    private ProgramRun _initPin = null!;
    private readonly Dictionary<string, ProgramRun> _generated = [];
    private readonly Dictionary<string, ProgramRun> _readPublic = [];
    /// <summary>Each key's public key as DER SubjectPublicKeyInfo (what openssl reads with -keyform DER).</summary>
    private readonly Dictionary<string, string> _publicDer = [];
    private readonly Dictionary<string, string> _publicNotes = [];
    private ProgramRun? _publicListing;

    [OneTimeSetUp]
    public void SetUpToken()
    {
        _phone = new PhoneHarness("--label", "pkcs11-tool phone");
        _dir = Directory.CreateDirectory(Path.Combine(_phone.Work, "pkcs11-tool")).FullName;
        _tool = new Pkcs11Tool(Repo.Module, _phone.Environment);

        // The first module call starts the agent, which waits briefly for the link; the token then shows.
        ProgramRun list = null!;
        PhoneHarness.WaitFor(() =>
        {
            list = _tool.RunBare("-L");
            if (list.Ok && FirstTokenSlot(list.Stdout) is not null) return true;
            Thread.Sleep(500);
            return false;
        }, TimeSpan.FromSeconds(30), "pkcs11-tool -L showed no slot with a token");
        var slot = FirstTokenSlot(list.Stdout)!;

        _initToken = _tool.RunBare("--slot", slot, "--init-token", "--label", TokenLabel, "--so-pin", SoPin);
        _tool.TokenSelection.AddRange(["--token-label", TokenLabel]);
        _initPin = _tool.Run("--init-pin", "--login", "--login-type", "so", "--so-pin", SoPin, "--pin", UserPin);

        foreach (var key in AllKeys)
        {
            _generated[key.Name] = _tool.Run(KeyGenTimeout, "--login", "--pin", UserPin, "--keypairgen", "--key-type", key.KeyType,
                "--id", key.Id, "--label", key.Label);
        }
        _publicListing = _tool.Run("--list-objects", "--type", "pubkey");
        foreach (var key in AllKeys.Where(k => _generated[k.Name].Ok)) ExportPublicKey(key);
    }

    [OneTimeTearDown]
    public void StopPhone() => _phone?.Dispose();

    // ---------------------------------------------------------------- listing

    [Test]
    public void ShowInfo()
    {
        var r = _tool.Run("--show-info");
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stdout, Does.Contain("Cryptoki version 2.40").And.Match(@"Manufacturer\s+Pkcs11Phone").And.Match(@"Library\s+Pkcs11Phone"), r.ToString());
    }

    [Test]
    public void ListSlots()
    {
        var r = _tool.Run("--list-slots");
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stdout, Does.Match(@"token label\s+:\s+" + Regex.Escape(TokenLabel)), r.ToString());
        Assert.That(r.Stdout, Does.Match(@"token manufacturer\s+:\s+Pkcs11Phone"), r.ToString());
        Assert.That(TokenFlags(r.Stdout), Does.Contain("token initialized").And.Contain("PIN initialized").And.Contain("login required"), r.ToString());
    }

    [Test]
    public void ListMechanisms()
    {
        var r = _tool.Run("--list-mechanisms");
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        var mechanisms = r.Stdout.Split('\n')
            .Select(l => Regex.Match(l, @"^\s+([A-Za-z0-9_-]+|mechtype-0x[0-9A-Fa-f]+)(?:, (.*))?$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Multiple(() =>
        {
            // What the phone does, and the hash-and-sign and digest mechanisms the module adds around it.
            foreach (var sign in new[] { "RSA-PKCS", "RSA-PKCS-PSS", "SHA256-RSA-PKCS", "SHA384-RSA-PKCS", "SHA512-RSA-PKCS",
                         "SHA256-RSA-PKCS-PSS", "ECDSA", "ECDSA-SHA256", "ECDSA-SHA384", "EDDSA" })
                Assert.That(mechanisms.GetValueOrDefault(sign), Does.Contain("sign"), $"{sign} with CKF_SIGN in\n{r.Stdout}");
            foreach (var digest in new[] { "SHA-1", "SHA256", "SHA384", "SHA512" })
                Assert.That(mechanisms.GetValueOrDefault(digest), Does.Contain("digest"), $"{digest} with CKF_DIGEST in\n{r.Stdout}");
            Assert.That(mechanisms.GetValueOrDefault("RSA-PKCS-OAEP"), Does.Contain("decrypt"), r.Stdout);
            foreach (var gen in new[] { "RSA-PKCS-KEY-PAIR-GEN", "ECDSA-KEY-PAIR-GEN", "EC-EDWARDS-KEY-PAIR-GEN" })
                Assert.That(mechanisms.GetValueOrDefault(gen), Does.Contain("generate_key_pair"), $"{gen} in\n{r.Stdout}");
        });
        TestContext.Out.WriteLine("flagged CKF_HW (hw): " + string.Join(", ", mechanisms.Where(m => m.Value.Split(", ").Contains("hw")).Select(m => m.Key)));
    }

    [Test]
    public void ListObjectsHidesPrivateKeysUntilLogin()
    {
        var publicOnly = _tool.Run("--list-objects");
        Assert.That(publicOnly.Code, Is.EqualTo(0), publicOnly.ToString());
        var without = Pkcs11Tool.ParseObjects(publicOnly.Stdout);
        var loggedIn = _tool.Run("--login", "--pin", UserPin, "--list-objects");
        Assert.That(loggedIn.Code, Is.EqualTo(0), loggedIn.ToString());
        var with = Pkcs11Tool.ParseObjects(loggedIn.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(without.Where(o => o.Kind == "Private Key"), Is.Empty, "private keys listed without a login:\n" + publicOnly.Stdout);
            foreach (var key in AllKeys.Where(k => _generated[k.Name].Ok))
            {
                Assert.That(without.Any(o => o.Kind == "Public Key" && o.Label == key.Label && o.Id == key.Id), Is.True,
                    $"public key {key.Label} (ID {key.Id}) without a login:\n{publicOnly.Stdout}");
                Assert.That(with.Any(o => o.Kind == "Private Key" && o.Label == key.Label && o.Id == key.Id), Is.True,
                    $"private key {key.Label} (ID {key.Id}) after a login:\n{loggedIn.Stdout}");
                Assert.That(with.Any(o => o.Kind == "Public Key" && o.Label == key.Label && o.Id == key.Id), Is.True,
                    $"public key {key.Label} (ID {key.Id}) after a login:\n{loggedIn.Stdout}");
            }
        });
    }

    // ---------------------------------------------------------------- token setup and keys

    [Test]
    public void TokenSetup()
    {
        Assert.That(_initToken.Code, Is.EqualTo(0), _initToken.ToString());
        Assert.That(_initToken.Output, Does.Contain("Token successfully initialized"), _initToken.ToString());
        Assert.That(_initPin.Code, Is.EqualTo(0), _initPin.ToString());
        Assert.That(_initPin.Output, Does.Contain("User PIN successfully initialized"), _initPin.ToString());
        var r = _tool.Run("--list-token-slots");
        Assert.That(r.Stdout, Does.Match(@"token label\s+:\s+" + Regex.Escape(TokenLabel)), r.ToString());
        Assert.That(TokenFlags(r.Stdout), Does.Contain("PIN initialized"), r.ToString());
    }

    [TestCaseSource(nameof(AllKeys))]
    public void KeyPairGeneration(KeySpec key)
    {
        var r = _generated[key.Name];
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        var objects = Pkcs11Tool.ParseObjects(r.Stdout);
        var priv = objects.SingleOrDefault(o => o.Kind == "Private Key");
        var pub = objects.SingleOrDefault(o => o.Kind == "Public Key");
        Assert.That(r.Stdout, Does.Contain("Key pair generated"), r.ToString());
        Assert.That(priv, Is.Not.Null, r.ToString());
        Assert.That(pub, Is.Not.Null, r.ToString());
        var (type, bits, ecParams) = key.Name switch
        {
            "rsa2048" => ("RSA", "2048 bits", (string[]?)null),
            "p256" => ("EC", "EC_POINT 256 bits", new[] { "06082a8648ce3d030107" }),
            "p384" => ("EC", "EC_POINT 384 bits", new[] { "06052b81040022" }),
            // PrintableString "edwards25519" (what pkcs11-tool 0.23 sends) or the OID 1.3.101.112.
            _ => ("EC_EDWARDS", "EC_POINT 255 bits", new[] { "130c656477617264733235353139", "06032b6570" }),
        };
        Assert.Multiple(() =>
        {
            Assert.That(priv!.Head, Does.StartWith(type), r.ToString());
            Assert.That(pub!.Head, Does.StartWith(type).And.Contain(bits), r.ToString());
            Assert.That(priv.Label, Is.EqualTo(key.Label));
            Assert.That(priv.Id, Is.EqualTo(key.Id));
            Assert.That(pub.Label, Is.EqualTo(key.Label));
            Assert.That(pub.Id, Is.EqualTo(key.Id));
            Assert.That(priv.Attributes.GetValueOrDefault("Usage"), Does.Contain("sign"));
            Assert.That(priv.Attributes.GetValueOrDefault("Access"), Does.Contain("sensitive").And.Contain("never extractable").And.Contain("local"));
            if (ecParams is not null)
                Assert.That(ecParams.Any(p => (pub.Attributes.GetValueOrDefault("EC_PARAMS") ?? "").StartsWith(p)), Is.True, $"EC_PARAMS one of {string.Join(", ", ecParams)}: {pub}");
        });
    }

    [TestCaseSource(nameof(AllKeys))]
    public void ReadPublicKeyGivesSubjectPublicKeyInfo(KeySpec key)
    {
        RequireKey(key);
        var read = _readPublic[key.Name];
        if (_publicNotes.TryGetValue(key.Name, out var note)) TestContext.Out.WriteLine($"{read}\n\nNOTE: {note}\n");
        else Assert.That(read.Code, Is.EqualTo(0), read.ToString());
        Assert.That(_publicDer.ContainsKey(key.Name), Is.True, "no public key: " + read);
        var der = File.ReadAllBytes(_publicDer[key.Name]);

        // openssl reads it ...
        var text = Programs.OpenSsl("pkey", "-pubin", "-inform", "DER", "-in", _publicDer[key.Name], "-noout", "-text");
        Assert.That(text.Code, Is.EqualTo(0), text.ToString());
        var expected = key.Name switch
        {
            "rsa2048" => "Public-Key: (2048 bit)",
            "p256" => "ASN1 OID: prime256v1",
            "p384" => "ASN1 OID: secp384r1",
            _ => "ED25519 Public-Key:",
        };
        Assert.That(text.Stdout, Does.Contain(expected), text.ToString());

        // ... and so does .NET, and for EC keys the point is the token's CKA_EC_POINT as -O lists it.
        switch (key.Name)
        {
            case "rsa2048":
                using (var rsa = RSA.Create())
                {
                    rsa.ImportSubjectPublicKeyInfo(der, out _);
                    Assert.That(rsa.KeySize, Is.EqualTo(2048));
                    Assert.That(rsa.ExportParameters(false).Exponent, Is.EqualTo(new byte[] { 1, 0, 1 }));
                }
                break;
            case "p256" or "p384":
                using (var ec = ECDsa.Create())
                {
                    ec.ImportSubjectPublicKeyInfo(der, out _);
                    var q = ec.ExportParameters(false).Q;
                    Assert.That(ListedEcPoint(key), Is.EqualTo(new byte[] { 0x04 }.Concat(q.X!).Concat(q.Y!).ToArray()), "the SPKI's point is the token's CKA_EC_POINT");
                }
                break;
            default:
                Assert.That(der[^32..], Is.EqualTo(ListedEcPoint(key)), "the SPKI's key is the token's CKA_EC_POINT");
                break;
        }
    }

    // ---------------------------------------------------------------- signatures

    /// <summary>One signature check: a key, a mechanism with its pkcs11-tool options, what is signed, how openssl verifies.</summary>
    public sealed record SignCase(string Name, KeySpec Key, string Mechanism, string[] Options, string Input)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<SignCase> SignCases =>
    [
        // CKM_RSA_PKCS over a DigestInfo the application made (as OpenSSH does): openssl checks it as SHA-256 RSA.
        new("RSA-PKCS over DigestInfo(SHA-256)", Rsa, "RSA-PKCS", [], "digestinfo-sha256"),
        new("SHA256-RSA-PKCS", Rsa, "SHA256-RSA-PKCS", [], "message"),
        new("SHA384-RSA-PKCS", Rsa, "SHA384-RSA-PKCS", [], "message"),
        new("RSA-PKCS-PSS SHA256 MGF1-SHA256", Rsa, "RSA-PKCS-PSS", ["--hash-algorithm", "SHA256", "--mgf", "MGF1-SHA256"], "sha256"),
        new("RSA-PKCS-PSS SHA384 MGF1-SHA384", Rsa, "RSA-PKCS-PSS", ["--hash-algorithm", "SHA384", "--mgf", "MGF1-SHA384"], "sha384"),
        new("SHA256-RSA-PKCS-PSS", Rsa, "SHA256-RSA-PKCS-PSS", [], "message"),
        new("ECDSA P-256", P256, "ECDSA", ["--signature-format", "openssl"], "sha256"),
        new("ECDSA-SHA256 P-256", P256, "ECDSA-SHA256", ["--signature-format", "openssl"], "message"),
        new("ECDSA P-384", P384, "ECDSA", ["--signature-format", "openssl"], "sha384"),
        new("ECDSA-SHA384 P-384", P384, "ECDSA-SHA384", ["--signature-format", "openssl"], "message"),
        new("EDDSA Ed25519", Ed25519, "EDDSA", [], "message"),
    ];

    [TestCaseSource(nameof(SignCases))]
    public void SignOnThePhoneAndVerify(SignCase c)
    {
        RequireKey(c.Key);
        var dir = CaseDir("sign-" + c.Name);
        var message = Encoding.UTF8.GetBytes($"pkcs11-tool {c.Name}: signed on the phone {Guid.NewGuid()}\n");
        var messageFile = Write(dir, "message", message);
        var inputFile = Write(dir, "input", Input(c.Input, message));
        var sig = Path.Combine(dir, "signature");

        var sign = _tool.Run(["--login", "--pin", UserPin, "--sign", "--id", c.Key.Id, "--mechanism", c.Mechanism, .. c.Options, "--input-file", inputFile, "--output-file", sig]);
        Assert.That(sign.Code, Is.EqualTo(0), sign.ToString());
        Assert.That(Pkcs11Tool.ErrorLines(sign.Output), Is.Empty, sign.ToString());
        var signature = File.ReadAllBytes(sig);
        if (c.Key == Rsa) Assert.That(signature, Has.Length.EqualTo(256), "an RSA-2048 signature");
        if (c.Key == Ed25519) Assert.That(signature, Has.Length.EqualTo(64), "an Ed25519 signature");

        // openssl, with the public key pkcs11-tool exported.
        var check = OpenSslVerify(c, _publicDer[c.Key.Name], messageFile, inputFile, sig);
        Assert.That(check.Code, Is.EqualTo(0), "openssl does not accept the signature:\n" + check);
        Assert.That(check.Stdout, Does.Contain("Verified OK").Or.Contain("Signature Verified Successfully"), check.ToString());

        // pkcs11-tool --verify (the module verifies with the public-key object, without a login).
        var verify = _tool.Run(["--verify", "--id", c.Key.Id, "--mechanism", c.Mechanism, .. c.Options, "--input-file", inputFile, "--signature-file", sig]);
        Assert.That(verify.Code, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain("Signature is valid"), verify.ToString());

        // Other data: both refuse the signature.
        var other = (byte[])message.Clone();
        other[0] ^= 0x20;
        var otherMessage = Write(dir, "other-message", other);
        var otherInput = Write(dir, "other-input", Input(c.Input, other));
        var bad = OpenSslVerify(c, _publicDer[c.Key.Name], otherMessage, otherInput, sig);
        Assert.That(bad.Code, Is.Not.EqualTo(0), "openssl accepted the signature for other data:\n" + bad);
        var refused = _tool.Run(["--verify", "--id", c.Key.Id, "--mechanism", c.Mechanism, .. c.Options, "--input-file", otherInput, "--signature-file", sig]);
        Assert.That(refused.Stdout, Does.Contain("Invalid signature").And.Not.Contain("Signature is valid"), refused.ToString());
    }

    /// <summary>pkcs11-tool's default ECDSA format is r‖s (PKCS#11's own): .NET checks it as IEEE P1363.</summary>
    [TestCase("p256", "ECDSA-SHA256", 64)]
    [TestCase("p384", "ECDSA-SHA384", 96)]
    public void EcdsaSignatureInPkcs11FormatVerifiesWithDotNet(string keyName, string mechanism, int length)
    {
        var key = AllKeys.Single(k => k.Name == keyName);
        RequireKey(key);
        var dir = CaseDir("rs-" + keyName);
        var message = Encoding.UTF8.GetBytes("r and s, " + Guid.NewGuid());
        var input = Write(dir, "message", message);
        var sig = Path.Combine(dir, "signature");
        var sign = _tool.Run("--login", "--pin", UserPin, "--sign", "--id", key.Id, "--mechanism", mechanism, "--input-file", input, "--output-file", sig);
        Assert.That(sign.Code, Is.EqualTo(0), sign.ToString());
        var signature = File.ReadAllBytes(sig);
        Assert.That(signature, Has.Length.EqualTo(length));
        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(File.ReadAllBytes(_publicDer[key.Name]), out _);
        var hash = keyName == "p256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
        Assert.That(ec.VerifyData(message, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), Is.True);
        message[0] ^= 1;
        Assert.That(ec.VerifyData(message, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), Is.False);
    }

    // ---------------------------------------------------------------- decryption

    /// <summary>OAEP as the brief's openssl command line makes it (SHA-256, MGF1-SHA-256), and with SHA-1 and SHA-384.</summary>
    [TestCase("sha256", "SHA256", "MGF1-SHA256")]
    [TestCase("sha1", "SHA-1", "MGF1-SHA1")]
    [TestCase("sha384", "SHA384", "MGF1-SHA384")]
    public void OaepDecryptOnThePhone(string openSslMd, string hashAlgorithm, string mgf)
    {
        RequireKey(Rsa);
        var dir = CaseDir("oaep-" + openSslMd);
        var plain = Encoding.UTF8.GetBytes("an OAEP secret for the phone " + Guid.NewGuid());
        var plainFile = Write(dir, "plain", plain);
        var encrypted = Path.Combine(dir, "encrypted");
        var enc = Programs.OpenSsl("pkeyutl", "-encrypt", "-pubin", "-inkey", _publicDer[Rsa.Name], "-keyform", "DER",
            "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:" + openSslMd, "-pkeyopt", "rsa_mgf1_md:" + openSslMd,
            "-in", plainFile, "-out", encrypted);
        Assert.That(enc.Code, Is.EqualTo(0), enc.ToString());

        var decrypted = Path.Combine(dir, "decrypted");
        var dec = _tool.Run("--login", "--pin", UserPin, "--decrypt", "--id", Rsa.Id, "--mechanism", "RSA-PKCS-OAEP",
            "--hash-algorithm", hashAlgorithm, "--mgf", mgf, "--input-file", encrypted, "--output-file", decrypted);
        Assert.That(dec.Code, Is.EqualTo(0), dec.ToString());
        Assert.That(File.ReadAllBytes(decrypted), Is.EqualTo(plain), dec.ToString());
    }

    [Test]
    public void Pkcs1v15DecryptOnThePhone()
    {
        RequireKey(Rsa);
        var dir = CaseDir("pkcs1-decrypt");
        var plain = Encoding.UTF8.GetBytes("a PKCS#1 v1.5 secret " + Guid.NewGuid());
        // Encrypted by .NET this time (openssl does the OAEP cases).
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(File.ReadAllBytes(_publicDer[Rsa.Name]), out _);
        var encrypted = Write(dir, "encrypted", rsa.Encrypt(plain, RSAEncryptionPadding.Pkcs1));
        var decrypted = Path.Combine(dir, "decrypted");
        var dec = _tool.Run("--login", "--pin", UserPin, "--decrypt", "--id", Rsa.Id, "--mechanism", "RSA-PKCS",
            "--input-file", encrypted, "--output-file", decrypted);
        Assert.That(dec.Code, Is.EqualTo(0), dec.ToString());
        Assert.That(File.ReadAllBytes(decrypted), Is.EqualTo(plain), dec.ToString());
    }

    // ---------------------------------------------------------------- certificates

    [Test]
    public void CertificateWriteReadListDelete()
    {
        RequireKey(P256);
        var dir = CaseDir("certificate");
        // A certificate for the token's P-256 key, signed by a throwaway key openssl makes.
        var issuerKey = Path.Combine(dir, "issuer.pem");
        Programs.Ok("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", issuerKey]);
        var certFile = Path.Combine(dir, "cert.der");
        const string subject = "/CN=Pkcs11Phone pkcs11-tool check/O=Pkcs11Phone tests";
        Programs.Ok("openssl", ["x509", "-new", "-subj", subject, "-key", issuerKey, "-force_pubkey", _publicDer[P256.Name],
            "-days", "30", "-outform", "DER", "-out", certFile]);
        var cert = File.ReadAllBytes(certFile);
        const string certLabel = "ec-p256 certificate";

        var write = _tool.Run("--login", "--pin", UserPin, "--write-object", certFile, "--type", "cert", "--id", P256.Id, "--label", certLabel);
        try
        {
            Assert.That(write.Code, Is.EqualTo(0), write.ToString());
            Assert.That(write.Stdout, Does.Contain("Created certificate:"), write.ToString());

            var readFile = Path.Combine(dir, "read.der");
            var read = _tool.Run("--read-object", "--type", "cert", "--id", P256.Id, "--output-file", readFile);
            Assert.That(read.Code, Is.EqualTo(0), read.ToString());
            Assert.That(File.ReadAllBytes(readFile), Is.EqualTo(cert), "the certificate read back is the one written");

            var list = _tool.Run("--list-objects");
            Assert.That(list.Code, Is.EqualTo(0), list.ToString());
            var listed = Pkcs11Tool.ParseObjects(list.Stdout).Where(o => o.Kind == "Certificate").ToList();
            Assert.That(listed, Has.Count.EqualTo(1), list.ToString());
            Assert.Multiple(() =>
            {
                Assert.That(listed[0].Head, Does.Contain("X.509 cert"));
                Assert.That(listed[0].Label, Is.EqualTo(certLabel));
                Assert.That(listed[0].Id, Is.EqualTo(P256.Id));
                Assert.That(listed[0].Attributes.GetValueOrDefault("subject"), Does.Contain("CN=Pkcs11Phone pkcs11-tool check").And.Contain("O=Pkcs11Phone tests"));
            });
        }
        finally
        {
            var delete = _tool.Run("--login", "--pin", UserPin, "--delete-object", "--type", "cert", "--id", P256.Id);
            Assert.That(delete.Code, Is.EqualTo(0), delete.ToString());
        }
        var after = _tool.Run("--list-objects");
        Assert.That(Pkcs11Tool.ParseObjects(after.Stdout).Where(o => o.Kind == "Certificate"), Is.Empty, after.ToString());
        var gone = _tool.Run("--read-object", "--type", "cert", "--id", P256.Id, "--output-file", Path.Combine(dir, "gone.der"));
        Assert.That(gone.Code, Is.Not.EqualTo(0), gone.ToString());
        Assert.That(gone.Output, Does.Contain("object not found"), gone.ToString());
        // The key pair the certificate was for is still there.
        Assert.That(Pkcs11Tool.ParseObjects(after.Stdout).Any(o => o.Kind == "Public Key" && o.Id == P256.Id), Is.True, after.ToString());
    }

    // ---------------------------------------------------------------- PINs

    [Test]
    public void WrongPinIsRefused()
    {
        var wrong = _tool.Run("--login", "--pin", "not-the-pin", "--list-objects");
        Assert.That(wrong.Code, Is.Not.EqualTo(0), wrong.ToString());
        Assert.That(wrong.Output, Does.Contain("CKR_PIN_INCORRECT"), wrong.ToString());
        Assert.That(Pkcs11Tool.ParseObjects(wrong.Stdout).Where(o => o.Kind == "Private Key"), Is.Empty, wrong.ToString());

        // The right PIN still works and clears the counter again.
        var right = _tool.Run("--login", "--pin", UserPin, "--list-objects");
        Assert.That(right.Code, Is.EqualTo(0), right.ToString());
        var slots = _tool.Run("--list-token-slots");
        Assert.That(TokenFlags(slots.Stdout), Does.Not.Contain("user PIN count low").And.Not.Contain("user PIN locked"), slots.ToString());
    }

    // ---------------------------------------------------------------- pkcs11-tool's own tests

    [Test]
    public void SelfTest()
    {
        var r = _tool.Run(TimeSpan.FromSeconds(180), "--test", "--login", "--pin", UserPin);
        ReportWarnings(r);
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(Pkcs11Tool.ErrorLines(r.Output), Is.Empty, r.ToString());
        // --test does not set its exit code on errors: its summary says whether it found any.
        Assert.That(r.Stdout, Does.Contain("No errors"), r.ToString());
        // ... and a run that tested nothing proves nothing: the signature and decryption tests must have run.
        Assert.That(r.Stdout, Does.Contain("Signatures (currently only for RSA)").And.Not.Contain("Signatures: not implemented"),
            "pkcs11-tool runs its signature tests only for mechanisms flagged CKF_HW:\n" + r);
        Assert.That(r.Stdout, Does.Contain("testing signature mechanisms:"), r.ToString());
        Assert.That(r.Stdout, Does.Contain("Decryption (currently only for RSA)").And.Not.Contain("Decrypt: not implemented"), r.ToString());
        Assert.That(r.Stdout, Does.Match(@"RSA-PKCS-OAEP: (mgf not set.*\n\s*)?OK"), "OAEP decryption tested:\n" + r);
    }

    /// <summary>
    /// The same, with --allow-sw: pkcs11-tool then picks signature mechanisms without asking for CKF_HW, so the
    /// signature tests run whatever the flags say (this tells a missing flag apart from a failing signature).
    /// </summary>
    [Test]
    public void SelfTestWithSoftwareMechanismsAllowed()
    {
        var r = _tool.Run(TimeSpan.FromSeconds(180), "--test", "--allow-sw", "--login", "--pin", UserPin);
        ReportWarnings(r);
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(Pkcs11Tool.ErrorLines(r.Output), Is.Empty, r.ToString());
        Assert.That(r.Stdout, Does.Contain("No errors"), r.ToString());
        Assert.That(r.Stdout, Does.Contain("Signatures (currently only for RSA)").And.Contain("testing signature mechanisms:"), r.ToString());
        // Multi-part signing works, or pkcs11-tool was told it is not supported (a warning it tolerates).
        Assert.That(r.Output, Does.Contain("all 4 signature functions seem to work").Or.Contain("warning: PKCS11 function C_SignUpdate"), r.ToString());
    }

    [Test]
    public void TestThreads()
    {
        // OpenSC 0.23: each --test-threads starts a thread that runs two-letter commands, ':' between them:
        // IN C_Initialize(NULL), IL C_Initialize(CKF_OS_LOCKING_OK), GI C_GetInfo, SL C_GetSlotList, Tn C_GetTokenInfo
        // of slot index n, Pn pause n s. The threads race the main thread's own C_Initialize and -L.
        var r = _tool.Run(TimeSpan.FromSeconds(180),
            "--test-threads", "IN:GI:SL:T0", "--test-threads", "IL:SL:T0:GI", "--test-threads", "IN:SL:T0:SL:T0", "--test-threads", "IL:GI:GI:SL:T0",
            "--list-slots");
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stderr, Does.Match(@"Main C_Initialize\((NULL|CKF_OS_LOCKING_OK)\) rv:(CKR_OK|CKR_CRYPTOKI_ALREADY_INITIALIZED)"), r.ToString());
        Assert.That(r.Stderr, Does.Contain("test_threads all threads have ended with CKR_OK"), r.ToString());
        Assert.That(r.Stderr, Does.Not.Contain("Unknown test").And.Not.Contain("slot not available"), r.ToString());
        var final = Regex.Matches(r.Stderr, @"test_threads thread:(\d+) state:(-?\d+), rv:(\S+)").TakeLast(4).ToList();
        Assert.That(final, Has.Count.EqualTo(4), r.ToString());
        Assert.That(final.Select(m => (m.Groups[2].Value, m.Groups[3].Value)), Has.All.EqualTo(("-1", "CKR_OK")), r.ToString());
        Assert.That(Regex.Matches(r.Stdout, @"token label\s+:\s+" + Regex.Escape(TokenLabel)), Has.Count.GreaterThanOrEqualTo(5),
            "the token as -L and each thread's T0 show it:\n" + r);
        Assert.That(Pkcs11Tool.ErrorLines(r.Output), Is.Empty, r.ToString());
    }

    [Test]
    public void TestFork()
    {
        // The child of a fork calls C_Initialize (and must get CKR_OK), exits; the parent then goes on using
        // the module: logs in and lists the token's objects.
        var r = _tool.Run("--test-fork", "--login", "--pin", UserPin, "--list-objects");
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stdout, Does.Contain("*** Calling C_Initialize in forked child process ***"), r.ToString());
        Assert.That(r.Output, Does.Not.Contain("Child process exited").And.Not.Contain("C_Initialize in child"), r.ToString());
        Assert.That(Pkcs11Tool.ErrorLines(r.Output), Is.Empty, r.ToString());
        var objects = Pkcs11Tool.ParseObjects(r.Stdout);
        Assert.That(objects.Any(o => o.Kind == "Private Key"), Is.True, "the parent, logged in after the fork, sees private keys:\n" + r);
    }

    // ---------------------------------------------------------------- link round trips

    [Test]
    public void RoundTripsOfListingAndOneSignature()
    {
        RequireKey(P256);
        var dir = CaseDir("round-trips");
        var input = Write(dir, "message", Encoding.UTF8.GetBytes("one signature, one round trip"));
        // A login first, so the PIN counters are clean and the login below moves nothing on the token.
        Assert.That(_tool.Run("--login", "--pin", UserPin, "--list-objects").Code, Is.EqualTo(0));

        var list = RoundTrips.During(_phone, () => Assert.That(_tool.Run("--list-slots").Code, Is.EqualTo(0)));
        var objects = RoundTrips.During(_phone, () => Assert.That(_tool.Run("--list-objects").Code, Is.EqualTo(0)));
        ProgramRun? signRun = null;
        var sign = RoundTrips.During(_phone, () => signRun = _tool.Run("--login", "--pin", UserPin, "--sign", "--id", P256.Id,
            "--mechanism", "ECDSA-SHA256", "--input-file", input, "--output-file", Path.Combine(dir, "signature")));
        TestContext.Out.WriteLine($"link round trips: -L: {RoundTrips.Format(list)}; -O: {RoundTrips.Format(objects)}; --login --sign (ECDSA-SHA256): {RoundTrips.Format(sign)}");
        Assert.That(signRun!.Code, Is.EqualTo(0), signRun.ToString());

        Assert.Multiple(() =>
        {
            // Listing is answered from the agent's copy of the token and its catalogue.
            Assert.That(list, Is.Empty, "-L: " + RoundTrips.Format(list));
            Assert.That(objects, Is.Empty, "-O without a login: " + RoundTrips.Format(objects));

            // One signature is one +P11SIGN. The login is +P11LOGIN; the end of the session or of the client logs
            // out (+P11LOGOUT, at most one) and the agent ends the client (+P11END, at most one). Each of these may
            // be followed by one short +P11CAT (the catalogue's generation); +P11TOKEN only when the generation
            // moved, which a right PIN on clean counters does not do.
            long Count(string name) => sign.GetValueOrDefault(name);
            Assert.That(Count("+P11SIGN"), Is.EqualTo(1), "+P11SIGN: " + RoundTrips.Format(sign));
            Assert.That(Count("+P11LOGIN"), Is.EqualTo(1), "+P11LOGIN: " + RoundTrips.Format(sign));
            Assert.That(Count("+P11LOGOUT"), Is.LessThanOrEqualTo(1), "+P11LOGOUT: " + RoundTrips.Format(sign));
            Assert.That(Count("+P11END"), Is.LessThanOrEqualTo(1), "+P11END: " + RoundTrips.Format(sign));
            Assert.That(Count("+P11CAT"), Is.LessThanOrEqualTo(Count("+P11LOGIN") + Count("+P11LOGOUT") + Count("+P11END")),
                "+P11CAT beyond one per login, logout and end: " + RoundTrips.Format(sign));
            Assert.That(Count("+P11TOKEN"), Is.EqualTo(0), "+P11TOKEN refetch: " + RoundTrips.Format(sign));
            var others = sign.Keys.Except(["+P11SIGN", "+P11LOGIN", "+P11LOGOUT", "+P11END", "+P11CAT", "+P11TOKEN"]).ToList();
            Assert.That(others, Is.Empty, "other round trips: " + RoundTrips.Format(sign));
        });
    }

    // ---------------------------------------------------------------- helpers

    private void ExportPublicKey(KeySpec key)
    {
        var dir = CaseDir("public-keys");
        var exported = Path.Combine(dir, key.Name + ".pkcs11-tool");
        var der = Path.Combine(dir, key.Name + ".der");
        var read = _readPublic[key.Name] = _tool.Run("--read-object", "--type", "pubkey", "--id", key.Id, "--output-file", exported);
        if (read.Ok)
        {
            // pkcs11-tool 0.23 writes RSA and EC keys as DER SubjectPublicKeyInfo and Ed25519 keys as PEM.
            var bytes = File.ReadAllBytes(exported);
            if (bytes.Length > 0 && bytes[0] == 0x30) File.Copy(exported, der, true);
            else if (Programs.Run("openssl", ["pkey", "-pubin", "-in", exported, "-outform", "DER", "-out", der]).Code != 0) return;
            _publicDer[key.Name] = der;
            return;
        }
        // OpenSC 0.23's read_object frees the OSSL_PARAMs that hold the EC point before EVP_PKEY_fromdata uses them
        // (a use after free, fixed after 0.23 by OpenSC commit 63d4bd3d, "Avoid dereferencing freed members when reading
        // public keys"); depending on the heap it fails with "cannot create EVP_PKEY" (here: P-384, with SoftHSM's keys
        // too). Then the SPKI is made from the token's CKA_EC_PARAMS and CKA_EC_POINT as pkcs11-tool -O prints them.
        if (key.KeyType.StartsWith("EC:") && key != Ed25519 && read.Output.Contains("cannot create EVP_PKEY") && ListedEcPointOrNull(key) is { } point)
        {
            using var ec = ECDsa.Create(new ECParameters
            {
                Curve = key == P256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384,
                Q = new ECPoint { X = point[1..(1 + (point.Length - 1) / 2)], Y = point[(1 + (point.Length - 1) / 2)..] },
            });
            File.WriteAllBytes(der, ec.ExportSubjectPublicKeyInfo());
            _publicDer[key.Name] = der;
            _publicNotes[key.Name] = "pkcs11-tool 0.23 --read-object failed with its known EC defect (\"cannot create EVP_PKEY\", a use after "
                + "free in read_object, reproduced with SoftHSM's P-384 keys); the public key was built from CKA_EC_POINT as -O lists it.";
        }
    }

    private byte[] ListedEcPoint(KeySpec key) =>
        ListedEcPointOrNull(key) ?? throw new AssertionException($"no EC_POINT for {key.Label} in\n{_publicListing}");

    /// <summary>The key's CKA_EC_POINT (the point itself, out of its DER OCTET STRING) as <c>pkcs11-tool -O</c> printed it.</summary>
    private byte[]? ListedEcPointOrNull(KeySpec key)
    {
        if (_publicListing is null) return null;
        var pub = Pkcs11Tool.ParseObjects(_publicListing.Stdout).FirstOrDefault(o => o.Kind == "Public Key" && o.Id == key.Id);
        if (pub?.Attributes.GetValueOrDefault("EC_POINT") is not { } hex) return null;
        var der = Convert.FromHexString(hex);
        return new AsnReader(der, AsnEncodingRules.DER).ReadOctetString();
    }

    private static byte[] Input(string kind, byte[] message) => kind switch
    {
        "message" => message,
        "sha256" => SHA256.HashData(message),
        "sha384" => SHA384.HashData(message),
        // DigestInfo ::= SEQUENCE { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING digest }
        "digestinfo-sha256" => [.. Convert.FromHexString("3031300d060960864801650304020105000420"), .. SHA256.HashData(message)],
        _ => throw new ArgumentException(kind),
    };

    private static ProgramRun OpenSslVerify(SignCase c, string publicKey, string messageFile, string inputFile, string sig)
    {
        string[] key = ["-pubin", "-inkey", publicKey, "-keyform", "DER"];
        return (c.Mechanism, c.Input) switch
        {
            ("RSA-PKCS", _) or ("SHA256-RSA-PKCS", _) => Programs.OpenSsl("dgst", "-sha256", "-verify", publicKey, "-keyform", "DER", "-signature", sig, messageFile),
            ("SHA384-RSA-PKCS", _) => Programs.OpenSsl("dgst", "-sha384", "-verify", publicKey, "-keyform", "DER", "-signature", sig, messageFile),
            ("SHA256-RSA-PKCS-PSS", _) => Programs.OpenSsl("dgst", "-sha256", "-verify", publicKey, "-keyform", "DER",
                "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256", "-signature", sig, messageFile),
            ("RSA-PKCS-PSS", "sha256") => Programs.OpenSsl(["pkeyutl", "-verify", .. key, "-in", inputFile, "-sigfile", sig,
                "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "digest:sha256", "-pkeyopt", "rsa_mgf1_md:sha256", "-pkeyopt", "rsa_pss_saltlen:32"]),
            ("RSA-PKCS-PSS", "sha384") => Programs.OpenSsl(["pkeyutl", "-verify", .. key, "-in", inputFile, "-sigfile", sig,
                "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "digest:sha384", "-pkeyopt", "rsa_mgf1_md:sha384", "-pkeyopt", "rsa_pss_saltlen:48"]),
            ("ECDSA", _) => Programs.OpenSsl(["pkeyutl", "-verify", .. key, "-in", inputFile, "-sigfile", sig]),
            ("ECDSA-SHA256", _) => Programs.OpenSsl("dgst", "-sha256", "-verify", publicKey, "-keyform", "DER", "-signature", sig, messageFile),
            ("ECDSA-SHA384", _) => Programs.OpenSsl("dgst", "-sha384", "-verify", publicKey, "-keyform", "DER", "-signature", sig, messageFile),
            ("EDDSA", _) => Programs.OpenSsl(["pkeyutl", "-verify", .. key, "-rawin", "-in", messageFile, "-sigfile", sig]),
            _ => throw new ArgumentException(c.Name),
        };
    }

    private void RequireKey(KeySpec key)
    {
        var gen = _generated[key.Name];
        if (!gen.Ok) Assert.Fail($"the {key.Name} key pair was not generated (pkcs11-tool --keypairgen):\n{gen}");
        if (!_publicDer.ContainsKey(key.Name))
            Assert.Fail($"the {key.Name} public key could not be read (pkcs11-tool --read-object):\n{_readPublic.GetValueOrDefault(key.Name)}");
    }

    private string CaseDir(string name) =>
        Directory.CreateDirectory(Path.Combine(_dir, Regex.Replace(name, @"[^A-Za-z0-9.-]+", "_"))).FullName;

    private static string Write(string dir, string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The slot ID (decimal) of the first slot of <c>pkcs11-tool -L</c> that holds a token.</summary>
    private static string? FirstTokenSlot(string listing)
    {
        var blocks = Regex.Split(listing, @"(?m)^(?=Slot \d+ )");
        foreach (var block in blocks)
        {
            var m = Regex.Match(block, @"^Slot \d+ \(0x([0-9a-fA-F]+)\)");
            if (m.Success && !block.Contains("(empty)") && Regex.IsMatch(block, @"token (state|label)"))
                return Convert.ToUInt64(m.Groups[1].Value, 16).ToString();
        }
        return null;
    }

    private static string TokenFlags(string listing) => Regex.Match(listing, @"token flags\s+:\s+(.*)").Groups[1].Value;

    private static void ReportWarnings(ProgramRun r)
    {
        foreach (var w in Pkcs11Tool.WarningLines(r.Output)) TestContext.Out.WriteLine("pkcs11-tool warned: " + w);
    }
}
