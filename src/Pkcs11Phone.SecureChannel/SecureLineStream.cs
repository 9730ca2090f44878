using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Pkcs11Phone.SecureChannel;

/// <summary>Which end of the link a <see cref="SecureLineStream"/> is: the computer sends commands, the phone responses.</summary>
public enum LinkRole
{
    /// <summary>The agent's end: it writes <c>AT+P11SEC="..."</c> lines and reads <c>+P11SEC: "..."</c> lines.</summary>
    Computer,

    /// <summary>The phone's end: it reads <c>AT+P11SEC="..."</c> lines and writes <c>+P11SEC: "..."</c> lines.</summary>
    Phone,
}

/// <summary>
/// The secure session ended: a sealed line did not open (modified, replayed, reordered, or after a
/// dropped one), a line that is not a sealed frame arrived, or the session had already failed. The
/// link must be closed (or, on a serial line, the session forgotten) and a fresh handshake run.
/// </summary>
public sealed class SecureLinkException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SecureLinkException(string message, bool plaintextLine = false, Exception? innerException = null)
        : base(message, innerException)
    {
        PlaintextLine = plaintextLine;
    }

    /// <summary>
    /// True when the session ended because a plaintext AT command arrived (on the phone's end): the
    /// computer has started over. The line was given back to the <see cref="LinkLineReader"/>.
    /// </summary>
    public bool PlaintextLine { get; }
}

/// <summary>
/// The link after the handshake, as a plaintext byte stream, so that the AT layer (line reader, command
/// parser, response writer) works on top unchanged. Every line of plaintext written to it goes out as one
/// sealed AT line, and every sealed line read from the link comes out as plaintext:
/// <list type="bullet">
/// <item>the computer's lines are <c>AT+P11SEC="&lt;base64&gt;"</c> CR; the phone's are CR LF
/// <c>+P11SEC: "&lt;base64&gt;"</c> CR LF (V.250 framing);</item>
/// <item>the base64 is one Noise transport message (<see cref="SecureTransport.Seal"/>) whose plaintext is
/// the line's bytes followed by LF; the per-direction nonce is implicit, so each frame opens only once and
/// in order;</item>
/// <item>a line too long for one frame (more than <see cref="MaxFramePlaintext"/> - 1 bytes) is sealed as
/// several frames, only the last ending with LF; so every sealed line stays within the AT line limit;</item>
/// <item>empty lines are not sent; nothing else travels in the clear, final result codes included.</item>
/// </list>
/// Any failure faults the stream: reads and writes then throw <see cref="SecureLinkException"/>. The stream
/// owns the transport (disposing it wipes the keys) but not the underlying link. One reader and one writer
/// may use it at the same time.
/// </summary>
public sealed class SecureLineStream : Stream
{
    /// <summary>What a sealed command line starts with (case-insensitive on reception).</summary>
    public const string CommandPrefix = "AT+P11SEC=\"";

    /// <summary>What a sealed response line starts with.</summary>
    public const string ResponsePrefix = "+P11SEC: \"";

    private static readonly byte[] CommandPrefixBytes = Encoding.ASCII.GetBytes(CommandPrefix);
    private static readonly byte[] ResponsePrefixBytes = Encoding.ASCII.GetBytes(ResponsePrefix);

    private readonly Stream _inner;
    private readonly LinkLineReader _reader;
    private readonly SecureTransport _transport;
    private readonly LinkRole _role;
    private readonly int _maxFramePlaintext;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _pending;
    private int _pendingLength;
    private bool _continued;
    private byte[] _plain = [];
    private int _plainPosition;
    private volatile string? _fault;
    private volatile bool _disposed;

    /// <summary>Wraps a link whose handshake has completed.</summary>
    /// <param name="inner">The link: sealed lines are written here.</param>
    /// <param name="reader">The reader of the link's lines, the one the handshake used (it may hold bytes already read).</param>
    /// <param name="transport">The session's keys; the stream takes ownership.</param>
    /// <param name="role">This end of the link.</param>
    public SecureLineStream(Stream inner, LinkLineReader reader, SecureTransport transport, LinkRole role)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(transport);
        _inner = inner;
        _reader = reader;
        _transport = transport;
        _role = role;
        _maxFramePlaintext = MaxFramePlaintext(reader.MaxLineLength);
        if (_maxFramePlaintext < 2)
        {
            throw new ArgumentException("The reader's line limit is too short for sealed lines.", nameof(reader));
        }

