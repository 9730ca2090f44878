using NUnit.Framework;
using System.Text;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>The byte-stream side: AtLineReader's line discipline, its limits and its recovery.</summary>
public sealed class AtLineReaderTests
{
    private static AtLine Ok(string text) => new(text, AtLineStatus.Ok);

    [Test]
    public void CrOrLfEndALineAndEmptyLinesAreSkipped()
    {
        var lines = Wire.Lines(Wire.Bytes("AT\rATE0\n\r\n\r\n+P11RV: 1,0\r\n\n\nOK\r\n\r"));
        Assert.That(lines, Is.EqualTo(new[] { Ok("AT"), Ok("ATE0"), Ok("+P11RV: 1,0"), Ok("OK") }));
    }

    [Test]
    public void NothingButTerminatorsGivesNoLines()
    {
        Assert.That(Wire.Lines(Wire.Bytes("\r\n\r\r\n\n")), Is.Empty);
        Assert.That(Wire.Lines([]), Is.Empty);
    }

    [Test]
    public void AnUnterminatedLastLineIsNotReturned()
    {
        Assert.That(Wire.Lines(Wire.Bytes("AT\rAT+P11PING=1")), Is.EqualTo(new[] { Ok("AT") }));
    }

    private const string Conversation =
        "ATE0\rAT+P11VER=1\rAT+P11TOKEN=1,\"é \\22 日本\"\r\n\r\n+P11TOKEN: 1,0,\"🔑\"\r\n\r\n+P11RV: 1,0\r\n\r\nOK\r\n";

    private static readonly AtLine[] ConversationLines =
    [
        Ok("ATE0"), Ok("AT+P11VER=1"), Ok("AT+P11TOKEN=1,\"é \\22 日本\""), Ok("+P11TOKEN: 1,0,\"🔑\""), Ok("+P11RV: 1,0"), Ok("OK"),
    ];

