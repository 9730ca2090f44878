using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Agent.Pairing;

/// <summary>
/// The computer's side of a link before its secure session: one command at a time, each answer read line
/// by line from the same <see cref="LinkLineReader"/> that the secure session then continues with, so
/// nothing the phone sent is lost or read twice when the link switches.
/// </summary>
public sealed class PlainLink(Stream stream, LinkLineReader reader)
{
    public Stream Stream => stream;
    public LinkLineReader Reader => reader;

    /// <summary>
    /// Sends a command and returns its answer (the lines up to a final result code). When
    /// <paramref name="expect"/> is given, a bare OK without that information line is a leftover of an
    /// earlier exchange and is skipped.
    /// </summary>
    public async Task<AtResponse> ExchangeAsync(AtCommandLine command, TimeSpan timeout, CancellationToken ct, string? expect = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await stream.WriteAsync(AtWire.Command(command), cts.Token).ConfigureAwait(false);
            await stream.FlushAsync(cts.Token).ConfigureAwait(false);
            var lines = new List<AtResponseLine>();
            while (true)
            {
                // WaitAsync as well: not every link's reads end promptly when cancelled.
                var raw = await reader.ReadLineAsync(cts.Token).AsTask().WaitAsync(cts.Token).ConfigureAwait(false)
                    ?? throw new IOException("the link closed");
                if (raw.TooLong || raw.HasControlBytes || raw.Text is not { } text) continue;
                var line = AtResponseLine.Parse(text);
                if (!line.IsFinal)
                {
                    if (lines.Count >= AtResponseCollector.DefaultMaxLines) throw new AtProtocolException("response too long");
                    lines.Add(line);
                    continue;
                }
                var response = new AtResponse(lines.ToArray(), line);
                lines.Clear();
                if (expect is not null && response.IsOk && !response.Info(expect).Any()) continue;
                return response;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer to {command.Name} within {timeout.TotalMilliseconds} ms");
        }
    }
}

/// <summary>
/// The link in plaintext after the handshake phase (a phone configured with <c>insecure = true</c>): reads
/// give the reader's lines (each followed by LF), writes go straight to the link.
/// </summary>
internal sealed class PlainLinkStream(Stream inner, LinkLineReader reader) : Stream
{
    private byte[] _line = [];
    private int _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_position >= _line.Length)
        {
            if (await reader.ReadLineAsync(ct).ConfigureAwait(false) is not { } line) return 0;
            if (line.TooLong) continue;
            _line = [.. line.Bytes, (byte)'\n'];
            _position = 0;
        }
        int n = Math.Min(buffer.Length, _line.Length - _position);
        _line.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
    public override void Flush() => inner.Flush();
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
