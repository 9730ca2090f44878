using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using NUnit.Framework;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>
/// The real programs over the secure link: `p11phone device --listen` paired by `p11phone pair`, the module
/// (loaded here) and the agent it starts, with a TCP proxy in the middle that counts every line and can flip
/// a byte, as an attacker on the link would.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class SecureLinkEndToEndTests
{
    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    private string _work = null!;
    private Process _device = null!;
    private TestLog _deviceLog = null!;
    private LineProxy _proxy = null!;
    private Dictionary<string, string?> _env = null!;
    private Pkcs11InteropFactories _f = null!;
    private string RunDir => Path.Combine(_work, "run");
    private string AgentLog => Path.Combine(RunDir, "pkcs11phone", "agent.log");

    [OneTimeSetUp]
    public void Start()
    {
        _work = Directory.CreateTempSubdirectory("p11phone-e2e-").FullName;
        Directory.CreateDirectory(RunDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        int phonePort = SecureLinkTestKit.FreePort();
        var codeFile = Path.Combine(_work, "code");
        _deviceLog = new TestLog("device");
        var psi = new ProcessStartInfo(Repo.Cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "device", "--approve", "auto", "--listen", $"tcp:127.0.0.1:{phonePort}", "--data", Path.Combine(_work, "phone"), "--label", "E2E phone",
                     "--pair", "--pairing-code-file", codeFile })
            psi.ArgumentList.Add(a);
        _device = Process.Start(psi)!;
        _device.OutputDataReceived += (_, _) => { };
        _device.ErrorDataReceived += (_, e) => { if (e.Data is not null) _deviceLog.WriteLine(e.Data); };
        _device.BeginOutputReadLine();
        _device.BeginErrorReadLine();
        PhoneHarness.WaitFor(() => File.Exists(codeFile) && _deviceLog.Text.Contains("serving on"), TimeSpan.FromSeconds(10), "the phone did not start");

        _proxy = LineProxy.Start(phonePort);
        _env = new()
        {
            ["XDG_RUNTIME_DIR"] = RunDir,
            ["XDG_CONFIG_HOME"] = Path.Combine(_work, "config"),
            [EnvironmentNames.Phone] = $"tcp:127.0.0.1:{_proxy.Port}",
            [EnvironmentNames.Config] = null,
            [EnvironmentNames.NoAutostart] = null,
            [EnvironmentNames.AgentExecutable] = Repo.Cli,
        };
        var (code, output) = PhoneHarness.Run(Repo.Cli, ["pair", "--phone", $"tcp:127.0.0.1:{_proxy.Port}", "--name", "phone", "--code-file", codeFile], _env, TimeSpan.FromSeconds(30));
        Assert.That(code, Is.EqualTo(0), output);
        foreach (var (k, v) in _env) ProcessEnvironment.Set(k, v);
        _f = new Pkcs11InteropFactories();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        var pidFile = Path.Combine(RunDir, "pkcs11phone", "agent.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid))
        {
            try
            {
                using var agent = Process.GetProcessById(pid);
                agent.Kill();
                agent.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
            }
        }
        if (!_device.HasExited)
        {
            _device.Kill();
            _device.WaitForExit(5000);
        }
        _device.Dispose();
        _proxy.DisposeAsync().AsTask().Wait();
        try { Directory.Delete(_work, true); } catch (IOException) { }
    }

    private IPkcs11Library Load() => _f.Pkcs11LibraryFactory.LoadPkcs11Library(_f, Repo.Module, AppType.MultiThreaded);

    private static ISlot WaitForToken(IPkcs11Library lib)
    {
        List<ISlot> slots = [];
        PhoneHarness.WaitFor(() => (slots = lib.GetSlotList(SlotsType.WithTokenPresent)).Count > 0, TimeSpan.FromSeconds(15), "no token over the secure link");
        return slots[0];
    }

    private string ReadAgentLog() => File.Exists(AgentLog) ? File.ReadAllText(AgentLog) : "";

    [Test, Order(1)]
    public void PairingAndTheAgentsConnectionRunOverTheProxy()
    {
        using var lib = Load();
        WaitForToken(lib);
        var lines = _proxy.Lines;
        // Connection 1 was the pairing, then the agent's.
        Assert.That(lines.Where(l => l.Connection == 1 && l.FromComputer).Select(l => l.Head[..Math.Min(10, l.Head.Length)]),
            Is.EqualTo(new[] { "ATE0", "AT+P11VER=", "AT+P11PAIR", "AT+P11PAIR" }));
        var agent = lines.Where(l => l.Connection == 2).ToList();
        Assert.That(agent.Where(l => l.FromComputer).Take(3).Select(l => l.Text[..Math.Min(9, l.Text.Length)]), Is.EqualTo(new[] { "ATE0", "AT+P11VER", "AT+P11HS=" }));
        // After the handshake, nothing in the clear in either direction.
        var afterHandshake = agent.SkipWhile(l => !l.Text.StartsWith("+P11HS:", StringComparison.Ordinal)).Skip(2).ToList();
        Assert.That(afterHandshake, Is.Not.Empty);
        Assert.That(afterHandshake.Select(l => l.Text), Has.All.StartWith("AT+P11SEC=\"").Or.StartWith("+P11SEC: \""));
        Assert.That(afterHandshake.Max(l => l.Length), Is.LessThanOrEqualTo(AtSyntax.MaxLineLength));
        Assert.That(_deviceLog.Text, Does.Contain("secure session with computer"));
    }

    [Test, Order(2)]
    public void MeasureASignatureAndTheHandshakes()
    {
        using var lib = Load();
        var slot = WaitForToken(lib);
        if (!slot.GetTokenInfo().TokenFlags.TokenInitialized) slot.InitToken("so-pin-1234", "E2E phone");
        using var s = slot.OpenSession(SessionType.ReadWrite);
        if (!slot.GetTokenInfo().TokenFlags.UserPinInitialized)
        {
            s.Login(CKU.CKU_SO, "so-pin-1234");
            s.InitPin("user-pin-1234");
            s.Logout();
        }
        s.Login(CKU.CKU_USER, "user-pin-1234");
        var A = _f.ObjectAttributeFactory;
        s.GenerateKeyPair(_f.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
            [A.Create(CKA.CKA_TOKEN, false), A.Create(CKA.CKA_EC_PARAMS, P256), A.Create(CKA.CKA_VERIFY, true)],
            [A.Create(CKA.CKA_TOKEN, false), A.Create(CKA.CKA_SIGN, true), A.Create(CKA.CKA_PRIVATE, true)],
            out var pub, out var priv);
        var point = new AsnReader(s.GetAttributeValue(pub, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(), AsnEncodingRules.DER).ReadOctetString();
        using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });

        var data = "measured over the secure link"u8.ToArray();
        long mark = _proxy.Mark();
        var signature = s.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), priv, data);
        Assert.That(ec.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);
        Thread.Sleep(200);

        var lines = _proxy.Lines;
        var command = lines.Where(l => l.Sequence > mark && l.FromComputer).MaxBy(l => l.Length)!;
        // The agent's pings go on while the phone signs, so the phone's lines after the command may begin with
        // a ping's answer (a sealed +P11RV and OK, about 55 and 43 bytes). Answers are contiguous: the signature's
        // starts at its sealed +P11SIGN line, the only long one, and is followed by its own +P11RV and OK.
        var response = lines.Where(l => l.Connection == command.Connection && l.Sequence > command.Sequence && !l.FromComputer)
            .SkipWhile(l => l.WireBytes < 100).Take(3).ToList();
        Assert.That(command.Text, Does.StartWith("AT+P11SEC=\""));
        Assert.That(response, Has.Count.EqualTo(3), "+P11SIGN, +P11RV and OK, each sealed");
        static int Plain(LineProxy.Line l) => Convert.FromBase64String(l.Text[(l.Text.IndexOf('"') + 1)..^1]).Length - 16; // the line and its LF
        int commandPlain = Plain(command), responsePlain = response.Sum(l => Plain(l) - 1 + 4);
        TestContext.Out.WriteLine($"ECDSA P-256 signature exchange, sealed: command {command.WireBytes} bytes, response {response.Sum(l => l.WireBytes)} bytes " +
            $"({response.Count} lines: {string.Join(", ", response.Select(l => l.WireBytes))}); total {command.WireBytes + response.Sum(l => l.WireBytes)} bytes");
        TestContext.Out.WriteLine($"  the same exchange in plaintext would be: command {commandPlain} bytes, response {responsePlain} bytes; total {commandPlain + responsePlain}");

        // The handshakes: the agent's connection up to its first sealed line, and the pairing connection.
        var agentConnection = lines.Where(l => l.Connection == command.Connection).ToList();
        var preSession = agentConnection.TakeWhile(l => !l.Text.StartsWith("AT+P11SEC", StringComparison.Ordinal)).ToList();
        var hs = preSession.Where(l => l.Text.StartsWith("AT+P11HS", StringComparison.Ordinal) || l.Text.StartsWith("+P11HS", StringComparison.Ordinal)).ToList();
        int hsOk = preSession.SkipWhile(l => !l.Text.StartsWith("+P11HS", StringComparison.Ordinal)).Skip(1).First().WireBytes;
        TestContext.Out.WriteLine($"reconnection handshake (AT+P11HS, KKpsk2): computer {hs.Where(l => l.FromComputer).Sum(l => l.WireBytes)} bytes, " +
            $"phone {hs.Where(l => !l.FromComputer).Sum(l => l.WireBytes) + hsOk} bytes (with its OK)");
        TestContext.Out.WriteLine($"whole plaintext phase (ATE0, AT+P11VER=1, AT+P11HS): computer {preSession.Where(l => l.FromComputer).Sum(l => l.WireBytes)} bytes, " +
            $"phone {preSession.Where(l => !l.FromComputer).Sum(l => l.WireBytes)} bytes");
        var pairing = lines.Where(l => l.Connection == 1).ToList();
        var pair = pairing.Where(l => l.Text.Contains("P11PAIR", StringComparison.Ordinal)).ToList();
        TestContext.Out.WriteLine($"pairing handshake (AT+P11PAIR, XXpsk3, 4 steps): computer {pair.Where(l => l.FromComputer).Sum(l => l.WireBytes)} bytes, " +
            $"phone {pair.Where(l => !l.FromComputer).Sum(l => l.WireBytes)} bytes (+ {pairing.Count(l => !l.FromComputer && l.Text == "OK") * 6} bytes of OK); " +
            $"whole pairing connection {pairing.Sum(l => l.WireBytes)} bytes");
        var ping = agentConnection.Where(l => l.FromComputer && l.Text.StartsWith("AT+P11SEC", StringComparison.Ordinal)).Min(l => l.WireBytes);
        TestContext.Out.WriteLine($"smallest sealed command (a ping): {ping} bytes on the wire");
    }

    [Test, Order(3)]
    public void PkcsToolListsTheTokenOverTheSecureLink()
    {
        var sw = Stopwatch.StartNew();
        var (code, output) = PhoneHarness.Run("pkcs11-tool", ["--module", Repo.Module, "-L"], _env, TimeSpan.FromSeconds(30));
        var warm = sw.Elapsed;
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Slot 0").And.Contain("phone Soft keystore"));
        TestContext.Out.WriteLine($"pkcs11-tool -L with the agent running: {warm.TotalMilliseconds:F0} ms");
    }

    [TestCase(false, TestName = "AByteFlippedTowardsTheComputerClosesTheLinkAndAFreshHandshakeBringsItBack")]
    [TestCase(true, TestName = "AByteFlippedTowardsThePhoneClosesTheLinkAndAFreshHandshakeBringsItBack")]
    [Order(4)]
    public void AByteFlippedOnTheWire(bool fromComputer)
    {
        using var lib = Load();
        WaitForToken(lib);
        int before = _proxy.Connections;
        _proxy.FlipNext(fromComputer);
        PhoneHarness.WaitFor(() => _proxy.Connections > before, TimeSpan.FromSeconds(10), "the agent did not reconnect after the flipped byte");
        WaitForToken(lib);
        var fresh = _proxy.Lines.Where(l => l.Connection == _proxy.Connections && l.FromComputer).Select(l => l.Text).ToList();
        Assert.That(fresh.Take(3).Last(), Does.StartWith("AT+P11HS="), "a fresh handshake");
        if (fromComputer)
            Assert.That(_deviceLog.Text, Does.Contain("did not open"), "the phone closed the link");
        else
            PhoneHarness.WaitFor(() => ReadAgentLog().Contains("did not open"), TimeSpan.FromSeconds(5), "the agent logs why it closed the link:\n" + ReadAgentLog());
    }

    [Test, Order(5)]
    public void MeasureACatalogueSyncOfTenKeysWithCertificates()
    {
        using var lib = Load();
        var slot = WaitForToken(lib);
        if (!slot.GetTokenInfo().TokenFlags.TokenInitialized) slot.InitToken("so-pin-1234", "E2E phone");
        using (var s = slot.OpenSession(SessionType.ReadWrite))
        {
            if (!slot.GetTokenInfo().TokenFlags.UserPinInitialized)
            {
                s.Login(CKU.CKU_SO, "so-pin-1234");
                s.InitPin("user-pin-1234");
                s.Logout();
            }
            s.Login(CKU.CKU_USER, "user-pin-1234");
            var A = _f.ObjectAttributeFactory;
            foreach (var old in s.FindAllObjects([A.Create(CKA.CKA_TOKEN, true)])) s.DestroyObject(old);
            for (int i = 0; i < 10; i++)
            {
                byte[] id = [(byte)(0x30 + i)];
                s.GenerateKeyPair(_f.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                    [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_EC_PARAMS, P256), A.Create(CKA.CKA_VERIFY, true), A.Create(CKA.CKA_ID, id), A.Create(CKA.CKA_LABEL, $"key {i}")],
                    [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_SIGN, true), A.Create(CKA.CKA_PRIVATE, true), A.Create(CKA.CKA_ID, id), A.Create(CKA.CKA_LABEL, $"key {i}")],
                    out _, out _);
                using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN=Catalogue measurement {i}, O=Pkcs11Phone", issuerKey, HashAlgorithmName.SHA256);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                s.CreateObject([A.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), A.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509), A.Create(CKA.CKA_TOKEN, true),
                    A.Create(CKA.CKA_ID, id), A.Create(CKA.CKA_LABEL, $"cert {i}"), A.Create(CKA.CKA_VALUE, certificate.RawData)]);
            }
            Assert.That(s.FindAllObjects([A.Create(CKA.CKA_TOKEN, true)]), Has.Count.EqualTo(30));
        }

        // A fresh connection reads the whole catalogue: its fourth sealed command is AT+P11CAT for token 0
        // (after PING, TOKEN and MECH).
        int before = _proxy.Connections;
        _proxy.FlipNext(true);
        PhoneHarness.WaitFor(() => _proxy.Connections > before, TimeSpan.FromSeconds(10), "the agent did not reconnect");
        WaitForToken(lib);
        Thread.Sleep(300);
        var connection = _proxy.Lines.Where(l => l.Connection == _proxy.Connections).ToList();
        var sealedCommands = connection.Where(l => l.FromComputer && l.Text.StartsWith("AT+P11SEC", StringComparison.Ordinal)).ToList();
        var cat = sealedCommands[3];
        var answer = connection.Where(l => l.Sequence > cat.Sequence).TakeWhile(l => !l.FromComputer).ToList();
        Assert.That(answer, Has.Count.GreaterThanOrEqualTo(30 + 3), "a line per object, the head, +P11RV and OK");
        TestContext.Out.WriteLine($"catalogue sync of 10 EC P-256 key pairs with 10 certificates (30 objects), sealed: command {cat.WireBytes} bytes, " +
            $"answer {answer.Sum(l => l.WireBytes)} bytes in {answer.Count} lines");
    }
}
