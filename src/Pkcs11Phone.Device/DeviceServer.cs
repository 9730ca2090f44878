using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>Where the phone listens for its computer: a serial device (RFCOMM, USB ACM, pty) or TCP.</summary>
public abstract record DeviceEndpoint
{
    public sealed record Serial(string Path) : DeviceEndpoint;
    public sealed record Tcp(IPEndPoint EndPoint) : DeviceEndpoint;
}

/// <summary>Runs the security manager on a link until cancelled.</summary>
public sealed class DeviceServer(SecurityManager manager, TextWriter log)
{
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
            await ServeAsync(port.BaseStream, ct).ConfigureAwait(false);
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
                log.WriteLine($"device: computer connected from {client.Client.RemoteEndPoint}");
                manager.Reset();
                try
                {
                    await ServeAsync(client.GetStream(), ct).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    log.WriteLine($"device: link lost: {e.Message}");
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

    /// <summary>Answers command lines from a stream until it ends.</summary>
    public async Task ServeAsync(Stream stream, CancellationToken ct)
    {
        var reader = new AtLineReader(stream);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            var reply = manager.Handle(line);
            await stream.WriteAsync(AtWire.Response(reply), ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}
