using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using Pkcs11Phone.Device.Pairing;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Device;

/// <summary>Where the phone listens for its computer: a serial device (RFCOMM, USB ACM, pty) or TCP.</summary>
public abstract record DeviceEndpoint
{
    public sealed record Serial(string Path) : DeviceEndpoint;
    public sealed record Tcp(IPEndPoint EndPoint) : DeviceEndpoint;
}

/// <summary>
/// Runs the security manager on a link until cancelled. Each link starts in plaintext, where the
/// <see cref="LinkGate"/> answers only the harmless commands and the handshakes; a reconnection handshake
/// (AT+P11HS) turns the link into a <see cref="SecureLineStream"/> on which the security manager answers
/// everything. When the secure session fails (a sealed line that does not open, a line that is not sealed)
/// a TCP link is closed; a serial line, which cannot be closed, goes back to plaintext and waits for a new
/// handshake.
/// </summary>
/// <param name="security">How the link is guarded. Without it every command is answered in plaintext
/// (in-process use and tests only: <c>p11phone device</c> always gives one).</param>
public sealed class DeviceServer(SecurityManager manager, TextWriter log, LinkSecurity? security = null)
{
    private readonly LinkSecurity _security = security ?? LinkSecurity.Plaintext;

    public async Task RunAsync(DeviceEndpoint endpoint, CancellationToken ct)
    {
        switch (endpoint)
        {
            case DeviceEndpoint.Serial s: await RunSerialAsync(s.Path, ct).ConfigureAwait(false); break;
            case DeviceEndpoint.Tcp t: await RunTcpAsync(t.EndPoint, ct).ConfigureAwait(false); break;
        }
    }

    private async Task RunSerialAsync(string path, CancellationToken ct)
    {
        using var port = new SerialPort(path, 115200) { ReadTimeout = SerialPort.InfiniteTimeout, WriteTimeout = 5000 };
        port.Open();
        port.DiscardInBuffer();
        log.WriteLine($"device: serving on serial {path}");
        using var reg = ct.Register(() => { try { port.Close(); } catch (IOException) { } });
        try
        {
            await ServeLinkAsync(port.BaseStream, resumeAfterFailure: true, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task RunTcpAsync(IPEndPoint endPoint, CancellationToken ct)
    {
        var listener = new TcpListener(endPoint);
        listener.Start(1);
        log.WriteLine($"device: serving on tcp:{listener.LocalEndpoint}");
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
                client.NoDelay = true;
                // Stopping the phone (Ctrl-C, SIGTERM) closes the connection, which ends a read in progress.
                using var stop = ct.Register(client.Dispose);
                log.WriteLine($"device: computer connected from {client.Client.RemoteEndPoint}");
                manager.Reset();
                try
                {
                    await ServeAsync(client.GetStream(), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException && !ct.IsCancellationRequested)
                {
                    log.WriteLine($"device: link lost: {e.Message}");
                }
                catch (Exception e) when (ct.IsCancellationRequested && e is IOException or ObjectDisposedException or OperationCanceledException)
                {
                    break;
                }
                log.WriteLine("device: computer disconnected");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// Serves one link until it ends: the plaintext phase, then the secure session once a handshake
    /// succeeds. Returns when the stream ends or the secure session fails (the caller then closes the link).
    /// </summary>
    public Task ServeAsync(Stream stream, CancellationToken ct) => ServeLinkAsync(stream, resumeAfterFailure: false, ct);

    private async Task ServeLinkAsync(Stream stream, bool resumeAfterFailure, CancellationToken ct)
    {
        var reader = new LinkLineReader(stream, AtSyntax.MaxLineLength);
        using var gate = new LinkGate(manager, _security, log);
        // Only for --insecure-plaintext: the commands the gate lets through in plaintext are answered as on a secure session.
        LinkAnswerer? plaintext = null;
        try
        {
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                var atLine = ToAtLine(line);
                var (reply, session) = gate.Handle(atLine);
                if (reply is null)
                {
                    plaintext ??= new LinkAnswerer(manager, stream, ct);
                    await plaintext.SubmitAsync(atLine).ConfigureAwait(false);
                    continue;
                }
                await stream.WriteAsync(AtWire.Response(reply), ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                if (session is null) continue;

                manager.ComputerName = session.Computer.Name;
                log.WriteLine($"device: secure session with computer '{session.Computer.Name}' (key {session.Computer.Fingerprint})");
                using var secure = new SecureLineStream(stream, reader, session.Transport, LinkRole.Phone);
                try
                {
                    await AnswerLinesAsync(secure, ct).ConfigureAwait(false);
                    return;
                }
                catch (SecureLinkException e)
                {
                    log.WriteLine($"device: secure session with '{session.Computer.Name}' ended: {e.Message}");
                    manager.Reset();
                    if (!resumeAfterFailure) return;
                }
            }
        }
        finally
        {
            if (plaintext is not null) await plaintext.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Answers command lines from a secure stream until it ends, several at a time (see <see cref="LinkAnswerer"/>).</summary>
    private async Task AnswerLinesAsync(Stream stream, CancellationToken ct)
    {
        var reader = new AtLineReader(stream);
        await using var answerer = new LinkAnswerer(manager, stream, ct);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            await answerer.SubmitAsync(line).ConfigureAwait(false);
    }

    /// <summary>A raw line as the AT layer sees it (the same rules as <see cref="AtLineReader"/>).</summary>
    internal static AtLine ToAtLine(LinkLine line)
    {
        if (line.TooLong) return new AtLine("", AtLineStatus.TooLong);
        if (line.HasControlBytes || line.Text is not { } text) return new AtLine("", AtLineStatus.BadBytes);
        return new AtLine(text, AtLineStatus.Ok);
    }
}
