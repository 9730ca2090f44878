using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>
/// The few messages of Firefox's Marionette protocol (version 3) a test needs. Each message is
/// <c>LENGTH:JSON</c>; a command is <c>[0, id, name, parameters]</c>, its answer <c>[1, id, error, result]</c>.
/// </summary>
public sealed class MarionetteClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private int _id;

    private MarionetteClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        var hello = Read();
        if (hello["marionetteProtocol"]?.GetValue<int>() != 3)
            throw new InvalidOperationException("not Marionette protocol 3: " + hello.ToJsonString());
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, retrying while the browser starts.</summary>
    public static MarionetteClient Connect(int port, TimeSpan timeout, Func<bool> stillRunning)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline && stillRunning())
        {
            var tcp = new TcpClient();
            try
            {
                tcp.Connect("127.0.0.1", port);
                tcp.ReceiveTimeout = 60_000;
                tcp.SendTimeout = 10_000;
                return new MarionetteClient(tcp);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                last = e;
                tcp.Dispose();
                Thread.Sleep(250);
            }
        }
        throw new TimeoutException($"no Marionette on port {port} within {timeout.TotalSeconds} s: {last?.Message}");
    }

    /// <summary>Sends a command and returns its result; a Marionette error becomes an exception.</summary>
    public JsonNode? Command(string name, object? parameters = null)
    {
        int id = ++_id;
        var message = new JsonArray(0, id, name, JsonSerializer.SerializeToNode(parameters ?? new Dictionary<string, object>()));
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        _stream.Write(Encoding.ASCII.GetBytes(body.Length + ":"));
        _stream.Write(body);
        while (true)
        {
            var answer = Read();
            if (answer is not JsonArray { Count: 4 } a || a[0]?.GetValue<int>() != 1 || a[1]?.GetValue<int>() != id) continue;
            if (a[2] is JsonObject error)
                throw new MarionetteException(name, error["error"]?.ToString() ?? "?", error["message"]?.ToString() ?? error.ToJsonString());
            return a[3];
        }
    }

    /// <summary>Runs a script (a function body; a returned promise is awaited) and returns its "value".</summary>
    public JsonNode? Execute(string script, params object?[] args) =>
        Command("WebDriver:ExecuteScript", new Dictionary<string, object?> { ["script"] = script, ["args"] = args })?["value"];

    public void SetContext(string context) => Command("Marionette:SetContext", new Dictionary<string, object> { ["value"] = context });

    private JsonNode Read()
    {
        // Frames are "<decimal length>:<JSON of that many bytes>".
        var header = new StringBuilder();
        while (true)
        {
            int b = ReadByte();
            if (b == ':') break;
            if (b < '0' || b > '9' || header.Length > 10) throw new InvalidDataException("bad Marionette frame header: " + header + (char)b);
            header.Append((char)b);
        }
        var body = new byte[int.Parse(header.ToString())];
        int read = 0;
        while (read < body.Length)
        {
            int n = _stream.Read(body, read, body.Length - read);
            if (n == 0) throw new IOException("Marionette closed the connection");
            read += n;
        }
        return JsonNode.Parse(body) ?? throw new InvalidDataException("empty Marionette message");
    }

    private int ReadByte()
    {
        int b = _stream.ReadByte();
        if (b < 0) throw new IOException("Marionette closed the connection");
        return b;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}

public sealed class MarionetteException(string command, string error, string message)
    : Exception($"{command}: {error}: {message}");
