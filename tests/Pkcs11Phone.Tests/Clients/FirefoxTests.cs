using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pkcs11Phone.Tests.Clients.Nss;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>
/// Firefox ESR, headless and offline, on fresh profiles that list the module as users do: with the lines of
/// samples/firefox/pkcs11.txt, or through an enterprise policy (samples/firefox/policies.json, SecurityDevices).
/// Firefox loads a page from <c>openssl s_server</c> that requires a client certificate: NSS finds the phone's
/// certificate, shows its real "Password Required" dialog for the token, which a Marionette-installed observer
/// answers, signs the handshake on the phone, and the server logs the client certificate it verified.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class FirefoxTests
{
    private const string Label = "Firefox phone";
    private NssPhone _phone = null!;
    private ServerPki _pki = null!;
    private readonly Dictionary<string, string> _pems = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [OneTimeSetUp]
    public void Start()
    {
        var version = Proc.Run("sh", ["-c", "command -v " + FirefoxBrowser.Executable + " && " + FirefoxBrowser.Executable + " --version"],
            timeout: TimeSpan.FromSeconds(60));
        Assume.That(version.Code, Is.EqualTo(0), "Firefox ESR is not installed: " + version);
        TestContext.Progress.WriteLine("[firefox] " + version.Stdout.Trim().Replace('\n', ' '));

        _phone = NssPhone.Start(Label);
        _pki = new ServerPki(_phone.PathOf("pki"));
        // The user's certificates: key pairs generated on the phone, self-signed for client authentication.
        var db = NssDb.Create(_phone, "provisioning");
        File.AppendAllText(db.Pkcs11Txt, $"\nlibrary={NssPhone.Module}\nname=Pkcs11Phone\n");
        var noise = _phone.Write("noise.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(96)));
        foreach (var (name, cn, keyArgs) in new[]
        {
            ("web-rsa", "Firefox RSA User", new[] { "-k", "rsa", "-g", "2048" }),
            ("web-ec", "Firefox EC User", new[] { "-k", "ec", "-q", "nistp256" }),
        })
        {
            var made = db.Certutil(["-S", "-h", Label, "-f", _phone.PinFile, "-z", noise, "-n", name, "-s", $"CN={cn},O=Pkcs11Phone Tests",
                "-x", "-t", "u,u,u", .. keyArgs, "-Z", "SHA256", "-v", "12", "--keyUsage", "digitalSignature", "--extKeyUsage", "clientAuth"],
                TimeSpan.FromSeconds(120));
            Assert.That(made.Code, Is.EqualTo(0), made + _phone.Diagnosis());
            var pem = db.Certutil(["-L", "-h", Label, "-f", _phone.PinFile, "-n", Label + ":" + name, "-a"]);
            Assert.That(pem.Code, Is.EqualTo(0), pem.ToString());
            _pems[name] = _phone.Write(name + ".pem", pem.Stdout);
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        TestContext.Progress.WriteLine($"[firefox] {_clock.Elapsed.TotalSeconds:0.0} s for the Firefox fixture");
        _phone?.Dispose();
    }

    [Test, Order(1)]
    public void ProfileWithThePkcs11TxtLinesLogsInThroughTheDialogAndAuthenticatesWithRsa()
    {
        var (profile, db, port) = FirefoxBrowser.NewProfile(_phone, "profile-pkcs11txt", _pki);
        db.AppendModuleLines(NssSamples.Read("firefox/pkcs11.txt"));
        using var server = new TlsServer(_pki, _pems["web-rsa"], []);
        using var firefox = FirefoxBrowser.Start(_phone, profile, port);
        Assert.That(firefox.Modules(), Does.Contain("Pkcs11Phone: " + NssPhone.Module));

        LoadAndCheck(firefox, server, "Firefox RSA User", _pems["web-rsa"], "RSA-PSS");
    }

    [Test, Order(2)]
    public void PoliciesJsonAddsTheModuleAndFirefoxAuthenticatesWithEcdsa()
    {
        var policies = NssSamples.Read("firefox/policies.json");
        // Thunderbird takes the same policy; its sample must stay the one tested here.
        Assert.That(JsonNode.Parse(NssSamples.Read("thunderbird/policies.json"))!["policies"]!["SecurityDevices"]!.ToJsonString(),
            Is.EqualTo(JsonNode.Parse(policies)!["policies"]!["SecurityDevices"]!.ToJsonString()));
        var launcher = FirefoxBrowser.PrivateInstallation(_phone.PathOf("firefox-with-policies"), policies);
        var (profile, db, port) = FirefoxBrowser.NewProfile(_phone, "profile-policies", _pki);
        Assert.That(File.ReadAllText(db.Pkcs11Txt), Does.Not.Contain("libpkcs11phone"), "a fresh profile, without the module");
        using var server = new TlsServer(_pki, _pems["web-ec"], []);
        using var firefox = FirefoxBrowser.Start(_phone, profile, port, launcher);

        List<string> modules = [];
        bool added = Proc.WaitUntil(() => (modules = firefox.Modules()).Contains("Pkcs11Phone: " + NssPhone.Module), TimeSpan.FromSeconds(20), 500);
        Assert.That(added, Is.True, "the SecurityDevices policy did not add the module: " + string.Join("; ", modules) + "\n" + firefox.Output);
        Assert.That(File.ReadAllText(db.Pkcs11Txt), Does.Contain("library=" + NssPhone.Module), "Firefox wrote the module into the profile");

        LoadAndCheck(firefox, server, "Firefox EC User", _pems["web-ec"], "ECDSA");
    }

    private void LoadAndCheck(FirefoxBrowser firefox, TlsServer server, string cn, string certFile, string signature)
    {
        firefox.AnswerPasswordPrompts(NssPhone.UserPin);
        int loginsBefore = _phone.TraceLines("C_Login").Count(l => l.Contains("-> CKR_OK"));
        var shown = firefox.Load(server.Url, TimeSpan.FromSeconds(90));
        var prompts = firefox.Prompts();
        var context = $"\nshowing {shown}\nprompts: {string.Join(" | ", prompts)}\n{server}{_phone.Diagnosis()}";
        Assert.That(shown, Does.StartWith(server.Url), "Firefox showed an error page" + context);

        // The real token dialog came up, named the phone's token, and was answered.
        Assert.That(prompts, Has.Count.EqualTo(1), context);
        Assert.That(prompts[0].Title, Does.Contain("Password Required"), context);
        Assert.That(prompts[0].Text, Does.Contain(Label), context);
        Assert.That(_phone.TraceLines("C_Login").Count(l => l.Contains("-> CKR_OK")), Is.GreaterThan(loginsBefore), context);

        // The server verified the phone's certificate; its status page shows it and the client's signature.
        server.WaitForOutput("verify return:1", TimeSpan.FromSeconds(5));
        Assert.That(server.Output, Does.Contain($"depth=0 O = Pkcs11Phone Tests, CN = {cn}").And.Contain("verify return:1"), context);
        var page = firefox.PageSource();
        Assert.That(page, Does.Contain("Client certificate"), page);
        Assert.That(page, Does.Match(@"Peer signature type: " + Regex.Escape(signature) + @"\s"), page);
        Assert.That(page, Does.Match(@"Protocol\s*:\s*TLSv1\.3"), page);
        Assert.That(Regex.Replace(page, @"\s+", ""), Does.Contain(Regex.Replace(File.ReadAllText(certFile), @"\s+", "")),
            "the page shows the token's certificate");
    }
}
