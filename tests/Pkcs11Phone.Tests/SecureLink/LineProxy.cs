using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>
/// A TCP proxy between the agent and the phone that counts what crosses it, line by line, and on request
/// flips one byte inside the next sealed line of one direction (an attacker on the link).
/// </summary>
internal sealed class LineProxy : IAsyncDisposable
{
    /// <summary>One line as it crossed: which connection, which way, its text length, the bytes on the wire (terminators included), and its first characters.</summary>
    public sealed record Line(int Connection, bool FromComputer, int Length, int WireBytes, string Head, string Text, long Sequence);

    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Line> _lines = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _loop;
    private long _sequence;
    private int _connections;
    private int _flipFromComputer;
    private int _flipFromPhone;

    public int Port { get; }
    public int Connections => Volatile.Read(ref _connections);
    public IReadOnlyList<Line> Lines => _lines.ToArray();
    public long Mark() => Interlocked.Read(ref _sequence);

    private LineProxy(int target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public static LineProxy Start(int target) => new(target);

    /// <summary>Flips a byte in the middle of the next sealed line that goes the given way.</summary>
    public void FlipNext(bool fromComputer)
    {
        if (fromComputer) Interlocked.Exchange(ref _flipFromComputer, 1);
        else Interlocked.Exchange(ref _flipFromPhone, 1);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var computer = await _listener.AcceptTcpClientAsync(_stop.Token);
                int id = Interlocked.Increment(ref _connections);
                var phone = new TcpClient { NoDelay = true };
                computer.NoDelay = true;
                _clients.Add(computer);
                _clients.Add(phone);
                try
                {
                    await phone.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                }
                catch (SocketException)
                {
                    computer.Dispose();
                    continue;
                }
                _ = Task.Run(async () =>
                {
                    var a = PumpAsync(id, computer.GetStream(), phone.GetStream(), fromComputer: true);
                    var b = PumpAsync(id, phone.GetStream(), computer.GetStream(), fromComputer: false);
                    await Task.WhenAny(a, b);
                    computer.Dispose();
                    phone.Dispose();
                });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task PumpAsync(int id, Stream from, Stream to, bool fromComputer)
    {
        var buffer = new byte[16384];
        var line = new List<byte>();
        int terminators = 0;
        try
        {
            while (true)
            {
                int n = await from.ReadAsync(buffer, _stop.Token);
                if (n <= 0) return;
                for (int i = 0; i < n; i++)
                {
                    byte b = buffer[i];
                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        terminators++;
                        // A command ends with CR; a response line is framed CR LF text CR LF.
                        if (line.Count > 0 && terminators >= (fromComputer ? 1 : 2))
                        {
                            Record(id, fromComputer, line);
                            line.Clear();
                        }
                        continue;
                    }
                    terminators = 0;
                    if (line.Count == 24 && IsSealed(line) && TakeFlip(fromComputer))
                        b = b == (byte)'A' ? (byte)'B' : (byte)'A';
                    line.Add(b);
                    buffer[i] = b;
                }
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        finally
        {
            if (line.Count > 0) Record(id, fromComputer, line);
        }
    }

    private bool TakeFlip(bool fromComputer) =>
        fromComputer ? Interlocked.Exchange(ref _flipFromComputer, 0) == 1 : Interlocked.Exchange(ref _flipFromPhone, 0) == 1;

    private static bool IsSealed(List<byte> line)
    {
        var head = Encoding.ASCII.GetString(line.Take(11).ToArray());
        return head.StartsWith("AT+P11SEC=\"", StringComparison.Ordinal) || head.StartsWith("+P11SEC: \"", StringComparison.Ordinal);
    }

    private void Record(int id, bool fromComputer, List<byte> line)
    {
        var text = Encoding.ASCII.GetString(line.ToArray());
        // On the wire: a command and its CR; a response line and its CR LF before and after.
        int wire = line.Count + (fromComputer ? 1 : 4);
        _lines.Enqueue(new Line(id, fromComputer, line.Count, wire, text[..Math.Min(text.Length, 16)], text, Interlocked.Increment(ref _sequence)));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var c in _clients) c.Dispose();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
    }
}
