using System.Text.RegularExpressions;
using Pkcs11Phone.Tests.Clients.Support;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>
/// p11-kit and GnuTLS: the module registered by <c>samples/pkcs11phone.module</c> in a per-user p11-kit
/// configuration that the test owns (<c>$XDG_CONFIG_HOME/pkcs11/modules/</c>); p11-kit lists it with its token,
/// p11tool lists and tests the token's keys, certtool signs a certificate with a token key, and plain openssl
/// verifies it.
/// <para>
/// p11-kit reads no per-user configuration for root (checked below), so the clients run as a throwaway user
/// with its own XDG_CONFIG_HOME (p11-kit's ~/.config, holding the registration and a copy of the link keys
/// the harness paired), its own XDG_RUNTIME_DIR (its own agent) and the computer end of the phone's pty. The
/// alternative, a module file in /etc/pkcs11/modules/, would change the machine for every user and program.
/// </para>
/// </summary>
[TestFixture, NonParallelizable]
public sealed class P11KitGnuTlsTests
{
    private ClientToken _token = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _token = ClientToken.Start("P11Kit tests", asUser: true);
        _dir = _token.Dir;
        var modules = Directory.CreateDirectory(Path.Combine(_token.ConfigHome!, "pkcs11", "modules")).FullName;
        Samples.Write("pkcs11phone.module", Path.Combine(modules, "pkcs11phone.module"));
        _token.User!.Own(_token.ConfigHome!);
    }

    [OneTimeTearDown]
    public void Stop() => _token?.Dispose();

    private Dictionary<string, string?> Pin(string pin = ClientToken.UserPin) => new() { ["GNUTLS_PIN"] = pin };

    [Test]
    public void ListModulesShowsTheModuleWithItsToken()
    {
        var r = _token.Run("p11-kit", ["list-modules"]);
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        // The module's section: its name is the file's, up to the next module.
        var m = Regex.Match(r.Stdout, @"^pkcs11phone: (?<path>.+)\n(?<body>(?:[ \t].*\n?)*)", RegexOptions.Multiline);
        Assert.That(m.Success, Is.True, "p11-kit lists no pkcs11phone module:\n" + r);
        var body = m.Groups["body"].Value;
        Assert.Multiple(() =>
        {
            Assert.That(m.Groups["path"].Value.Trim(), Is.EqualTo(ClientToken.Module));
            Assert.That(body, Does.Contain("library-manufacturer: Pkcs11Phone"));
            Assert.That(body, Does.Contain("token: P11Kit tests"));
            Assert.That(body, Does.Contain("token-initialized").And.Contain("user-pin-initialized").And.Contain("login-required"));
        });
    }

    [Test]
    public void RootIgnoresTheUserConfiguration()
    {
        // The reason for the throwaway user: the same configuration, read by root, does not register the module.
        // (No agent may start here, and no phone is named: the user's agent owns the link.)
        var r = Tool.Run("p11-kit", ["list-modules"], new Dictionary<string, string?>
        {
            ["XDG_CONFIG_HOME"] = _token.ConfigHome,
            ["HOME"] = _token.User!.Home,
            ["PKCS11PHONE_NO_AUTOSTART"] = "1",
            ["PKCS11PHONE_PHONE"] = null,
        });
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stdout, Does.Not.Contain("pkcs11phone:"));
    }

    [Test]
    public void P11toolListsThePublicObjectsAndAfterLoginThePrivateKeys()
    {
        var all = _token.Run("p11tool", ["--list-all", _token.TokenUri]);
        Assert.That(all.Code, Is.EqualTo(0), all.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(all.Stdout, Does.Contain("Type: Public key (RSA-2048)"), all.ToString());
            Assert.That(all.Stdout, Does.Contain("Type: Public key (EC/ECDSA-SECP256R1)"), all.ToString());
            Assert.That(all.Stdout, Does.Contain("Label: rsa-key").And.Contain("Label: ec-key"));
            Assert.That(all.Stdout, Does.Not.Contain("Private key"), "private keys are private objects");
        });

        var priv = _token.Run("p11tool", ["--login", "--list-privkeys", _token.TokenUri], Pin());
        Assert.That(priv.Code, Is.EqualTo(0), priv.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(priv.Stdout, Does.Contain("Type: Private key (RSA-2048)"), priv.ToString());
            Assert.That(priv.Stdout, Does.Contain("Type: Private key (EC/ECDSA-SECP256R1)"), priv.ToString());
            Assert.That(priv.Stdout, Does.Contain($"token={Uri.EscapeDataString(_token.Label)}").And.Contain("id=%01").And.Contain("id=%02"));
            Assert.That(priv.Stdout, Does.Not.Contain("Public key"));
        });
    }

    /// <summary>p11tool --test-sign: the key, p11tool's extra options, and the algorithm it reports.</summary>
    public static readonly object[] TestSignCases =
    [
        new object[] { "rsa", Array.Empty<string>(), "RSA-SHA256" },
        new object[] { "rsa", new[] { "--sign-params", "RSA-PSS" }, "RSA-PSS-SHA256" },
        new object[] { "ec", Array.Empty<string>(), "ECDSA-SHA256" },
    ];

    [TestCaseSource(nameof(TestSignCases))]
    public void P11toolTestSignPassesWithTheTokenKey(string kind, string[] options, string algorithm)
    {
        var key = kind == "rsa" ? _token.Rsa : _token.Ec;
        var r = _token.Run("p11tool", ["--login", "--test-sign", .. options, _token.Uri(key, "private")], Pin());
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(r.Output, Does.Contain($"Signing using {algorithm}... ok"), r.ToString());
            Assert.That(r.Output, Does.Contain("Verifying against private key parameters... ok"), r.ToString());
            Assert.That(r.Output, Does.Contain("Verifying against public key in the token... ok"), r.ToString());
        });
    }

    [Test]
    public void P11toolWithAWrongPinFails()
    {
        var r = _token.Run("p11tool", ["--login", "--test-sign", _token.Uri(_token.Ec, "private")], Pin("not-the-pin"));
        Assert.That(r.Code, Is.Not.EqualTo(0), r.ToString());
        Assert.That(r.Output, Does.Not.Contain("Verifying against public key in the token... ok"));
        Assert.That(r.Output, Does.Contain("Wrong PIN has been provided"), "GnuTLS reports the token's CKR_PIN_INCORRECT");
        // The right PIN still works (and resets the token's retry counter).
        var again = _token.Run("p11tool", ["--login", "--test-sign", _token.Uri(_token.Ec, "private")], Pin());
        Assert.That(again.Code, Is.EqualTo(0), again.ToString());
    }

    [TestCase("rsa")]
    [TestCase("ec")]
    public void CerttoolSelfSignsWithTheTokenKeyAndPlainOpenSslVerifies(string kind)
    {
        var key = kind == "rsa" ? _token.Rsa : _token.Ec;
        var template = Files.Write(Path.Combine(_dir, $"certtool-{kind}.tmpl"), $"""
            cn = "certtool {kind} test"
            serial = 7
            expiration_days = 2
            ca
            cert_signing_key
            signing_key
            """);
        var cert = Path.Combine(_dir, $"certtool-{kind}.pem");
        _token.User!.Own(_dir);
        var r = _token.Run("certtool", ["--generate-self-signed", "--load-privkey", _token.Uri(key, "private"), "--template", template, "--outfile", cert], Pin());
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());

        var verify = Certificates.VerifySelfSigned(cert);
        Assert.That(verify.Code, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain($"{cert}: OK"));

        var pub = Tool.Ok("openssl", ["x509", "-in", cert, "-noout", "-pubkey"], ClientToken.PlainOpenSsl);
        Assert.That(Files.NormalizePem(pub.Stdout), Is.EqualTo(Files.NormalizePem(key.PublicKeyPem)), "the certificate holds the token's public key");

        var tampered = Certificates.VerifySelfSigned(Certificates.Tampered(cert));
        Assert.That(tampered.Code, Is.Not.EqualTo(0), tampered.ToString());
        Assert.That(tampered.Output, Does.Contain("signature failure"), tampered.ToString());
    }
}
