using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Pkcs11Phone.Tests.Clients.Nss;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>
/// Java's SunPKCS11 provider with the module, configured by samples/java/sunpkcs11.cfg: keytool lists the token's
/// keys with their certificates, jarsigner signs jars with keys on the phone (SunPKCS11 signs multi-part:
/// C_SignUpdate, C_SignFinal) and verifies them. The token is provisioned as a user would for Java: key pairs
/// generated on the phone with their self-signed code-signing certificates (NSS certutil), since SunPKCS11 lists
/// a private key only together with its certificate.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class JavaTests
{
    private const string Label = "Java phone";
    private const string StoreOptions = "-storetype PKCS11 -providerClass sun.security.pkcs11.SunPKCS11";
    private NssPhone _phone = null!;
    private string _config = null!;
    private string _jar = null!;
    private readonly Dictionary<string, string> _pems = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [OneTimeSetUp]
    public void Start()
    {
        var java = Proc.Run("java", ["-version"], timeout: TimeSpan.FromSeconds(30));
        Assume.That(java.Code, Is.EqualTo(0), "no Java: " + java);
        TestContext.Progress.WriteLine("[java] " + java.Stderr.Split('\n')[0]);

        _phone = NssPhone.Start(Label);
        var db = NssDb.Create(_phone, "nssdb");
        File.AppendAllText(db.Pkcs11Txt, $"\nlibrary={NssPhone.Module}\nname=Pkcs11Phone\n");
        var noise = _phone.Write("noise.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(96)));
        foreach (var (name, cn, keyArgs) in new[]
        {
            ("rsa-signer", "Java RSA Signer", new[] { "-k", "rsa", "-g", "2048" }),
            ("ec-signer", "Java EC Signer", new[] { "-k", "ec", "-q", "nistp256" }),
        })
        {
            var made = db.Certutil(["-S", "-h", Label, "-f", _phone.PinFile, "-z", noise, "-n", name, "-s", $"CN={cn},O=Pkcs11Phone Tests",
                "-x", "-t", "u,u,u", .. keyArgs, "-Z", "SHA256", "-v", "12", "--keyUsage", "digitalSignature", "--extKeyUsage", "codeSigning"],
                TimeSpan.FromSeconds(120));
            Assert.That(made.Code, Is.EqualTo(0), made + _phone.Diagnosis());
            var pem = db.Certutil(["-L", "-h", Label, "-f", _phone.PinFile, "-n", Label + ":" + name, "-a"]);
            Assert.That(pem.Code, Is.EqualTo(0), pem.ToString());
            _pems[name] = _phone.Write(name + ".pem", pem.Stdout);
        }

        // The sample configuration, with the module just built.
        _config = _phone.Write("sunpkcs11.cfg", NssSamples.Read("java/sunpkcs11.cfg"));
        var classes = Path.Combine(_phone.Dir, "jar-content");
        Directory.CreateDirectory(Path.Combine(classes, "greeting"));
        File.WriteAllText(Path.Combine(classes, "greeting", "hello.txt"), "Hello from a jar signed on the phone.\n");
        _jar = _phone.PathOf("small.jar");
        Proc.Ok("jar", ["cf", _jar, "-C", classes, "greeting"], timeout: TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        TestContext.Progress.WriteLine($"[java] {_clock.Elapsed.TotalSeconds:0.0} s for the Java fixture");
        _phone?.Dispose();
    }

    private static string[] Split(string options) => options.Split(' ');

    private ProcResult Keytool(IEnumerable<string> args, string pin = NssPhone.UserPin) =>
        _phone.Run("keytool", [.. args, .. Split(StoreOptions), "-providerArg", _config, "-storepass", pin], TimeSpan.FromSeconds(120));

    private ProcResult Jarsigner(IEnumerable<string> args) =>
        _phone.Run("jarsigner", ["-keystore", "NONE", .. Split(StoreOptions), "-providerArg", _config, "-storepass", NssPhone.UserPin, .. args],
            TimeSpan.FromSeconds(120));

    [Test, Order(1)]
    public void KeytoolListsTheTokensKeysWithTheirCertificates()
    {
        var list = Keytool(["-list"]);
        Assert.That(list.Code, Is.EqualTo(0), list + _phone.Diagnosis());
        Assert.That(list.Stdout, Does.Contain("Keystore type: PKCS11").And.Contain("Keystore provider: SunPKCS11-Pkcs11Phone")
            .And.Contain("Your keystore contains 2 entries"), list.ToString());
        foreach (var (alias, pem) in _pems)
        {
            using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(pem));
            var fingerprint = string.Join(':', Convert.FromHexString(cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256))
                .Select(b => b.ToString("X2")));
            Assert.That(list.Stdout, Does.Match($@"(?m)^{Regex.Escape(alias)}, PrivateKeyEntry,\s*\r?\nCertificate fingerprint \(SHA-256\): {fingerprint}"),
                $"{alias}: a private key entry with the token's certificate\n{list}");
        }

        var verbose = Keytool(["-list", "-v", "-alias", "ec-signer"]);
        Assert.That(verbose.Stdout, Does.Contain("Entry type: PrivateKeyEntry").And.Contain("Owner: CN=Java EC Signer, O=Pkcs11Phone Tests")
            .And.Contain("Signature algorithm name: SHA256withECDSA"), verbose.ToString());
        // SunPKCS11 asks about every mechanism at start; the module answers locally, without the phone.
        Assert.That(_phone.TraceLines("C_GetMechanismInfo"), Has.Count.GreaterThan(10));
    }

    [TestCase("rsa-signer", "SHA256withRSA, 2048-bit key"), Order(2)]
    [TestCase("ec-signer", "SHA256withECDSA, 256-bit key")]
    public void JarsignerSignsWithAKeyOnThePhoneAndTheSignatureVerifies(string alias, string algorithm)
    {
        var signed = _phone.PathOf($"signed-{alias}.jar");
        int signFinalsBefore = _phone.TraceLines("C_SignFinal").Count;
        var sign = Jarsigner(["-signedjar", signed, _jar, alias]);
        Assert.That(sign.Code, Is.EqualTo(0), sign + _phone.Diagnosis());
        Assert.That(sign.Stdout, Does.Contain("jar signed."), sign.ToString());
        // SunPKCS11 signs in parts (C_SignUpdate ... C_SignFinal), as the notes say.
        Assert.That(_phone.TraceLines("C_SignFinal").Skip(signFinalsBefore), Has.Some.Contains("-> CKR_OK"), _phone.Diagnosis());

        // Verified against a trust store that holds the signer's certificate, with warnings as errors (-strict).
        var trust = _phone.PathOf($"trust-{alias}.p12");
        Proc.Ok("keytool", ["-importcert", "-noprompt", "-keystore", trust, "-storetype", "PKCS12", "-storepass", "changeit",
            "-alias", alias, "-file", _pems[alias]], timeout: TimeSpan.FromSeconds(60));
        var verify = Proc.Run("jarsigner", ["-verify", "-strict", "-verbose", "-certs", "-keystore", trust, "-storepass", "changeit", signed],
            timeout: TimeSpan.FromSeconds(60));
        Assert.That(verify.Code, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain("jar verified.").And.Contain("Signature algorithm: " + algorithm)
            .And.Contain("Signed by \"CN=Java " + (alias == "rsa-signer" ? "RSA" : "EC") + " Signer, O=Pkcs11Phone Tests\""), verify.ToString());
        Assert.That(verify.Stdout, Does.Match(@"(?m)^\s*smk\s+\d+.*greeting/hello\.txt"), "the entry is signed, listed and its signer trusted\n" + verify);

        // Negative control: change the content of a signed entry.
        var tampered = _phone.PathOf($"tampered-{alias}.jar");
        File.Copy(signed, tampered, true);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            zip.GetEntry("greeting/hello.txt")!.Delete();
            using var w = new StreamWriter(zip.CreateEntry("greeting/hello.txt").Open());
            w.Write("Hello from a jar changed after signing.\n");
        }
        var bad = Proc.Run("jarsigner", ["-verify", "-strict", "-keystore", trust, "-storepass", "changeit", tampered], timeout: TimeSpan.FromSeconds(60));
        Assert.That(bad.Code, Is.Not.EqualTo(0), bad.ToString());
        Assert.That(bad.Output, Does.Contain("digest error for greeting/hello.txt"), bad.ToString());
    }

    [Test, Order(3)]
    public void WrongPinIsRefusedAndTheRightOneStillWorks()
    {
        int refusedBefore = _phone.TraceLines("C_Login").Count(l => l.Contains("CKR_PIN_INCORRECT"));
        var wrong = Keytool(["-list"], pin: "not-the-pin");
        Assert.That(wrong.Code, Is.Not.EqualTo(0), wrong.ToString());
        // keytool says only "load failed"; the module refused the PIN once (SunPKCS11 does not retry).
        Assert.That(wrong.Output, Does.Contain("keytool error: java.io.IOException: load failed"), wrong.ToString());
        Assert.That(_phone.TraceLines("C_Login").Count(l => l.Contains("CKR_PIN_INCORRECT")) - refusedBefore, Is.EqualTo(1), _phone.Diagnosis());
        Assert.That(_phone.TokenFlags(), Does.Contain("user PIN count low"));
        Assert.That(wrong.Stdout, Does.Not.Contain("PrivateKeyEntry"));
        var right = Keytool(["-list"]);
        Assert.That(right.Stdout, Does.Contain("Your keystore contains 2 entries"), right + _phone.Diagnosis());
        Assert.That(_phone.TokenFlags(), Does.Not.Contain("count low"));
    }


    /// <summary>
    /// keytool -genkeypair with -providerName makes the key pair on the phone as session objects and then copies
    /// the private key to the token (C_CopyObject with CKA_TOKEN=true). The copy happens on the phone
    /// (AT+P11COPY): the private key never comes to the computer.
    /// </summary>
    [Test, Order(4)]
    public void KeytoolGeneratesAKeyPairOnThePhone()
    {
        var gen = Keytool(["-genkeypair", "-alias", "made-by-keytool", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
            "-dname", "CN=Made by keytool", "-providerName", "SunPKCS11-Pkcs11Phone"]);
        Assert.That(gen.Code, Is.EqualTo(0), gen + _phone.Diagnosis());
        var list = Keytool(["-list"]);
        Assert.That(list.Stdout, Does.Contain("made-by-keytool, PrivateKeyEntry"), list.ToString());
    }

}
