using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>
/// A stream between the two ends that sees whole lines and may drop, repeat, hold back (reorder) or change
/// them, as an attacker on the link can.
/// </summary>
internal sealed class ManInTheMiddleStream(Stream inner, Func<int, byte[], IEnumerable<byte[]>> edit) : Stream
{
    private readonly LinkLineReader _reader = new(inner, int.MaxValue / 2);
    private readonly Queue<byte> _out = new();
    private int _index;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_out.Count == 0)
        {
            if (await _reader.ReadLineAsync(ct) is not { } line) return 0;
            foreach (var l in edit(_index++, line.Bytes))
            {
                foreach (var b in l) _out.Enqueue(b);
                _out.Enqueue((byte)'\r');
                _out.Enqueue((byte)'\n');
            }
        }
        int n = 0;
        while (n < buffer.Length && _out.Count > 0) buffer.Span[n++] = _out.Dequeue();
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The sealed framing of the link: every line one Noise transport message inside an AT line.</summary>
public sealed class SecureLineStreamTests
{
    private static readonly Regex SealedCommand = new("^AT\\+P11SEC=\"[A-Za-z0-9+/]+={0,2}\"$");
    private static readonly Regex SealedResponse = new("^\\+P11SEC: \"[A-Za-z0-9+/]+={0,2}\"$");

    private static readonly string[] Commands = ["AT+P11PING=1", "AT+P11TOKEN=2", "AT+P11MECH=3,0"];

    /// <summary>What the computer's end puts on the wire for these command lines.</summary>
    private static byte[] SealCommands(SecureTransport computer, IEnumerable<string> lines)
    {
        var wire = new MemoryStream();
        using var s = new SecureLineStream(wire, new LinkLineReader(Stream.Null), computer, LinkRole.Computer);
        foreach (var l in lines) s.Write(Encoding.UTF8.GetBytes(l + "\r"));
        return wire.ToArray();
    }

