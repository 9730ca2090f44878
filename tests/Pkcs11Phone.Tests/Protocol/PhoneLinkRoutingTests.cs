using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Device;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>
/// The agent's side of several commands in hand (<see cref="PhoneLink"/>), against a scripted phone on TCP
/// loopback (plaintext, as for a phone configured <c>insecure = true</c>): answers in another order than
/// the commands reach the right callers, an event makes the agent read the token again, and an AT error
/// that cannot be placed resets the link.
/// </summary>
public sealed class PhoneLinkRoutingTests
{
    /// <summary>
    /// A phone whose security manager answers everything, except AT+P11RANDOM: those are held and answered
    /// by the test's script (<see cref="OnRandom"/>), in whatever order and form it likes.
    /// </summary>
    private sealed class ScriptedPhone : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("p11phone-route-");
        private readonly SoftwareCryptoModule _crypto;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private NetworkStream? _stream;
        private readonly SemaphoreSlim _write = new(1, 1);

        public SecurityManager Manager { get; }
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Connections;

        /// <summary>Called with each AT+P11RANDOM line (tag, length); returns the lines to write now (possibly answers to earlier ones).</summary>
        public Func<ulong, ulong, IEnumerable<string>> OnRandom { get; set; } = (_, _) => [];

        public ScriptedPhone()
        {
            _crypto = new SoftwareCryptoModule(_dir.FullName, new TokenSettings("Routing", "RT0001"));
            Manager = new SecurityManager(_crypto, "1.0");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        private async Task ServeAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref Connections);
                    Manager.Reset();
                    var stream = client.GetStream();
                    _stream = stream;
                    var reader = new AtLineReader(stream);
                    try
                    {
                        while (await reader.ReadLineAsync(_stop.Token) is { } line)
                        {
                            if (AtCommandLine.TryParse(line.Text, out var command, out _) && command.Name == AtCommands.Random)
                            {
                                await WriteAsync(OnRandom(command.Args[0].Number, command.Args[2].Number));
                                continue;
                            }
                            await WriteAsync(Manager.Handle(line).Select(l => l.ToString()));
                        }
                    }
                    catch (IOException)
                    {
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        public async Task WriteAsync(IEnumerable<string> lines)
        {
            var bytes = lines.SelectMany(l => System.Text.Encoding.UTF8.GetBytes("\r\n" + l + "\r\n")).ToArray();
            if (bytes.Length == 0 || _stream is not { } stream) return;
            await _write.WaitAsync();
            try
            {
                await stream.WriteAsync(bytes);
            }
            finally
            {
                _write.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _stream?.Dispose();
            try { await _serving; } catch (Exception) { }
            _crypto.Dispose();
            _dir.Delete(recursive: true);
        }
    }

    private static string[] RandomAnswer(ulong tag, ulong length) =>
        [$"+P11RANDOM: {tag},{length},\"{Convert.ToBase64String(Enumerable.Repeat((byte)length, (int)length).ToArray())}\"", $"+P11RV: {tag},0", "OK"];

    private static (PhoneLink Link, CancellationTokenSource Stop, Task Running, StringWriter Log) Start(ScriptedPhone phone)
    {
        var log = new StringWriter();
        var link = new PhoneLink(new PhoneConfig("scripted", new PhoneAddress.Tcp("127.0.0.1", phone.Port), Insecure: true), LinkTimings.Default, TextWriter.Synchronized(log));
        var stop = new CancellationTokenSource();
        var running = Task.Run(() => link.RunAsync(stop.Token));
        Assert.That(link.FirstUp.Wait(TimeSpan.FromSeconds(10)), Is.True, "the link came up");
        return (link, stop, running, log);
    }

    private static Task<AtResponse> Random(PhoneLink link, ulong length) =>
        link.OperateAsync(AtCommands.Random, [AtValue.Of(0UL), AtValue.Of(length)], null, -1, CancellationToken.None);

    private static byte[] Bytes(AtResponse r)
    {
        var line = r.Info(AtCommands.Random).Single();
        return Convert.FromBase64String(line.Values[2].Text);
    }

    [Test]
    public async Task AnswersInAnotherOrderReachTheirOwnCommands()
    {
        await using var phone = new ScriptedPhone();
        ulong? held = null;
        phone.OnRandom = (tag, length) =>
        {
            if (length == 1) { held = tag; return []; }
            // The second command's answer first, then the first's.
            return [.. RandomAnswer(tag, length), .. RandomAnswer(held!.Value, 1)];
        };
        var (link, stop, running, _) = Start(phone);
        var first = Random(link, 1);
        await Task.Delay(300);
        Assert.That(first.IsCompleted, Is.False, "held by the phone");
        var second = Random(link, 2);
        var both = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Bytes(both[0]), Is.EqualTo(new byte[] { 1 }));
        Assert.That(Bytes(both[1]), Is.EqualTo(new byte[] { 2, 2 }));
        Assert.That(link.IsUp, Is.True);
        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task AnAnswerNobodyWaitsForIsDropped()
    {
        await using var phone = new ScriptedPhone();
        phone.OnRandom = (tag, length) => [.. RandomAnswer(tag + 1000, 9), .. RandomAnswer(tag, length)];
        var (link, stop, running, _) = Start(phone);
        var r = await Random(link, 3).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Bytes(r), Is.EqualTo(new byte[] { 3, 3, 3 }));
        Assert.That(link.IsUp, Is.True, "a stray answer is not a fault");
        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task AnUntaggedErrorWithSeveralCommandsInHandResetsTheLink()
    {
        await using var phone = new ScriptedPhone();
        phone.OnRandom = (tag, length) => length == 1 ? [] : ["ERROR"];
        var (link, stop, running, log) = Start(phone);
        var first = Random(link, 1);
        await Task.Delay(200);
        var second = Random(link, 2);
        foreach (var t in new[] { first, second })
        {
            var e = Assert.ThrowsAsync(Is.InstanceOf<Exception>(), async () => await t.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.That(e, Is.InstanceOf<LinkDownException>().Or.InstanceOf<AtProtocolException>());
        }
        Assert.That(log.ToString(), Does.Contain("an answer without a tag"));
        // It connects again, and works.
        phone.OnRandom = (tag, length) => RandomAnswer(tag, length);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(link.IsUp && phone.Connections >= 2) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.That(phone.Connections, Is.GreaterThanOrEqualTo(2), "a fresh connection");
        Assert.That(Bytes(await Random(link, 4).WaitAsync(TimeSpan.FromSeconds(10))), Is.EqualTo(new byte[] { 4, 4, 4, 4 }));
        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task AnEventMakesTheAgentReadTheTokenAgain()
    {
        await using var phone = new ScriptedPhone();
        var (link, stop, running, _) = Start(phone);
        Assert.That(link.Tokens[0].Info.Flags & (ulong)CKF.TOKEN_INITIALIZED, Is.EqualTo(0UL));
        ulong before = link.Tokens[0].Generation;

        // A change the agent did not ask for: the phone announces it.
        Assert.That(Wire.Rv(Wire.Answer(phone.Manager.Handle, "AT+P11INITTOK=900,0,\"so-pin-77\",\"Changed\""), 900), Is.EqualTo(0UL));
        var head = Wire.Answer(phone.Manager.Handle, "AT+P11CAT=901,0,0").Single(l => l.Name == AtCommands.Catalogue);
        ulong generation = head.Values[2].Number;
        Assert.That(generation, Is.Not.EqualTo(before));
        await phone.WriteAsync([$"+P11EV: 1,0,{generation}"]);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (link.Tokens[0].Generation != generation && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.That(link.Tokens[0].Generation, Is.EqualTo(generation), "the catalogue was read again");
        Assert.That(link.Tokens[0].Info.Flags & (ulong)CKF.TOKEN_INITIALIZED, Is.Not.EqualTo(0UL), "and the token information");
        Assert.That(link.Tokens[0].Info.Label.TrimEnd(), Is.EqualTo("Changed"));
        Assert.That(link.Events.Snapshot().GetValueOrDefault("changed"), Is.EqualTo(1));

        // Events the agent does not know, and malformed ones, are ignored.
        await phone.WriteAsync(["+P11EV: 99,0,1", "+P11EV: 1,\"x\",2", "+P11EV: 1"]);
        await Task.Delay(300);
        Assert.That(link.IsUp, Is.True);
        await stop.CancelAsync();
        await running;
    }
}
