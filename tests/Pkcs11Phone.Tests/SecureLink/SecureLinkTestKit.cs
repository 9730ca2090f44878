using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Agent.Pairing;
using Pkcs11Phone.Device;
using Pkcs11Phone.Device.Pairing;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>A log that tests can read while the code under test writes it; every line also goes to the test's progress output.</summary>
internal sealed class TestLog(string prefix) : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _line = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get { lock (_lock) return _text.ToString(); }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
            if (value == '\n')
            {
                TestContext.Progress.WriteLine($"[{prefix}] {_line}");
                _line.Clear();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            foreach (var c in value ?? "") Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lock)
        {
            Write(value);
            Write('\n');
        }
    }
}

internal static class SecureLinkTestKit
{
    /// <summary>Both ends of a fresh KKpsk2 session, as the agent and the phone have them after AT+P11HS.</summary>
    public static (SecureTransport Computer, SecureTransport Phone) Session()
    {
        using var computer = NoiseKeyPair.Generate();
        using var phone = NoiseKeyPair.Generate();
        var psk = RandomNumberGenerator.GetBytes(32);
        var prologue = SecureLinkProtocol.Prologue(1);
        using var initiator = ChannelHandshakes.CreateReconnect(true, computer, phone.PublicKey, psk, prologue);
        using var responder = ChannelHandshakes.CreateReconnect(false, phone, computer.PublicKey, psk, prologue);
        responder.ReadMessage(initiator.WriteMessage([]));
        initiator.ReadMessage(responder.WriteMessage([]));
        return (SecureTransport.FromHandshake(initiator), SecureTransport.FromHandshake(responder));
    }

    /// <summary>The non-empty lines of some bytes (CR and LF both end a line).</summary>
    public static List<string> Lines(byte[] bytes) =>
        Encoding.ASCII.GetString(bytes).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitForAsync(condition, timeout, () => what);

    public static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{what()} (waited {timeout.TotalSeconds} s)");
            await Task.Delay(25);
        }
    }

    /// <summary>Holds for the whole period: the condition must stay true.</summary>
    public static async Task StaysAsync(Func<bool> condition, TimeSpan period, string what)
    {
        var until = DateTime.UtcNow + period;
        while (DateTime.UtcNow < until)
        {
            Assert.That(condition(), Is.True, what);
            await Task.Delay(25);
        }
    }

    /// <summary>Opens a link to a phone and selects the version: the start of every connection.</summary>
    public static async Task<(TcpClient Client, PlainLink Link, ulong Version)> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var link = new PlainLink(stream, new LinkLineReader(stream, AtSyntax.MaxLineLength));
        var version = await AgentHandshakes.SelectVersionAsync(link, TimeSpan.FromSeconds(5), CancellationToken.None);
        return (client, link, version);
    }

    /// <summary>Pairs the computer whose keys are in <paramref name="keys"/> with the phone on <paramref name="port"/>, and records the phone.</summary>
    public static async Task<PairedPeer> PairAsync(int port, AgentKeys keys, PairingCode code, string name = "phone")
    {
        var (client, link, version) = await ConnectAsync(port);
        using (client)
        {
            using var key = keys.LoadOrCreateStaticKey(out _);
            var phone = await AgentHandshakes.PairAsync(link, key, code, name, "tester@test", $"tcp:127.0.0.1:{port}", version, TimeSpan.FromSeconds(5), CancellationToken.None);
            keys.Save(phone);
            return phone;
        }
    }
}

/// <summary>
/// The phone in this process: the real security manager, gate and secure session (DeviceServer.ServeAsync)
/// on TCP loopback, one computer at a time, as `p11phone device --listen` serves.
/// </summary>
internal sealed class InProcessPhone : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly SoftwareCryptoModule _crypto;
    private readonly Task _loop;
    private readonly ConcurrentBag<TcpClient> _clients = [];

    public TestLog Log { get; }
    public PhoneKeys Keys { get; }
    public PairingWindow? Window { get; }
    public int Port { get; }

    private InProcessPhone(string dataDir, int port, bool pair, string? codeFile, bool allowPlaintext, string name)
    {
        Log = new TestLog(name);
        _crypto = new SoftwareCryptoModule(dataDir, new TokenSettings("In-process phone", "INPROCESS0000001"));
        Keys = PhoneKeys.Open(dataDir, out _);
        Window = pair ? PairingWindow.Open(codeFile) : null;
        var manager = new SecurityManager(_crypto, "test");
        var server = new DeviceServer(manager, Log, new LinkSecurity(Keys, allowPlaintext, Window));
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(1);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _clients.Add(client);
                    client.NoDelay = true;
                    manager.Reset();
                    try
                    {
                        await server.ServeAsync(client.GetStream(), _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
                    {
                    }
                    Log.WriteLine("device: computer disconnected");
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static InProcessPhone Start(string dataDir, int port = 0, bool pair = false, string? codeFile = null, bool allowPlaintext = false, string name = "phone") =>
        new(dataDir, port, pair, codeFile, allowPlaintext, name);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var c in _clients) c.Dispose();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        Window?.Close();
        Keys.Dispose();
        _crypto.Dispose();
    }
}

/// <summary>The agent's link to one phone, running in this process.</summary>
internal sealed class InProcessLink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public PhoneLink Link { get; }
    public TestLog Log { get; } = new("agent");

    public InProcessLink(int port, AgentKeys keys, bool insecure = false, string name = "phone")
    {
        Link = new PhoneLink(new PhoneConfig(name, new PhoneAddress.Tcp("127.0.0.1", port), insecure), LinkTimings.Default, Log, keys);
        _run = Task.Run(() => Link.RunAsync(_stop.Token));
    }

    public Task WaitUpAsync() => SecureLinkTestKit.WaitForAsync(() => Link.IsUp, TimeSpan.FromSeconds(10), () => "the link did not come up:\n" + Log.Text);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
    }
}
