using NUnit.Framework;
using System.Text;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>A read-only stream that hands out its bytes in the chunks it was given, one chunk per Read.</summary>
internal sealed class ChunkedStream(IEnumerable<byte[]> chunks) : Stream
{
    private readonly Queue<byte[]> _chunks = new(chunks);
    private byte[] _current = [];
    private int _offset;

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_offset >= _current.Length)
        {
            if (_chunks.Count == 0) return 0;
            _current = _chunks.Dequeue();
            _offset = 0;
        }
        int n = Math.Min(count, _current.Length - _offset);
        Array.Copy(_current, _offset, buffer, offset, n);
        _offset += n;
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

/// <summary>A stream of <c>length</c> copies of one byte, then optionally a tail; allocates nothing per read.</summary>
internal sealed class RepeatStream(byte value, long length, byte[] tail) : Stream
{
    private long _position;
    public long Delivered => _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        long total = length + tail.Length;
        if (_position >= total) return 0;
        int n = (int)Math.Min(count, total - _position);
        for (int i = 0; i < n; i++)
        {
            long p = _position + i;
            buffer[offset + i] = p < length ? value : tail[p - length];
        }
        _position += n;
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

internal static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Every line an <see cref="AtLineReader"/> makes of these bytes.</summary>
    public static List<AtLine> Lines(byte[] bytes) => Lines(new MemoryStream(bytes));

    public static List<AtLine> Lines(Stream stream)
    {
        var reader = new AtLineReader(stream);
        var lines = new List<AtLine>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    /// <summary>One command line as it arrives on the answering side.</summary>
    public static AtLine Command(string line)
    {
        var lines = Lines(Bytes(line + "\r"));
        Assert.That(lines, Has.Count.EqualTo(1), $"'{line}' should arrive as one line");
        return lines[0];
    }

    /// <summary>The answer to one line, sent through <see cref="AtWire.Response(IEnumerable{AtResponseLine})"/> and parsed back as the computer would.</summary>
    public static List<AtResponseLine> Answer(Func<AtLine, IReadOnlyList<AtResponseLine>> handler, string command)
    {
        var reply = handler(Command(command));
        var bytes = AtWire.Response(reply);
        var lines = Lines(bytes);
        Assert.That(lines.All(l => l.Status == AtLineStatus.Ok), $"reply to '{command}' has unusable lines");
        return lines.Select(l => AtResponseLine.Parse(l.Text)).ToList();
    }

    /// <summary>The answer as text lines (what a terminal shows).</summary>
    public static List<string> AnswerText(Func<AtLine, IReadOnlyList<AtResponseLine>> handler, string command) =>
        Answer(handler, command).Select(l => l.ToString()).ToList();

    public static void AssertCme(IReadOnlyList<AtResponseLine> reply, AtCmeError code)
    {
        Assert.That(reply, Has.Count.EqualTo(1), string.Join(" | ", reply));
        Assert.That(reply[0].Kind, Is.EqualTo(AtResponseKind.CmeError), reply[0].ToString());
        Assert.That(reply[0].CmeCode, Is.EqualTo((ulong)code), reply[0].ToString());
        Assert.That(reply[0].ToString(), Is.EqualTo($"+CME ERROR: {(ulong)code}"));
    }

    /// <summary>The CK_RV of a tagged reply, after checking that +P11RV carries the tag and that OK ends it.</summary>
    public static ulong Rv(IReadOnlyList<AtResponseLine> reply, ulong tag)
    {
        Assert.That(reply, Has.Count.GreaterThanOrEqualTo(2), string.Join(" | ", reply));
        Assert.That(reply[^1].Kind, Is.EqualTo(AtResponseKind.Ok), string.Join(" | ", reply));
        var rv = reply[^2];
        Assert.That(rv.Kind, Is.EqualTo(AtResponseKind.Information));
        Assert.That(rv.Name, Is.EqualTo(AtCommands.Rv));
        Assert.That(rv.Values, Has.Count.EqualTo(2));
        Assert.That(rv.Values[0], Is.EqualTo(AtValue.Of(tag)), "+P11RV must echo the tag");
        Assert.That(rv.Values[1].Kind, Is.EqualTo(AtValueKind.Number));
        return rv.Values[1].Number;
    }
}

/// <summary>Reads from one stream and writes to another (writes from several threads are kept whole).</summary>
internal sealed class DuplexStream(Stream input, Stream output) : Stream
{
    private readonly Lock _gate = new();
    public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => input.ReadAsync(buffer, offset, count, ct);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => input.ReadAsync(buffer, ct);
    public override void Write(byte[] buffer, int offset, int count) { lock (_gate) output.Write(buffer, offset, count); }
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        lock (_gate) output.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
