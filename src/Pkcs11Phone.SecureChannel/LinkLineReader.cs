using System.Text;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// One line read from the link, without its terminator. <see cref="TooLong"/> lines carry no bytes.
/// </summary>
/// <param name="Bytes">The line's bytes (empty when <see cref="TooLong"/>).</param>
/// <param name="TooLong">True when the line exceeded the reader's limit and was dropped up to its terminator.</param>
public readonly record struct LinkLine(byte[] Bytes, bool TooLong)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>True when the line holds a control byte (0x00-0x1F except TAB, or 0x7F).</summary>
    public bool HasControlBytes
    {
        get
        {
            foreach (var b in Bytes)
            {
                if ((b < 0x20 && b != '\t') || b == 0x7F)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The line as text, or null when it is not valid UTF-8.</summary>
    public string? Text
    {
        get
        {
            try
            {
                return StrictUtf8.GetString(Bytes);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The line for logs: its first 16 characters (printable ASCII, enough for a name or a result code but not
    /// for the values that follow) and its length.
    /// </summary>
    public override string ToString()
    {
        if (TooLong)
        {
            return "(a line too long)";
        }

        const int shown = 16;
        var sb = new StringBuilder("'");
        foreach (var b in Bytes.AsSpan(0, Math.Min(Bytes.Length, shown)))
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return (Bytes.Length > shown ? sb.Append("...'") : sb.Append('\'')).Append($" ({Bytes.Length} bytes)").ToString();
    }
}

/// <summary>
/// Splits the raw bytes of a link into lines, as the AT layer does (CR and LF both end a line, empty
/// lines are skipped, a line longer than the limit is dropped up to its terminator and reported once),
/// but keeps what it has read beyond the current line: the same reader serves the plaintext phase of a
/// link (AT, ATE0, AT+P11VER and the handshake) and then the sealed lines of <see cref="SecureLineStream"/>,
/// so no byte is lost when the link switches. <see cref="Unread"/> gives a line back, to be read again.
/// One reader at a time; memory stays bounded by the line limit.
/// </summary>
public sealed class LinkLineReader
{
    /// <summary>The AT line limit the product uses (AtSyntax.MaxLineLength).</summary>
    public const int DefaultMaxLineLength = 8192;

    private readonly Stream _stream;
    private readonly int _maxLineLength;
    private readonly byte[] _buffer = new byte[4096];
    private readonly MemoryStream _line = new();
    private readonly Stack<LinkLine> _unread = new();
    private int _start;
    private int _end;
    private bool _overflow;

    /// <summary>Reads lines from <paramref name="stream"/>.</summary>
    public LinkLineReader(Stream stream, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _stream = stream;
        _maxLineLength = maxLineLength;
    }

    /// <summary>The longest line accepted, in bytes, without terminator.</summary>
    public int MaxLineLength => _maxLineLength;

    /// <summary>Reads the next non-empty line, or null at the end of the stream (a partial last line is dropped).</summary>
    public async ValueTask<LinkLine?> ReadLineAsync(CancellationToken ct)
    {
        if (_unread.TryPop(out var again))
        {
            return again;
        }

        while (true)
        {
            if (TryTake(out var line))
            {
                return line;
            }

            var n = await _stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
            if (n <= 0)
            {
                return null;
            }

            _start = 0;
            _end = n;
        }
    }

    /// <summary>Gives a line back: the next <see cref="ReadLineAsync"/> returns it.</summary>
    public void Unread(LinkLine line) => _unread.Push(line);

    private bool TryTake(out LinkLine line)
    {
        while (_start < _end)
        {
            var b = _buffer[_start++];
            if (b == '\r' || b == '\n')
            {
                if (_line.Length == 0 && !_overflow)
                {
                    continue;
                }

                line = _overflow ? new LinkLine([], true) : new LinkLine(_line.ToArray(), false);
                _line.SetLength(0);
                _overflow = false;
                return true;
            }

            if (_overflow)
            {
                continue;
            }

            if (_line.Length >= _maxLineLength)
            {
                _overflow = true;
                _line.SetLength(0);
                continue;
            }

            _line.WriteByte(b);
        }

        line = default;
        return false;
    }
}
