using System.IO.Ports;
using System.Net.Sockets;

namespace Pkcs11Phone.Agent;

/// <summary>An open byte link to a phone. Disposing it closes the link and ends any pending read.</summary>
public interface ILinkConnection : IAsyncDisposable
{
    Stream Stream { get; }
}

/// <summary>Opens links for phone addresses: serial devices through System.IO.Ports, TCP through sockets.</summary>
public static class LinkTransport
{
    public static async Task<ILinkConnection> OpenAsync(PhoneAddress address, TimeSpan timeout, CancellationToken ct)
    {
        switch (address)
        {
            case PhoneAddress.Serial s:
            {
                var port = new SerialPort(s.Path, s.BaudRate)
                {
                    ReadTimeout = SerialPort.InfiniteTimeout,
                    WriteTimeout = (int)timeout.TotalMilliseconds,
                    Handshake = Handshake.None,
                };
                port.Open();
                port.DiscardInBuffer();
                return new SerialConnection(port);
            }
            case PhoneAddress.Tcp t:
            {
                var client = new TcpClient { NoDelay = true };
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(timeout);
                try
                {
                    await client.ConnectAsync(t.Host, t.Port, cts.Token).ConfigureAwait(false);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
                return new TcpConnection(client);
            }
            default:
                throw new ArgumentException($"unsupported address {address}");
        }
    }

    private sealed class SerialConnection(SerialPort port) : ILinkConnection
    {
        public Stream Stream => port.BaseStream;

        public ValueTask DisposeAsync()
        {
            try { port.Close(); } catch (IOException) { }
            port.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class TcpConnection(TcpClient client) : ILinkConnection
    {
        public Stream Stream { get; } = client.GetStream();

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