    /// <summary>The phone's end reading the wire (through an optional man in the middle): the command lines it gets, and how it stopped.</summary>
    private static async Task<(List<string> Lines, Exception? Error, SecureLineStream Stream)> OpenCommands(SecureTransport phone, byte[] wire,
        Func<int, byte[], IEnumerable<byte[]>>? edit = null)
    {
        Stream source = new MemoryStream(wire);
        if (edit is not null) source = new ManInTheMiddleStream(source, edit);
        var s = new SecureLineStream(Stream.Null, new LinkLineReader(source), phone, LinkRole.Phone);
        var reader = new AtLineReader(s);
        var lines = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                Assert.That(line.Status, Is.EqualTo(AtLineStatus.Ok));
                lines.Add(line.Text);
            }
            return (lines, null, s);
        }
        catch (Exception e)
        {
            return (lines, e, s);
        }
    }

    [Test]
    public async Task CommandsTravelAsSealedAtLinesAndComeOutAsTheyWent()
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var wire = SealCommands(computer, Commands);
        var sealedLines = SecureLinkTestKit.Lines(wire);
        Assert.That(sealedLines, Has.Count.EqualTo(Commands.Length), "one sealed line per command line");
        Assert.That(sealedLines, Has.All.Matches(SealedCommand));
        Assert.That(Encoding.ASCII.GetString(wire), Does.Not.Contain("PING").And.Not.Contain("TOKEN"), "nothing in the clear");
        Assert.That(computer.SentCount, Is.EqualTo((ulong)Commands.Length));
        // Every sealed line is also a valid AT command line of the table.
        foreach (var l in sealedLines)
        {
            Assert.That(AtReplies.TryAccept(new AtLine(l, AtLineStatus.Ok), AtScope.Link, out var c, out _, out var fault), Is.True, string.Join(" ", fault));
            Assert.That(c.Name, Is.EqualTo(AtCommands.Sealed));
        }

        var (lines, error, _) = await OpenCommands(phone, wire);
        Assert.That(error, Is.Null);
        Assert.That(lines, Is.EqualTo(Commands));
    }

    [Test]
    public async Task ResponsesTravelSealedWithTheirFinalResultCode()
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var wire = new MemoryStream();
        using (var s = new SecureLineStream(wire, new LinkLineReader(Stream.Null), phone, LinkRole.Phone))
        {
            s.Write(AtWire.Response([AtResponseLine.Info(AtCommands.Token, 1, 0, "label"), AtReplies.Rv(1, 0), AtResponseLine.Ok]));
        }
        var text = Encoding.ASCII.GetString(wire.ToArray());
        Assert.That(text, Does.StartWith("\r\n+P11SEC: \"").And.EndWith("\"\r\n"), "V.250 response framing");
        var sealedLines = SecureLinkTestKit.Lines(wire.ToArray());
        Assert.That(sealedLines, Has.Count.EqualTo(3));
        Assert.That(sealedLines, Has.All.Matches(SealedResponse));
        Assert.That(text, Does.Not.Contain("OK").And.Not.Contain("label"), "the final result code is sealed too");

        var reader = new AtLineReader(new SecureLineStream(Stream.Null, new LinkLineReader(new MemoryStream(wire.ToArray())), computer, LinkRole.Computer));
        var got = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line) got.Add(line.Text);
        Assert.That(got, Is.EqualTo(new[] { "+P11TOKEN: 1,0,\"label\"", "+P11RV: 1,0", "OK" }));
    }

    [Test]
    public void EmptyLinesAreNotSent()
    {
        var (computer, _) = SecureLinkTestKit.Session();
        var wire = new MemoryStream();
        using var s = new SecureLineStream(wire, new LinkLineReader(Stream.Null), computer, LinkRole.Computer);
        s.Write("\r\n\r\nAT\r\n\n"u8.ToArray());
        Assert.That(computer.SentCount, Is.EqualTo(1UL));
        Assert.That(SecureLinkTestKit.Lines(wire.ToArray()), Has.Count.EqualTo(1));
    }

    [Test]
    public void EveryInnerLineFitsTheLineLimitOnceSealed()
    {
        int most = SecureLineStream.MaxFramePlaintext();
        Assert.That(most, Is.EqualTo(6119));
        Assert.That(SecureLineStream.SealedLineLength(LinkRole.Computer, most), Is.EqualTo(AtSyntax.MaxLineLength));
        Assert.That(SecureLineStream.SealedLineLength(LinkRole.Computer, most + 1), Is.GreaterThan(AtSyntax.MaxLineLength));
        // The longest AT+P11DATA chunk line (AtBlobs.ChunkChars of base64) travels in one frame.
        var data = AtCommandLine.Set(AtCommands.Data, uint.MaxValue, (ulong)P11Binary.MaxBlob, (ulong)P11Binary.MaxBlob, new string('A', AtBlobs.ChunkChars));
        Assert.That(data.ToString().Length + 1, Is.LessThanOrEqualTo(most));
    }

    [TestCase(6118, 1)]
    [TestCase(6119, 2)]
    [TestCase(AtSyntax.MaxLineLength, 2)]
    [TestCase(20000, 4)]
    public async Task ALineTooLongForOneFrameIsSealedInPartsThatEachFit(int length, int frames)
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var line = "AT+P11DATA=1,0,1,\"" + new string('Q', length - 19) + "\"";
        Assert.That(line, Has.Length.EqualTo(length));
        var wire = SealCommands(computer, [line, "AT"]);
        var sealedLines = SecureLinkTestKit.Lines(wire);
        Assert.That(sealedLines, Has.Count.EqualTo(frames + 1));
        Assert.That(sealedLines.Max(l => l.Length), Is.LessThanOrEqualTo(AtSyntax.MaxLineLength));

        var s = new SecureLineStream(Stream.Null, new LinkLineReader(new MemoryStream(wire)), phone, LinkRole.Phone);
        var reader = new AtLineReader(s, int.MaxValue / 2);
        Assert.That((await reader.ReadLineAsync(CancellationToken.None))!.Value.Text, Is.EqualTo(line));
        Assert.That((await reader.ReadLineAsync(CancellationToken.None))!.Value.Text, Is.EqualTo("AT"));
    }

    private static byte[] Flip(byte[] line)
    {
        var copy = (byte[])line.Clone();
        int i = copy.Length / 2;
        copy[i] = copy[i] == (byte)'A' ? (byte)'B' : (byte)'A';
        return copy;
    }

    public static IEnumerable<TestCaseData> Attacks()
    {
        // Each: the man in the middle's edit, and how many authentic lines get through before the link closes.
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) => i == 1 ? [l, l] : [l]), 2).SetName("AReplayedFrameClosesTheLink");
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) => i == 0 ? [l, l] : [l]), 1).SetName("AFrameReplayedAtOnceClosesTheLink");
        var held = new byte[1][];
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) =>
        {
            if (i == 0) { held[0] = l; return []; }
            return i == 1 ? [l, held[0]] : [l];
        }), 0).SetName("ReorderedFramesCloseTheLink");
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) => i == 1 ? [Flip(l)] : [l]), 1).SetName("AModifiedFrameClosesTheLink");
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) => i == 1 ? [] : [l]), 1).SetName("ADroppedFrameClosesTheLink");
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) => i == 1 ? [l[..^6].Append((byte)'"').ToArray()] : [l]), 1).SetName("ATruncatedFrameClosesTheLink");
        yield return new TestCaseData((Func<int, byte[], IEnumerable<byte[]>>)((i, l) => i == 1 ? ["+CME ERROR: 3"u8.ToArray(), l] : [l]), 1).SetName("AnInjectedPlainLineClosesTheLink");
    }

    [TestCaseSource(nameof(Attacks))]
    public async Task Attack(Func<int, byte[], IEnumerable<byte[]>> edit, int delivered)
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var wire = SealCommands(computer, Commands);
        var (lines, error, stream) = await OpenCommands(phone, wire, edit);
        Assert.That(lines, Is.EqualTo(Commands.Take(delivered)), "the authentic lines before the attack get through, nothing after");
        Assert.That(error, Is.InstanceOf<SecureLinkException>().And.InstanceOf<IOException>());
        Assert.That(stream.IsFaulted, Is.True);
        // Dead for good: later reads and writes fail too, whatever arrives.
        Assert.ThrowsAsync<SecureLinkException>(async () => Assert.That(await stream.ReadAsync(new byte[10]), Is.Zero));
        Assert.ThrowsAsync<SecureLinkException>(async () => await stream.WriteAsync("OK\r\n"u8.ToArray()));
    }

    [Test]
    public async Task AModifiedResponseClosesTheComputersEnd()
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var wire = new MemoryStream();
        using (var s = new SecureLineStream(wire, new LinkLineReader(Stream.Null), phone, LinkRole.Phone))
            s.Write(AtWire.Response([AtReplies.Rv(1, 0), AtResponseLine.Ok]));
        var mitm = new ManInTheMiddleStream(new MemoryStream(wire.ToArray()), (i, l) => i == 1 ? [Flip(l)] : [l]);
        var reader = new AtLineReader(new SecureLineStream(Stream.Null, new LinkLineReader(mitm), computer, LinkRole.Computer));
        Assert.That((await reader.ReadLineAsync(CancellationToken.None))!.Value.Text, Is.EqualTo("+P11RV: 1,0"));
        var e = Assert.ThrowsAsync<SecureLinkException>(async () => await reader.ReadLineAsync(CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("did not open"));
    }

    [Test]
    public async Task APlaintextCommandEndsThePhonesSessionAndIsReadAgainInPlaintext()
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var wire = SealCommands(computer, ["AT+P11PING=1"]).Concat("ATE0\rAT+P11VER=1\r"u8.ToArray()).ToArray();
        var raw = new LinkLineReader(new MemoryStream(wire));
        var reader = new AtLineReader(new SecureLineStream(Stream.Null, raw, phone, LinkRole.Phone));
        Assert.That((await reader.ReadLineAsync(CancellationToken.None))!.Value.Text, Is.EqualTo("AT+P11PING=1"));
        var e = Assert.ThrowsAsync<SecureLinkException>(async () => await reader.ReadLineAsync(CancellationToken.None));
        Assert.That(e!.PlaintextLine, Is.True, "the computer started over");
        Assert.That(Encoding.ASCII.GetString((await raw.ReadLineAsync(CancellationToken.None))!.Value.Bytes), Is.EqualTo("ATE0"), "given back for the plaintext phase");
        Assert.That(Encoding.ASCII.GetString((await raw.ReadLineAsync(CancellationToken.None))!.Value.Bytes), Is.EqualTo("AT+P11VER=1"));
    }

    [Test]
    public async Task TwoEndsOverTcpTalkBothWaysAtOnce()
    {
        var (computer, phone) = SecureLinkTestKit.Session();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var a = new System.Net.Sockets.TcpClient();
        await a.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
        using var b = await listener.AcceptTcpClientAsync();
        listener.Stop();
        using var c = new SecureLineStream(a.GetStream(), new LinkLineReader(a.GetStream()), computer, LinkRole.Computer);
        using var p = new SecureLineStream(b.GetStream(), new LinkLineReader(b.GetStream()), phone, LinkRole.Phone);
        var phoneReader = new AtLineReader(p);
        var computerReader = new AtLineReader(c);
        const int Rounds = 200;
        var server = Task.Run(async () =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                var line = (await phoneReader.ReadLineAsync(CancellationToken.None))!.Value;
                await p.WriteAsync(AtWire.Response([AtResponseLine.Plain(line.Text.ToLowerInvariant()), AtResponseLine.Ok]));
            }
        });
        for (int i = 0; i < Rounds; i++)
        {
            await c.WriteAsync(Encoding.ASCII.GetBytes($"AT+P11PING={i}\r"));
            Assert.That((await computerReader.ReadLineAsync(CancellationToken.None))!.Value.Text, Is.EqualTo($"at+p11ping={i}"));
            Assert.That((await computerReader.ReadLineAsync(CancellationToken.None))!.Value.Text, Is.EqualTo("OK"));
        }
        await server;
        Assert.That((c.FramesSent, c.FramesReceived, p.FramesSent, p.FramesReceived), Is.EqualTo(((ulong)Rounds, 2UL * Rounds, 2UL * Rounds, (ulong)Rounds)));
    }
}
