using System.Net;
using System.Net.Sockets;
using System.Text;
using NUnit.Framework;
using Pkcs11Phone.Agent.Pairing;
using Pkcs11Phone.Device.Pairing;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>
/// Pairing, reconnection and refusals, with the real phone (security manager, gate, DeviceServer) and the
/// real agent link (PhoneLink) in this process, over TCP loopback.
/// </summary>
public sealed class PairingTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private string _dir = null!;
    private string PhoneData => Path.Combine(_dir, "phone");
    private string CodeFile => Path.Combine(_dir, "code");
    private AgentKeys Keys => new(Path.Combine(_dir, "keys"));

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-pairing-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private PairingCode CodeFromFile() => PairingCode.Parse(File.ReadAllText(CodeFile));

    [Test]
    public async Task PairingSucceedsAndBothSidesPin()
    {
        await using var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile);
        Assert.That(File.GetUnixFileMode(CodeFile), Is.EqualTo(Private), "the code file is 0600");
        var paired = await SecureLinkTestKit.PairAsync(phone.Port, Keys, CodeFromFile());

        using var computerKey = Keys.LoadStaticKey()!;
        var computers = phone.Keys.Computers();
        Assert.Multiple(() =>
        {
            Assert.That(paired.PublicKey, Is.EqualTo(phone.Keys.StaticKey.PublicKey), "the computer pins the phone's static key");
            Assert.That(computers, Has.Count.EqualTo(1));
            Assert.That(computers[0].PublicKey, Is.EqualTo(computerKey.PublicKey), "the phone pins the computer's static key");
            Assert.That(computers[0].Name, Is.EqualTo("tester@test"));
            Assert.That(computers[0].ReconnectPsk, Is.EqualTo(paired.ReconnectPsk), "both derived the same reconnection PSK");
            Assert.That(Keys.Phones().Single().Address, Is.EqualTo($"tcp:127.0.0.1:{phone.Port}"));
            Assert.That(File.Exists(CodeFile), Is.False, "the used code's file is deleted");
            Assert.That(phone.Window!.IsOpen, Is.False, "one pairing only");
        });
        Assert.That(phone.Log.Text, Does.Contain("paired with computer 'tester@test'"));
        Assert.That(phone.Log.Text, Does.Not.Contain(CodeFromWindow(phone)), "the code is never logged");

        // A second computer cannot pair on the same code.
        var other = new AgentKeys(Path.Combine(_dir, "other-keys"));
        var e = Assert.ThrowsAsync<LinkSecurityException>(() => SecureLinkTestKit.PairAsync(phone.Port, other, phone.Window!.Code));
        Assert.That(e!.Message, Does.Contain("not waiting for a pairing"));

        // And the agent now reconnects over the secure link with the pins.
        await using var link = new InProcessLink(phone.Port, Keys);
        await link.WaitUpAsync();
        Assert.That(link.Link.Tokens, Has.Count.EqualTo(1));
        Assert.That(phone.Log.Text, Does.Contain("secure session with computer 'tester@test'"));
    }

    private static string CodeFromWindow(InProcessPhone phone) => phone.Window!.Code.ToString();

    [Test]
    public async Task AWrongCodeFailsOnBothSidesAndWritesNothing()
    {
        await using var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile);
        var right = CodeFromFile();
        var e = Assert.ThrowsAsync<LinkSecurityException>(() => SecureLinkTestKit.PairAsync(phone.Port, Keys, PairingCode.Generate()));
        Assert.That(e!.Message, Does.Contain("refused the code"));
        Assert.That(phone.Log.Text, Does.Contain("does not match"));
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Keys.PhonesPath), Is.False, "the computer records nothing");
            Assert.That(File.Exists(phone.Keys.ComputersPath), Is.False, "the phone records nothing");
            Assert.That(phone.Window!.IsOpen, Is.True, "a mistyped code may be tried again");
        });

        // The right code still works after a failure.
        await SecureLinkTestKit.PairAsync(phone.Port, Keys, right);
        Assert.That(phone.Keys.Computers(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PairingClosesAfterThreeWrongCodes()
    {
        await using var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile);
        var right = CodeFromFile();
        for (int i = 0; i < PairingWindow.MaxFailures; i++)
            Assert.ThrowsAsync<LinkSecurityException>(() => SecureLinkTestKit.PairAsync(phone.Port, Keys, PairingCode.Generate()));
        Assert.That(phone.Window!.IsOpen, Is.False);
        Assert.That(File.Exists(CodeFile), Is.False);
        var e = Assert.ThrowsAsync<LinkSecurityException>(() => SecureLinkTestKit.PairAsync(phone.Port, Keys, right));
        Assert.That(e!.Message, Does.Contain("not waiting for a pairing"));
    }

    [Test]
    public async Task AnUnpairedComputerIsRefused()
    {
        await using var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile);
        await SecureLinkTestKit.PairAsync(phone.Port, Keys, CodeFromFile());

        // Another computer that knows the phone's pins and PSK (stolen phones.json) but has its own key.
        var stranger = new AgentKeys(Path.Combine(_dir, "stranger"));
        stranger.LoadOrCreateStaticKey(out _).Dispose();
        File.Copy(Keys.PhonesPath, stranger.PhonesPath);
        await using (var link = new InProcessLink(phone.Port, stranger))
        {
            await SecureLinkTestKit.WaitForAsync(() => link.Log.Text.Contains("refused the secure session"), TimeSpan.FromSeconds(5), () => "agent log:\n" + link.Log.Text);
            await SecureLinkTestKit.StaysAsync(() => !link.Link.IsUp, TimeSpan.FromSeconds(1.5), "the link stays down");
        }
        Assert.That(phone.Log.Text, Does.Contain("refused a computer that is not paired with this phone"));
        Assert.That(phone.Log.Text, Does.Not.Contain("secure session with"));

        // A computer with no keys at all does not even try.
        var fresh = new AgentKeys(Path.Combine(_dir, "fresh"));
        await using (var link = new InProcessLink(phone.Port, fresh))
        {
            await SecureLinkTestKit.WaitForAsync(() => link.Log.Text.Contains("no link key yet"), TimeSpan.FromSeconds(5), () => "agent log:\n" + link.Log.Text);
            Assert.That(link.Link.IsUp, Is.False);
        }
    }

    [Test]
    public async Task APhoneWithAnotherStaticKeyIsRefused()
    {
        int port;
        await using (var phoneA = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile))
        {
            port = phoneA.Port;
            await SecureLinkTestKit.PairAsync(port, Keys, CodeFromFile());
        }

        // Phone B, at A's address, knows this computer (A's list of computers) but has its own static key.
        var dataB = Path.Combine(_dir, "phone-b");
        await using (var phoneB = InProcessPhone.Start(dataB, port, name: "phone B"))
        {
            File.Copy(Path.Combine(PhoneData, PhoneKeys.DirectoryName, PhoneKeys.ComputersFileName), phoneB.Keys.ComputersPath);
            Assert.That(phoneB.Keys.StaticKey.PublicKey, Is.Not.EqualTo(Keys.Phones().Single().PublicKey));
            await using var link = new InProcessLink(port, Keys);
            await SecureLinkTestKit.WaitForAsync(() => link.Log.Text.Contains("it is not the phone paired as 'phone'"), TimeSpan.FromSeconds(5), () => "agent log:\n" + link.Log.Text);
            await SecureLinkTestKit.StaysAsync(() => !link.Link.IsUp, TimeSpan.FromSeconds(1.5), "the link stays down");
        }

        // An impostor that answers the handshake itself (without the pinned phone's private key) fails the check on the computer.
        await using (var impostor = await Impostor.StartAsync(port))
        {
            await using var link = new InProcessLink(port, Keys);
            await SecureLinkTestKit.WaitForAsync(() => link.Log.Text.Contains("does not verify"), TimeSpan.FromSeconds(5), () => "agent log:\n" + link.Log.Text);
            Assert.That(link.Log.Text, Does.Contain("static key is not the pinned one"));
            await SecureLinkTestKit.StaysAsync(() => !link.Link.IsUp, TimeSpan.FromSeconds(1), "the link stays down");
            Assert.That(impostor.SealedLinesReceived, Is.Zero, "the computer sends nothing after a failed handshake");
        }
    }

    [Test]
    public async Task ReconnectionWorksAfterThePhoneRestarts()
    {
        int port;
        await using (var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile))
        {
            port = phone.Port;
            await SecureLinkTestKit.PairAsync(port, Keys, CodeFromFile());
        }
        await using var link = new InProcessLink(port, Keys);
        for (int run = 0; run < 2; run++)
        {
            var phone = InProcessPhone.Start(PhoneData, port, name: $"phone run {run}");
            try
            {
                await link.WaitUpAsync();
                Assert.That(phone.Log.Text, Does.Contain("secure session with computer"));
            }
            finally
            {
                await phone.DisposeAsync();
            }
            await SecureLinkTestKit.WaitForAsync(() => !link.Link.IsUp, TimeSpan.FromSeconds(3), "the link noticed the phone going");
        }
    }

    [Test]
    public async Task ASecurePhoneAnswersOnlyHarmlessCommandsInPlaintext()
    {
        await using var phone = InProcessPhone.Start(PhoneData);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, phone.Port);
        var stream = client.GetStream();
        var link = new PlainLink(stream, new LinkLineReader(stream));
        async Task<string> Ask(string line)
        {
            AtCommandLine.TryParse(line, out var c, out _);
            return (await link.ExchangeAsync(c, TimeSpan.FromSeconds(5), CancellationToken.None)).ToString();
        }
        Assert.That(await Ask("AT"), Is.EqualTo("OK"));
        Assert.That(await Ask("ATE0"), Is.EqualTo("OK"));
        Assert.That(await Ask("ATI"), Does.EndWith("| OK"));
        Assert.That(await Ask("AT+GCAP"), Does.EndWith("| OK"));
        Assert.That(await Ask("AT+P11PING=1"), Is.EqualTo("+CME ERROR: 3"), "before a version");
        Assert.That(await Ask("AT+P11VER=1"), Is.EqualTo("OK"));
        Assert.That(await Ask("AT+P11VER?"), Does.EndWith("| OK"));
        Assert.That(await Ask("AT+P11PING=2"), Is.EqualTo("+CME ERROR: 3"));
        Assert.That(await Ask("AT+P11TOKEN=3"), Is.EqualTo("+CME ERROR: 3"));
        Assert.That(await Ask("AT+P11SIGN=4,0,\"c\",1,0,\"\",0,\"\""), Is.EqualTo("+CME ERROR: 3"));
        Assert.That(await Ask("AT+P11SEC=\"AAAA\""), Is.EqualTo("+CME ERROR: 3"));
        Assert.That(await Ask("AT+P11PAIR=1,\"AAAA\""), Is.EqualTo("+CME ERROR: 3"), "not waiting for a pairing");
        Assert.That(await Ask("AT+P11HS=1,\"AAAA\""), Is.EqualTo("+CME ERROR: 3"), "nobody paired");
        Assert.That(await Ask("AT+P11NOPE=1"), Is.EqualTo("+CME ERROR: 4"));
    }

    [Test]
    public async Task PlaintextOnlyWhenBothSidesAskForIt()
    {
        // An agent configured insecure, and a phone without the flag: refused, and the agent says why.
        await using (var phone = InProcessPhone.Start(PhoneData))
        await using (var link = new InProcessLink(phone.Port, Keys, insecure: true))
        {
            await SecureLinkTestKit.WaitForAsync(() => link.Log.Text.Contains("the phone refuses plaintext"), TimeSpan.FromSeconds(5), () => "agent log:\n" + link.Log.Text);
            Assert.That(link.Log.Text, Does.Contain("WARNING"));
            await SecureLinkTestKit.StaysAsync(() => !link.Link.IsUp, TimeSpan.FromSeconds(1), "the link stays down");
        }

        // A phone run with --insecure-plaintext and an agent with insecure = true: plaintext works.
        await using (var phone = InProcessPhone.Start(PhoneData, allowPlaintext: true))
        await using (var link = new InProcessLink(phone.Port, Keys, insecure: true))
        {
            await link.WaitUpAsync();
            Assert.That(link.Link.Tokens, Has.Count.EqualTo(1));
            Assert.That(phone.Log.Text, Does.Not.Contain("secure session"));
        }

        // A secure agent talks securely to a phone that also allows plaintext.
        await using (var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile, allowPlaintext: true))
        {
            await SecureLinkTestKit.PairAsync(phone.Port, Keys, CodeFromFile());
            await using var link = new InProcessLink(phone.Port, Keys);
            await link.WaitUpAsync();
            Assert.That(phone.Log.Text, Does.Contain("secure session"));
        }
    }

    [Test]
    public void TheDeviceRefusesPlaintextOnASerialLinkOrOffLoopback()
    {
        var env = new Dictionary<string, string?>();
        var (code, output) = PhoneHarness.Run(Repo.Cli, ["device", "--serial", "/dev/null", "--data", PhoneData, "--insecure-plaintext"], env, TimeSpan.FromSeconds(30));
        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("--insecure-plaintext is refused with --serial"));
        (code, output) = PhoneHarness.Run(Repo.Cli, ["device", "--listen", "tcp:0.0.0.0:1", "--data", PhoneData, "--insecure-plaintext"], env, TimeSpan.FromSeconds(30));
        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("loopback"));
        Assert.That(Directory.Exists(PhoneData), Is.False, "refused before anything is made");
    }

    [Test]
    public async Task FilesHoldingKeysArePrivate()
    {
        await using var phone = InProcessPhone.Start(PhoneData, pair: true, codeFile: CodeFile);
        Assert.That(File.GetUnixFileMode(CodeFile), Is.EqualTo(Private));
        await SecureLinkTestKit.PairAsync(phone.Port, Keys, CodeFromFile());
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(Keys.Directory), Is.EqualTo(PrivateDir), Keys.Directory);
            Assert.That(File.GetUnixFileMode(Keys.KeyPath), Is.EqualTo(Private), Keys.KeyPath);
            Assert.That(File.GetUnixFileMode(Keys.PhonesPath), Is.EqualTo(Private), Keys.PhonesPath);
            Assert.That(File.GetUnixFileMode(phone.Keys.Directory), Is.EqualTo(PrivateDir), phone.Keys.Directory);
            Assert.That(File.GetUnixFileMode(phone.Keys.KeyPath), Is.EqualTo(Private), phone.Keys.KeyPath);
            Assert.That(File.GetUnixFileMode(phone.Keys.ComputersPath), Is.EqualTo(Private), phone.Keys.ComputersPath);
            Assert.That(Directory.GetFiles(Keys.Directory).Concat(Directory.GetFiles(phone.Keys.Directory)).Where(f => f.Contains(".tmp-") || f.Contains(".new-")),
                Is.Empty, "no temporary files left");
        });
        // Nothing secret in the clear in the logs.
        var psk = Convert.ToBase64String(Keys.Phones().Single().ReconnectPsk);
        Assert.That(phone.Log.Text, Does.Not.Contain(psk));
    }

    [Test]
    public void KeyFilesSurviveAReadBackAndRefuseGarbage()
    {
        var keys = Keys;
        using var key = keys.LoadOrCreateStaticKey(out bool created);
        Assert.That(created, Is.True);
        using (var again = keys.LoadOrCreateStaticKey(out created))
        {
            Assert.That(created, Is.False);
            Assert.That(again.PublicKey, Is.EqualTo(key.PublicKey));
        }
        File.WriteAllText(keys.PhonesPath, "{\"format\":\"pkcs11phone peers v1\",\"peers\":[{\"name\":\"x\",\"publicKey\":\"AAAA\"}]}");
        var e = Assert.Throws<InvalidDataException>(() => keys.Phones());
        Assert.That(e!.Message, Does.Contain(keys.PhonesPath));
        File.WriteAllText(keys.KeyPath, "not json");
        Assert.Throws<InvalidDataException>(() => keys.LoadStaticKey());
    }

    /// <summary>A fake phone: answers ATE0 and AT+P11VER, and answers AT+P11HS with a message of the right shape that it could not have made.</summary>
    private sealed class Impostor : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _sealed;

        public int SealedLinesReceived => Volatile.Read(ref _sealed);

        private Impostor(int port)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        var stream = client.GetStream();
                        var reader = new LinkLineReader(stream);
                        while (await reader.ReadLineAsync(_stop.Token) is { } line)
                        {
                            var text = Encoding.ASCII.GetString(line.Bytes);
                            string reply = text.StartsWith("AT+P11HS=", StringComparison.Ordinal)
                                ? $"\r\n+P11HS: 2,\"{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64))}\"\r\n\r\nOK\r\n"
                                : "\r\nOK\r\n";
                            if (text.StartsWith("AT+P11SEC=", StringComparison.Ordinal)) Interlocked.Increment(ref _sealed);
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token);
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
                {
                }
            });
        }

        public static Task<Impostor> StartAsync(int port) => Task.FromResult(new Impostor(port));

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        }
    }
}
