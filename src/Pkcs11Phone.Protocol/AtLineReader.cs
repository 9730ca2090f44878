using System.Text;

namespace Pkcs11Phone.Protocol;

/// <summary>What the reader made of one received line.</summary>
public enum AtLineStatus { Ok, TooLong, BadBytes }

/// <summary>One line of input, without terminator; <see cref="Status"/> says whether it was usable.</summary>
public readonly record struct AtLine(string Text, AtLineStatus Status);

/// <summary>
/// Splits a byte stream into AT lines. CR and LF both end a line and empty lines are skipped, so
/// "text\r", "\r\ntext\r\n" and reads that split or merge lines all work. A line longer than
/// <see cref="AtSyntax.MaxLineLength"/> is dropped up to its terminator and reported once as
/// <see cref="AtLineStatus.TooLong"/>; a line with control bytes or invalid UTF-8 as <see cref="AtLineStatus.BadBytes"/>.
/// Memory stays bounded by the line limit whatever arrives.
/// </summary>
public sealed class AtLineReader(Stream stream, int maxLineLength = AtSyntax.MaxLineLength)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly byte[] _buffer = new byte[4096];
    private int _start, _end;
    private readonly MemoryStream _line = new();
    private bool _overflow, _badBytes;

    /// <summary>Reads the next non-empty line, or null at end of stream.</summary>
    public AtLine? ReadLine()
    {
        while (true)
        {
            if (TryTake(out var line)) return line;
            int n = stream.Read(_buffer, 0, _buffer.Length);
            if (n <= 0) return null;
            _start = 0;
            _end = n;
        }
    }

    /// <summary>Reads the next non-empty line, or null at end of stream.</summary>
    public async ValueTask<AtLine?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            if (TryTake(out var line)) return line;
            int n = await stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
            if (n <= 0) return null;
            _start = 0;
            _end = n;
        }
    }

    private bool TryTake(out AtLine line)
    {
        while (_start < _end)
        {
            byte b = _buffer[_start++];
            if (b == '\r' || b == '\n')
            {
                if (_line.Length == 0 && !_overflow && !_badBytes) continue;
                line = Finish();
                return true;
            }
            if (_overflow) continue;
            if (_line.Length >= maxLineLength)
            {
                _overflow = true;
                _line.SetLength(0);
                continue;
            }
            if ((b < 0x20 && b != '\t') || b == 0x7F) _badBytes = true;
            _line.WriteByte(b);
        }
        line = default;
        return false;
    }

    private AtLine Finish()
    {
        AtLine result;
        if (_overflow) result = new AtLine("", AtLineStatus.TooLong);
        else if (_badBytes) result = new AtLine("", AtLineStatus.BadBytes);
        else
        {
            try
            {
                result = new AtLine(StrictUtf8.GetString(_line.GetBuffer(), 0, (int)_line.Length), AtLineStatus.Ok);
            }
            catch (DecoderFallbackException)
            {
                result = new AtLine("", AtLineStatus.BadBytes);
            }
        }
        _line.SetLength(0);
        _overflow = false;
        _badBytes = false;
        return result;
    }
}

/// <summary>Writes command lines (terminated by CR) and responses (framed CR LF text CR LF, V.250 verbose form).</summary>
public static class AtWire
{
    public static byte[] Command(AtCommandLine command) => Encoding.UTF8.GetBytes(command + "\r");

    public static byte[] Response(IEnumerable<AtResponseLine> lines)
    {
        var sb = new StringBuilder();
        foreach (var l in lines) sb.Append("\r\n").Append(l).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] Response(AtResponseLine line) => Response([line]);
}