        _pending = new byte[_maxFramePlaintext];
    }

    /// <summary>
    /// The most plaintext one sealed line can carry (terminating LF included) when lines are limited to
    /// <paramref name="maxLineLength"/> bytes: 6119 for the 8192 of the AT layer.
    /// </summary>
    public static int MaxFramePlaintext(int maxLineLength = LinkLineReader.DefaultMaxLineLength) =>
        ((maxLineLength - CommandPrefix.Length - 1) / 4 * 3) - SecureTransport.Overhead;

    /// <summary>The length of the sealed line (without terminator) that carries <paramref name="plaintextLength"/> bytes.</summary>
    public static int SealedLineLength(LinkRole writer, int plaintextLength) =>
        (writer == LinkRole.Computer ? CommandPrefix.Length : ResponsePrefix.Length)
        + Base64.GetMaxEncodedToUtf8Length(plaintextLength + SecureTransport.Overhead) + 1;

    /// <summary>Frames sealed so far.</summary>
    public ulong FramesSent => _transport.SentCount;

    /// <summary>Frames opened so far.</summary>
    public ulong FramesReceived => _transport.ReceivedCount;

    /// <summary>True after a failure.</summary>
    public bool IsFaulted => _fault is not null;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_plainPosition >= _plain.Length)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return 0;
            }

            _plain = OpenLine(line.Value);
            _plainPosition = 0;
        }

        var n = Math.Min(buffer.Length, _plain.Length - _plainPosition);
        _plain.AsSpan(_plainPosition, n).CopyTo(buffer.Span);
        _plainPosition += n;
        return n;
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            var output = new ArrayBufferWriter<byte>();
            foreach (var b in buffer.Span)
            {
                if (b == '\r' || b == '\n')
                {
                    EndLine(output);
                    continue;
                }

                if (_pendingLength == _pending.Length)
                {
                    // A long line: this part goes out now, without LF, and the line continues.
                    Emit(output, _pending.AsSpan(0, _pendingLength), lineEnds: false);
                    _pendingLength = 0;
                    _continued = true;
                }

                _pending[_pendingLength++] = b;
            }

            if (output.WrittenCount > 0)
            {
                try
                {
                    await _inner.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // Frames are sealed but perhaps not sent: the peer's nonces no longer match ours.
                    _fault ??= "the link failed while sending";
                    throw;
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override void Flush() => _inner.Flush();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Wipes the session keys; the underlying link stays open.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _transport.Dispose();
            Array.Clear(_pending);
            Array.Clear(_plain);
        }

        base.Dispose(disposing);
    }

    private void EndLine(ArrayBufferWriter<byte> output)
    {
        if (_pendingLength == 0 && !_continued)
        {
            return; // an empty line is not sent
        }

        if (_pendingLength == _pending.Length)
        {
            Emit(output, _pending.AsSpan(0, _pendingLength), lineEnds: false);
            _pendingLength = 0;
        }

        Emit(output, _pending.AsSpan(0, _pendingLength), lineEnds: true);
        _pendingLength = 0;
        _continued = false;
    }

    private void Emit(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> content, bool lineEnds)
    {
        var plaintext = new byte[content.Length + (lineEnds ? 1 : 0)];
        content.CopyTo(plaintext);
        if (lineEnds)
        {
            plaintext[^1] = (byte)'\n';
        }

        byte[] frame;
        try
        {
            frame = _transport.Seal(plaintext);
        }
        catch (NoiseException e)
        {
            throw Fail("the session can no longer seal: " + e.Message, inner: e);
        }
        finally
        {
            Array.Clear(plaintext);
        }

        if (_role == LinkRole.Phone)
        {
            output.Write("\r\n"u8);
            output.Write(ResponsePrefixBytes);
        }
        else
        {
            output.Write(CommandPrefixBytes);
        }

        var encoded = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(frame.Length));
        Base64.EncodeToUtf8(frame, encoded, out _, out var written);
        output.Advance(written);
        output.Write(_role == LinkRole.Phone ? "\"\r\n"u8 : "\"\r"u8);
    }

    private byte[] OpenLine(LinkLine line)
    {
        if (line.TooLong)
        {
            throw Fail($"a line longer than {_reader.MaxLineLength} bytes arrived during the secure session");
        }

        var bytes = line.Bytes;
        var prefix = _role == LinkRole.Phone ? CommandPrefixBytes : ResponsePrefixBytes;
        if (bytes.Length < prefix.Length + 1 || !StartsWithIgnoreCase(bytes, prefix) || bytes[^1] != '"')
        {
            if (_role == LinkRole.Phone && StartsWithIgnoreCase(bytes, "AT"u8))
            {
                _reader.Unread(line);
                throw Fail("a plaintext command arrived during the secure session (the computer started over)", plaintextLine: true);
            }

            throw Fail("a line that is not a sealed frame arrived during the secure session: " + line);
        }

        var encoded = bytes.AsSpan(prefix.Length, bytes.Length - prefix.Length - 1);
        var frame = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (Base64.DecodeFromUtf8(encoded, frame, out var consumed, out var decoded) != OperationStatus.Done || consumed != encoded.Length)
        {
            throw Fail("a sealed line is not valid base64");
        }

        try
        {
            return _transport.Open(frame.AsSpan(0, decoded));
        }
        catch (NoiseException e)
        {
            throw Fail("a sealed line did not open (modified, replayed, reordered, or after a dropped one)", inner: e);
        }
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> prefix)
    {
        if (bytes.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            var b = bytes[i];
            if (b is >= (byte)'a' and <= (byte)'z')
            {
                b -= 0x20;
            }

            if (b != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private SecureLinkException Fail(string message, bool plaintextLine = false, Exception? inner = null)
    {
        _fault ??= message;
        return new SecureLinkException(message, plaintextLine, inner);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is { } fault)
        {
            throw new SecureLinkException("the secure session has failed (" + fault + "); the link must be closed");
        }
    }
}