    [Test]
    public void ReadsSplitAtEveryByteBoundary()
    {
        var bytes = Wire.Bytes(Conversation);
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var lines = Wire.Lines(new ChunkedStream([bytes[..cut], bytes[cut..]]));
            Assert.That(lines, Is.EqualTo(ConversationLines), $"split at byte {cut}");
        }
    }

    [Test]
    public void ReadsSplitAtEveryPairOfBoundaries()
    {
        var bytes = Wire.Bytes(Conversation);
        for (int a = 0; a <= bytes.Length; a++)
            for (int b = a; b <= bytes.Length; b++)
                Assert.That(Wire.Lines(new ChunkedStream([bytes[..a], bytes[a..b], bytes[b..]])), Is.EqualTo(ConversationLines), $"split at {a} and {b}");
    }

    [Test]
    public void OneByteAtATime()
    {
        var bytes = Wire.Bytes(Conversation);
        Assert.That(Wire.Lines(new ChunkedStream(bytes.Select(b => new[] { b }))), Is.EqualTo(ConversationLines));
    }

    [Test]
    public void MergedLinesInOneRead()
    {
        var bytes = Wire.Bytes(string.Concat(Enumerable.Repeat(Conversation, 200)));
        Assert.That(bytes.Length, Is.GreaterThan(4096 * 2), "more than the reader's buffer");
        var lines = Wire.Lines(new ChunkedStream([bytes]));
        Assert.That(lines, Is.EqualTo(Enumerable.Repeat(ConversationLines, 200).SelectMany(l => l).ToArray()));
    }

    [Test]
    public async Task AsyncReadsGiveTheSameLines()
    {
        var bytes = Wire.Bytes(Conversation);
        var reader = new AtLineReader(new ChunkedStream(bytes.Select(b => new[] { b })));
        var lines = new List<AtLine>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line) lines.Add(line);
        Assert.That(lines, Is.EqualTo(ConversationLines));
    }

    // ---- limits ----

    [Test]
    public void ALineAtTheLimitIsAccepted()
    {
        var text = "AT+P11PING=" + new string(' ', AtSyntax.MaxLineLength - 12) + "1";
        Assert.That(Encoding.UTF8.GetByteCount(text), Is.EqualTo(AtSyntax.MaxLineLength));
        var lines = Wire.Lines(Wire.Bytes(text + "\r"));
        Assert.That(lines, Is.EqualTo(new[] { Ok(text) }));
        Assert.That(AtCommandLine.TryParse(lines[0].Text, out _, out var error), Is.True, error);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5000)]
    [TestCase(100_000)]
    public void ALongerLineIsReportedOnceAndTheNextLineIsRead(int over)
    {
        var bytes = Wire.Bytes(new string('A', AtSyntax.MaxLineLength + over) + "\r\nAT+P11PING=7\r\n");
        for (int cut = 0; cut < 4; cut++)
        {
            // Also with reads that end right at the limit.
            int split = AtSyntax.MaxLineLength - 1 + cut;
            var lines = Wire.Lines(new ChunkedStream([bytes[..split], bytes[split..]]));
            Assert.That(lines, Is.EqualTo(new[] { new AtLine("", AtLineStatus.TooLong), Ok("AT+P11PING=7") }));
        }
    }

    [Test]
    public void ALimitCountsBytesNotCharacters()
    {
        // 'é' is two bytes in UTF-8: half the limit in characters is the whole limit in bytes.
        var text = new string('é', AtSyntax.MaxLineLength / 2);
        Assert.That(Wire.Lines(Wire.Bytes(text + "\r")), Is.EqualTo(new[] { Ok(text) }));
        Assert.That(Wire.Lines(Wire.Bytes(text + "x\r")), Is.EqualTo(new[] { new AtLine("", AtLineStatus.TooLong) }));
    }

    [Test]
    public void ASmallerLimitCanBeChosen()
    {
        var reader = new AtLineReader(new MemoryStream(Wire.Bytes("12345\r123456\r1\r")), maxLineLength: 5);
        Assert.That(reader.ReadLine(), Is.EqualTo(Ok("12345")));
        Assert.That(reader.ReadLine(), Is.EqualTo(new AtLine("", AtLineStatus.TooLong)));
        Assert.That(reader.ReadLine(), Is.EqualTo(Ok("1")));
        Assert.That(reader.ReadLine(), Is.Null);
    }

    [Test]
    public void TenMegabytesWithoutATerminatorStayBounded()
    {
        const long size = 10L * 1024 * 1024;
        var stream = new RepeatStream((byte)'A', size, []);
        var reader = new AtLineReader(stream);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var line = reader.ReadLine();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(line, Is.Null, "the stream ended in the middle of an over-long line: no line");
        Assert.That(stream.Delivered, Is.EqualTo(size), "everything was read");
        Assert.That(allocated, Is.LessThan(256 * 1024), "memory stays bounded by the line limit");

        // With a terminator after the 10 MB: one TooLong, then the next line.
        stream = new RepeatStream((byte)'A', size, Wire.Bytes("\rAT\r"));
        reader = new AtLineReader(stream);
        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(reader.ReadLine(), Is.EqualTo(new AtLine("", AtLineStatus.TooLong)));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(256 * 1024));
        Assert.That(reader.ReadLine(), Is.EqualTo(Ok("AT")));
        Assert.That(reader.ReadLine(), Is.Null);
    }

    [Test]
    public void TenMegabytesOfGarbageBytesStayBounded()
    {
        var stream = new RepeatStream(0xFF, 10L * 1024 * 1024, Wire.Bytes("\nAT\n"));
        var reader = new AtLineReader(stream);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(reader.ReadLine(), Is.EqualTo(new AtLine("", AtLineStatus.TooLong)));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(256 * 1024));
        Assert.That(reader.ReadLine(), Is.EqualTo(Ok("AT")));
    }

    // ---- garbage ----

    private static IEnumerable<TestCaseData> GarbageLines()
    {
        yield return new TestCaseData(new byte[] { 0x00 }).SetArgDisplayNames("NUL");
        yield return new TestCaseData(new byte[] { (byte)'A', (byte)'T', 0x1A }).SetArgDisplayNames("AT^Z");
        yield return new TestCaseData(new byte[] { 0x03 }).SetArgDisplayNames("^C");
        yield return new TestCaseData(new byte[] { 0x1B, (byte)'[', (byte)'A' }).SetArgDisplayNames("ESC[A");
        yield return new TestCaseData(new byte[] { (byte)'A', (byte)'T', 0x7F }).SetArgDisplayNames("DEL");
        yield return new TestCaseData(new byte[] { (byte)'A', (byte)'T', 0x08, (byte)'I' }).SetArgDisplayNames("backspace");
        yield return new TestCaseData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }).SetArgDisplayNames("0xFF run");
        yield return new TestCaseData(new byte[] { 0xC3, 0x28 }).SetArgDisplayNames("bad continuation");
        yield return new TestCaseData(new byte[] { (byte)'A', (byte)'T', 0xC3 }).SetArgDisplayNames("truncated sequence");
        yield return new TestCaseData(new byte[] { 0xC0, 0xAF }).SetArgDisplayNames("overlong encoding");
        yield return new TestCaseData(new byte[] { 0xED, 0xA0, 0x80 }).SetArgDisplayNames("encoded surrogate");
        yield return new TestCaseData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }).SetArgDisplayNames("past U+10FFFF");
        yield return new TestCaseData(new byte[] { 0x80 }).SetArgDisplayNames("lone continuation");
    }

    [TestCaseSource(nameof(GarbageLines))]
    public void GarbageGivesBadBytesThenTheNextLine(byte[] garbage)
    {
        var lines = Wire.Lines([.. garbage, (byte)'\r', .. Wire.Bytes("AT\r")]);
        Assert.That(lines, Is.EqualTo(new[] { new AtLine("", AtLineStatus.BadBytes), Ok("AT") }));
        Assert.That(AtReplies.TryAccept(lines[0], AtScope.Link, out _, out _, out var fault), Is.False);
        Wire.AssertCme(fault, AtCmeError.InvalidCharactersInText);
    }

    [Test]
    public void TabIsNotABadByte()
    {
        var lines = Wire.Lines(Wire.Bytes("AT\tI\r"));
        Assert.That(lines, Is.EqualTo(new[] { Ok("AT\tI") }));
        Assert.That(AtReplies.TryAccept(lines[0], AtScope.Link, out _, out _, out var fault), Is.False);
        Assert.That(fault, Is.EqualTo(new[] { AtResponseLine.Error }));
    }

    [Test]
    public void AByteOrderMarkIsText()
    {
        // U+FEFF is valid UTF-8; it is not "AT", so the line is unparsable (ERROR), not bad bytes.
        var lines = Wire.Lines([0xEF, 0xBB, 0xBF, (byte)'A', (byte)'T', (byte)'\r']);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Status, Is.EqualTo(AtLineStatus.Ok));
        Assert.That(AtReplies.TryAccept(lines[0], AtScope.Link, out _, out _, out var fault), Is.False);
        Assert.That(fault, Is.EqualTo(new[] { AtResponseLine.Error }));
    }
}
