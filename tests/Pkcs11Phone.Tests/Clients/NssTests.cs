using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Pkcs11Phone.Tests.Clients.Nss;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>
/// NSS's own tools (libnss3-tools) with the module: the code paths of Firefox and Thunderbird without their user
/// interface. modutil adds the module to a fresh database; certutil generates key pairs on the phone
/// (C_GenerateKeyPair) and stores self-signed certificates on the token (C_CreateObject); cmsutil signs and
/// decrypts S/MIME messages as Thunderbird does, checked against OpenSSL; tstclnt authenticates to an OpenSSL
/// TLS server with the phone's keys (TLS 1.3 RSA-PSS, TLS 1.2 RSA PKCS#1, TLS 1.3 ECDSA).
/// </summary>
[TestFixture, NonParallelizable]
public sealed class NssTests
{
    private const string Label = "NSS phone";
    private const string RsaName = "rsa-user", EcName = "ec-user";
    private const string RsaCn = "Phone RSA User", EcCn = "Phone EC User";
    private static string RsaNick => Label + ":" + RsaName;
    private static string EcNick => Label + ":" + EcName;

    private NssPhone _phone = null!;
    private NssDb _db = null!;
    private NssDb _mail = null!;
    private ServerPki _pki = null!;
    private string _request = null!;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [OneTimeSetUp]
    public void Start()
    {
        _phone = NssPhone.Start(Label);
        _db = NssDb.Create(_phone, "nssdb");
        _pki = new ServerPki(_phone.PathOf("pki"));
        _request = _phone.Write("request.txt", "GET / HTTP/1.0\r\n\r\n");
        _phone.Write("noise.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(96)));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        TestContext.Progress.WriteLine($"[nss] {_clock.Elapsed.TotalSeconds:0.0} s for the NSS tools fixture");
        _phone?.Dispose();
    }

    private string RsaPem => _phone.PathOf(RsaName + ".pem");
    private string EcPem => _phone.PathOf(EcName + ".pem");

    [Test, Order(1)]
    public void ModutilAddsTheModuleToAFreshDatabase()
    {
        var add = _phone.Ok("modutil", ["-dbdir", _db.Arg, "-add", "Pkcs11Phone", "-libfile", NssPhone.Module, "-force"]);
        Assert.That(add.Output, Does.Contain("Module \"Pkcs11Phone\" added to database."));

        var list = _phone.Ok("modutil", ["-dbdir", _db.Arg, "-list"]);
        Assert.That(list.Stdout, Does.Contain("Pkcs11Phone").And.Contain("library name: " + NssPhone.Module).And.Contain("token: " + Label),
            list.ToString());
        Assert.That(File.ReadAllText(_db.Pkcs11Txt), Does.Contain("library=" + NssPhone.Module));

        // A token without objects: no certificates, no keys.
        var certs = _db.Certutil(["-L", "-h", Label, "-f", _phone.PinFile]);
        Assert.That(certs.Code, Is.EqualTo(0), certs + _phone.Diagnosis());
        Assert.That(certs.Stdout, Does.Not.Contain(Label + ":"));
        var keys = _db.Certutil(["-K", "-h", Label, "-f", _phone.PinFile]);
        Assert.That(keys.Output, Does.Contain($"Checking token \"{Label}\"").And.Contain("no keys found"), keys.ToString());
    }

    [Test, Order(2)]
    public void CertutilGeneratesKeysOnThePhoneAndStoresSelfSignedCertificates()
    {
        string noise = _phone.PathOf("noise.bin");
        var rsa = _db.Certutil(["-S", "-h", Label, "-f", _phone.PinFile, "-z", noise, "-n", RsaName, "-s", $"CN={RsaCn},O=Pkcs11Phone Tests",
            "-x", "-t", "u,u,u", "-k", "rsa", "-g", "2048", "-Z", "SHA256", "-v", "12", "-7", "rsa.user@phone.example",
            "--keyUsage", "digitalSignature,keyEncipherment", "--extKeyUsage", "clientAuth,emailProtection"], TimeSpan.FromSeconds(120));
        Assert.That(rsa.Code, Is.EqualTo(0), rsa + _phone.Diagnosis());
        var ec = _db.Certutil(["-S", "-h", Label, "-f", _phone.PinFile, "-z", noise, "-n", EcName, "-s", $"CN={EcCn},O=Pkcs11Phone Tests",
            "-x", "-t", "u,u,u", "-k", "ec", "-q", "nistp256", "-Z", "SHA256", "-v", "12", "-7", "ec.user@phone.example",
            "--keyUsage", "digitalSignature", "--extKeyUsage", "clientAuth,emailProtection"], TimeSpan.FromSeconds(120));
        Assert.That(ec.Code, Is.EqualTo(0), ec + _phone.Diagnosis());

        // certutil made the key pairs through C_GenerateKeyPair and stored the certificates with C_CreateObject.
        Assert.That(_phone.TraceLines("C_GenerateKeyPair").Count(l => l.Contains("-> CKR_OK")), Is.EqualTo(2), _phone.Diagnosis());
        Assert.That(_phone.TraceLines("C_CreateObject").Count(l => l.Contains("-> CKR_OK")), Is.GreaterThanOrEqualTo(2), _phone.Diagnosis());
        // NSS names each new key pair by its public key: CKA_ID set with C_SetAttributeValue on both halves.
        Assert.That(_phone.TraceLines("C_SetAttributeValue").Count(l => l.Contains("-> CKR_OK")), Is.GreaterThanOrEqualTo(4), _phone.Diagnosis());

        var certs = _db.Certutil(["-L", "-h", Label, "-f", _phone.PinFile]);
        Assert.That(certs.Code, Is.EqualTo(0), certs.ToString());
        Assert.That(certs.Stdout, Does.Match(@"(?m)^" + Regex.Escape(RsaNick) + @"\s+\S*u").And.Match(@"(?m)^" + Regex.Escape(EcNick) + @"\s+\S*u"),
            "both certificates on the token, with their private keys (trust flag u)\n" + certs);
        var keys = _db.Certutil(["-K", "-h", Label, "-f", _phone.PinFile]);
        Assert.That(keys.Stdout, Does.Match(@"<\s*\d+>\s+rsa\s+[0-9a-f]{40}\s+" + Regex.Escape(RsaNick))
            .And.Match(@"<\s*\d+>\s+ec\s+[0-9a-f]{40}\s+" + Regex.Escape(EcNick)), keys.ToString());

        // The private keys were made on the phone and never leave it.
        var objects = _phone.Pkcs11Tool(["--list-objects", "--login", "--pin", NssPhone.UserPin]);
        Assert.That(Regex.Matches(objects.Stdout, @"Private Key Object; (RSA|EC)").Count, Is.EqualTo(2), objects.ToString());
        Assert.That(Regex.Matches(objects.Stdout, @"Access:\s+sensitive, always sensitive, never extractable, local").Count, Is.EqualTo(2), objects.ToString());
        Assert.That(Regex.Matches(objects.Stdout, @"Certificate Object; type = X\.509 cert").Count, Is.EqualTo(2), objects.ToString());

        // The certificates, as PEM for OpenSSL; each is signed (by the phone) with its own key.
        foreach (var (nick, file, cn) in new[] { (RsaNick, RsaPem, RsaCn), (EcNick, EcPem, EcCn) })
        {
            var pem = _db.Certutil(["-L", "-h", Label, "-f", _phone.PinFile, "-n", nick, "-a"]);
            Assert.That(pem.Code, Is.EqualTo(0), pem.ToString());
            File.WriteAllText(file, pem.Stdout);
            using var cert = X509Certificate2.CreateFromPem(pem.Stdout);
            Assert.That(cert.Subject, Does.Contain("CN=" + cn));
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(cert);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
            Assert.That(chain.Build(cert), Is.True,
                nick + ": " + string.Join(", ", chain.ChainStatus.Select(s => s.Status + " " + s.StatusInformation)));
        }
        File.WriteAllText(_phone.PathOf("clients.pem"), File.ReadAllText(RsaPem) + File.ReadAllText(EcPem));
        _db.TrustServerCa(_pki.CaCertFile);
    }

    /// <summary>
    /// A Thunderbird profile's NSS database that lists the module with samples/thunderbird/pkcs11.txt; the user
    /// trusts their own (self-signed) certificates for e-mail, as Thunderbird asks before it signs.
    /// </summary>
    private NssDb MailProfile()
    {
        if (_mail is not null) return _mail;
        Assume.That(File.Exists(RsaPem) && File.Exists(EcPem), "needs the certificates of the certutil test");
        var mail = NssDb.Create(_phone, "thunderbird-profile");
        mail.AppendModuleLines(NssSamples.Read("thunderbird/pkcs11.txt"));
        var certs = mail.Certutil(["-L", "-h", Label, "-f", _phone.PinFile]);
        Assert.That(certs.Stdout, Does.Contain(RsaNick).And.Contain(EcNick), "the sample's lines load the module\n" + certs + _phone.Diagnosis());
        foreach (var nick in new[] { RsaNick, EcNick })
        {
            var trust = mail.Certutil(["-M", "-n", nick, "-t", ",C,", "-f", _phone.PinFile]);
            Assert.That(trust.Code, Is.EqualTo(0), trust + _phone.Diagnosis());
        }
        return _mail = mail;
    }

    [Test, Order(3)]
    public void CmsutilSignsDetachedLikeThunderbirdAndOpenSslVerifies()
    {
        var mail = MailProfile();
        var message = _phone.Write("mail-body.txt", "Content-Type: text/plain\r\n\r\nSigned on the phone, sent from Thunderbird.\r\n");
        var signature = _phone.PathOf("mail-body.p7s");
        // Thunderbird: a detached signature (-T) with signing time (-G), S/MIME capabilities (-P), SHA-256.
        var sign = _phone.Run("cmsutil", ["-S", "-T", "-G", "-P", "-H", "SHA256", "-N", RsaNick, "-d", mail.Arg, "-f", _phone.PinFile,
            "-i", message, "-o", signature]);
        Assert.That(sign.Code, Is.EqualTo(0), sign + _phone.Diagnosis());

        var nssVerify = _phone.Run("cmsutil", ["-D", "-d", mail.Arg, "-c", message, "-i", signature, "-h", "0"]);
        Assert.That(nssVerify.Stdout, Does.Contain($"signer0.id=\"{RsaCn}\"; signer0.status=GoodSignature;"), nssVerify.ToString());

        var opensslVerify = Proc.Run("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", message,
            "-CAfile", RsaPem, "-purpose", "any", "-out", _phone.PathOf("verified.txt")]);
        Assert.That(opensslVerify.Code, Is.EqualTo(0), opensslVerify.ToString());
        Assert.That(opensslVerify.Stderr, Does.Contain("Verification successful"));
        Assert.That(File.ReadAllText(_phone.PathOf("verified.txt")), Is.EqualTo(File.ReadAllText(message)));
        var signer = Proc.Ok("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", signature]);
        Assert.That(signer.Stdout, Does.Contain("sha256WithRSAEncryption").Or.Contain("rsaEncryption"), "an RSA signature");

        // Negative control: one changed byte of the message, and neither accepts the signature.
        var tampered = _phone.Write("mail-body-tampered.txt", File.ReadAllText(message).Replace("Signed", "Sighed"));
        var nssBad = _phone.Run("cmsutil", ["-D", "-d", mail.Arg, "-c", tampered, "-i", signature, "-h", "0"]);
        Assert.That(nssBad.Stdout, Does.Contain("signer0.status=DigestMismatch"), nssBad.ToString());
        var opensslBad = Proc.Run("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", tampered,
            "-CAfile", RsaPem, "-purpose", "any", "-out", "/dev/null"]);
        Assert.That(opensslBad.Code, Is.Not.EqualTo(0), opensslBad.ToString());
        Assert.That(opensslBad.Stderr, Does.Contain("Verification failure").Or.Contain("verification failure"));
    }

    [Test, Order(4)]
    public void CmsutilSignsWithTheEcKeyAndBothVerify()
    {
        var mail = MailProfile();
        var message = _phone.Write("ec-body.txt", "An S/MIME message signed with ECDSA P-256 on the phone.\n");
        var signed = _phone.PathOf("ec-body.p7m");
        var sign = _phone.Run("cmsutil", ["-S", "-G", "-H", "SHA256", "-N", EcNick, "-d", mail.Arg, "-f", _phone.PinFile, "-i", message, "-o", signed]);
        Assert.That(sign.Code, Is.EqualTo(0), sign + _phone.Diagnosis());

        var nssVerify = _phone.Run("cmsutil", ["-D", "-d", mail.Arg, "-i", signed, "-h", "0"]);
        Assert.That(nssVerify.Stdout, Does.Contain($"signer0.id=\"{EcCn}\"; signer0.status=GoodSignature;")
            .And.Contain(File.ReadAllText(message).Trim()), nssVerify.ToString());
        var opensslVerify = Proc.Run("openssl", ["cms", "-verify", "-inform", "DER", "-in", signed, "-CAfile", EcPem, "-purpose", "any"]);
        Assert.That(opensslVerify.Code, Is.EqualTo(0), opensslVerify.ToString());
        Assert.That(opensslVerify.Stdout, Does.Contain(File.ReadAllText(message).Trim()));

        // Negative control: a byte of the encapsulated content changed.
        var bytes = File.ReadAllBytes(signed);
        int at = IndexOf(bytes, "ECDSA"u8.ToArray());
        Assert.That(at, Is.GreaterThan(0));
        bytes[at] ^= 0x20;
        var bad = _phone.PathOf("ec-body-tampered.p7m");
        File.WriteAllBytes(bad, bytes);
        var nssBad = _phone.Run("cmsutil", ["-D", "-d", mail.Arg, "-i", bad, "-h", "0"]);
        Assert.That(nssBad.Stdout, Does.Contain("signer0.status=DigestMismatch"), nssBad.ToString());
        var opensslBad = Proc.Run("openssl", ["cms", "-verify", "-inform", "DER", "-in", bad, "-CAfile", EcPem, "-purpose", "any", "-out", "/dev/null"]);
        Assert.That(opensslBad.Code, Is.Not.EqualTo(0), opensslBad.ToString());
    }

    [Test, Order(5)]
    public void CmsutilDecryptsWhatOpenSslEncryptedToThePhonesCertificate()
    {
        var mail = MailProfile();
        const string secret = "For the phone's eyes only: the key to this message is wrapped for its RSA key.\n";
        var plain = _phone.Write("secret.txt", secret);
        var enveloped = _phone.PathOf("secret.p7m");
        Proc.Ok("openssl", ["cms", "-encrypt", "-aes256", "-binary", "-in", plain, "-outform", "DER", "-out", enveloped, RsaPem]);

        var decrypt = _phone.Run("cmsutil", ["-D", "-d", mail.Arg, "-f", _phone.PinFile, "-i", enveloped, "-h", "0"]);
        Assert.That(decrypt.Code, Is.EqualTo(0), decrypt + _phone.Diagnosis());
        Assert.That(decrypt.Stdout, Does.Contain("type=envelopedData").And.EndWith(secret), decrypt.ToString());

        // Without the PIN (no password file, no terminal to ask on), the phone's key is out of reach.
        var noPin = _phone.Run("cmsutil", ["-D", "-d", mail.Arg, "-i", enveloped]);
        Assert.That(noPin.Code, Is.Not.EqualTo(0), noPin.ToString());
        Assert.That(noPin.Stdout, Does.Not.Contain(secret.Trim()));
    }

    private static readonly object[] TlsCases =
    [
        new object[] { "TLS 1.3, RSA key: RSA-PSS", RsaName, RsaCn, "tls1.3", new[] { "-tls1_3" }, "RSA-PSS", "TLSv1.3" },
        new object[] { "TLS 1.2, RSA key: PKCS#1 v1.5", RsaName, RsaCn, "tls1.2", new[] { "-tls1_2", "-client_sigalgs", "RSA+SHA256:RSA+SHA384" }, "RSA", "TLSv1.2" },
        new object[] { "TLS 1.3, ECDSA P-256 key", EcName, EcCn, "tls1.3", new[] { "-tls1_3" }, "ECDSA", "TLSv1.3" },
    ];

    [Test, Order(6), TestCaseSource(nameof(TlsCases))]
    public void TstclntAuthenticatesWithThePhonesKey(string what, string name, string cn, string version, string[] serverArgs, string signature, string protocol)
    {
        Assume.That(File.Exists(_phone.PathOf("clients.pem")), "needs the certificates of the certutil test");
        var certFile = name == RsaName ? RsaPem : EcPem;
        using var server = new TlsServer(_pki, certFile, serverArgs);
        var client = _phone.Run("tstclnt", ["-h", "127.0.0.1", "-p", server.Port.ToString(), "-d", _db.Arg, "-n", Label + ":" + name,
            "-W", _phone.PinFile, "-V", $"{version}:{version}", "-A", _request]);
        server.WaitForOutput("verify return:1", TimeSpan.FromSeconds(5));
        Assert.That(client.Code, Is.EqualTo(0), what + "\n" + client + "\n" + server + _phone.Diagnosis());

        // The server verified the client certificate from the phone...
        Assert.That(server.Output, Does.Contain($"depth=0 O = Pkcs11Phone Tests, CN = {cn}").And.Contain("verify return:1"), server.ToString());
        // ... and its status page (what the server saw) shows the protocol, the client's signature and its certificate.
        var page = client.Stdout;
        Assert.That(page, Does.Match(@"(?m)^\s*Protocol\s*:\s*" + Regex.Escape(protocol) + @"\s*$"), page);
        Assert.That(page, Does.Match(@"(?m)^Peer signature type: " + Regex.Escape(signature) + @"\s*$"), page);
        Assert.That(page, Does.Contain("Client certificate"));
        Assert.That(Pem(page), Does.Contain(Pem(File.ReadAllText(certFile))), "the page shows the token's certificate");
    }

    [Test, Order(7)]
    public void WrongPinMakesCertutilFailClearly()
    {
        var wrong = _db.Certutil(["-K", "-h", Label, "-f", _phone.WrongPinFile]);
        Assert.That(wrong.Code, Is.Not.EqualTo(0), wrong.ToString());
        Assert.That(wrong.Output, Does.Contain("SEC_ERROR_BAD_PASSWORD").Or.Contain("Incorrect password"), wrong.ToString());
        Assert.That(wrong.Stdout, Does.Not.Contain(RsaNick));
        Assert.That(_phone.TraceLines("C_Login"), Has.Some.Contains("CKR_PIN_INCORRECT"));
        Assert.That(_phone.TokenFlags(), Does.Contain("user PIN count low"));

        // The right PIN still works and resets the count.
        var right = _db.Certutil(["-K", "-h", Label, "-f", _phone.PinFile]);
        Assert.That(right.Stdout, Does.Contain(RsaNick), right.ToString());
        Assert.That(_phone.TokenFlags(), Does.Not.Contain("count low"));
    }

    [Test, Order(8)]
    public void WrongPinMakesTlsClientAuthenticationFailClearly()
    {
        Assume.That(File.Exists(RsaPem), "needs the certificates of the certutil test");
        using var server = new TlsServer(_pki, RsaPem, ["-tls1_3"]);
        try
        {
            var client = _phone.Run("tstclnt", ["-h", "127.0.0.1", "-p", server.Port.ToString(), "-d", _db.Arg, "-n", RsaNick,
                "-W", _phone.WrongPinFile, "-V", "tls1.3:tls1.3", "-A", _request]);
            server.WaitForOutput("peer did not return a certificate", TimeSpan.FromSeconds(5));
            Assert.That(client.Code, Is.Not.EqualTo(0), client.ToString());
            Assert.That(client.Output, Does.Contain("Incorrect password/PIN entered").Or.Contain("SEC_ERROR_BAD_PASSWORD"), client.ToString());
            Assert.That(client.Output, Does.Contain("SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT").Or.Contain("Failed to load a suitable client certificate"),
                client.ToString());
            Assert.That(server.Output, Does.Contain("peer did not return a certificate"), server.ToString());
            Assert.That(server.Output, Does.Not.Contain("verify return:1"));
        }
        finally
        {
            // NSS retries a wrong PIN it was given; whatever it cost, the SO gives the user PIN back.
            TestContext.Out.WriteLine("token after the wrong PIN: " + _phone.TokenFlags());
            _phone.ResetUserPin();
        }
    }

    private static string Pem(string text) => Regex.Replace(text, @"\s+", "");

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
