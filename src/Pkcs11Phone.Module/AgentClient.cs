using System.Net.Sockets;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// The module's connection to the per-user agent. One request at a time, each with a timeout; a broken
/// connection is dropped and made again on the next request, starting the agent when none answers.
/// </summary>
internal sealed class AgentClient(AgentPaths paths, bool autostart) : IDisposable
{
    /// <summary>How long the agent may take to answer what it knows itself.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a token operation may take: longer than the agent's own limit for it on the link (120 s).</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(130);

    /// <summary>Commands the phone performs. They are never sent twice: a second try could log in or create twice.</summary>
    private static readonly HashSet<string> Operations =
    [
        AtCommands.Login, AtCommands.Logout, AtCommands.InitToken, AtCommands.InitPin, AtCommands.SetPin,
        AtCommands.GenerateKeyPair, AtCommands.Create, AtCommands.Destroy, AtCommands.Copy, AtCommands.SetAttributes,
        AtCommands.Sign, AtCommands.Decrypt, AtCommands.Random, AtCommands.Data,
    ];
    /// <summary>How long to wait for an agent we started to listen.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Socket? _socket;
    private NetworkStream? _stream;
    private AtLineReader? _reader;
    private uint _nextTag;

    /// <summary>Why the agent could not be reached the last time, for traces.</summary>
    public string? LastError { get; private set; }

    /// <summary>Sends a tagged command to the agent and returns its answer; throws <see cref="CkException"/> (CKR_DEVICE_ERROR) when the agent cannot be reached.</summary>
    public AtResponse Send(string name, params AtValue[] args)
    {
        lock (_lock)
        {
            while (true)
            {
                // A connection kept from earlier may have died with an agent that restarted: then one
                // more try on a fresh connection. A fresh connection that fails is final.
                bool reused = _socket is not null;
                bool operation = Operations.Contains(name);
                try
                {
                    EnsureConnected();
                    _socket!.ReceiveTimeout = (int)(operation ? OperationTimeout : RequestTimeout).TotalMilliseconds;
                    return Exchange(name, args);
                }
                catch (Exception e) when (e is IOException or SocketException or AtProtocolException or ObjectDisposedException)
                {
                    LastError = e.Message;
                    Disconnect();
                    // A new connection is a new client for the phone: what this one was logged in as is gone.
                    if (!reused || operation) throw new CkException(CKR.DEVICE_ERROR, "agent: " + e.Message);
                }
            }
        }
    }

    /// <summary>
    /// Sends a command whose argument pair at <paramref name="blobIndex"/> (counted after the tag) carries
    /// <paramref name="blob"/>: inline, or staged first with AT+P11DATA when it is too long for one line.
    /// </summary>
    public AtResponse Send(string name, AtValue[] args, byte[] blob, int blobIndex)
    {
        lock (_lock)
        {
            uint tag = _nextTag + 1;
            var (len, text, staging) = AtBlobs.ForCommand(tag, blob);
            args = [.. args];
            args[blobIndex] = len;
            args[blobIndex + 1] = text;
            foreach (var chunk in staging)
            {
                var r = Send(chunk.Name, [.. chunk.Args.Skip(1)]);
                if (r.Rv != 0) return r;
            }
            return Send(name, args);
        }
    }

    private AtResponse Exchange(string name, AtValue[] args)
    {
        uint tag = ++_nextTag;
        _stream!.Write(AtWire.Command(AtCommandLine.Set(name, [tag, .. args])));
        var collector = new AtResponseCollector(tag);
        while (_reader!.ReadLine() is { } line)
        {
            if (line.Status != AtLineStatus.Ok) throw new AtProtocolException("malformed line from the agent");
            if (collector.Feed(AtResponseLine.Parse(line.Text)) is { } response) return response;
        }
        throw new IOException("the agent closed the connection");
    }

    private void EnsureConnected()
    {
        if (_socket is not null) return;
        if (TryConnect(out var error)) return;
        if (!autostart) throw new IOException($"no agent at {paths.Socket}: {error}");
        var exe = AgentLauncher.FindExecutable()
            ?? throw new IOException($"no agent at {paths.Socket}, and p11phone was not found beside the module (set {EnvironmentNames.AgentExecutable})");
        if (!AgentLauncher.TryStart(exe, paths, out var why)) throw new IOException($"could not start {exe}: {why}");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            if (TryConnect(out error)) return;
        }
        throw new IOException($"started {exe}, but no agent listens at {paths.Socket} after {StartTimeout.TotalSeconds} s ({error}; see {paths.Log})");
    }

    private bool TryConnect(out string error)
    {
        error = "";
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.ReceiveTimeout = (int)RequestTimeout.TotalMilliseconds;
            socket.SendTimeout = (int)RequestTimeout.TotalMilliseconds;
            socket.Connect(new UnixDomainSocketEndPoint(paths.Socket));
            // The agent must be this user's: a socket planted by someone else (say in /tmp) is refused.
            Span<byte> cred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            if (socket.GetRawSocketOption(1 /* SOL_SOCKET */, 17 /* SO_PEERCRED */, cred) < 12
                || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(cred[4..]) != Native.getuid())
            {
                socket.Dispose();
                error = $"{paths.Socket} is not served by this user";
                return false;
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            error = e.Message;
            return false;
        }
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new AtLineReader(_stream);
        CheckAgent();
        return true;
    }

    /// <summary>
    /// Asks the agent which command table it speaks (ATI). An agent from another build (one left running
    /// across an upgrade) may not understand this module: refused, with what to do about it.
    /// </summary>
    private void CheckAgent()
    {
        _stream!.Write(AtWire.Command(new AtCommandLine("I", AtForm.Action, [])));
        string? identification = null;
        while (_reader!.ReadLine() is { } line)
        {
            if (line.Status != AtLineStatus.Ok) break;
            var parsed = AtResponseLine.Parse(line.Text);
            if (parsed.IsFinal) break;
            identification ??= line.Text;
        }
        if (identification == AtCommands.AgentIdentification) return;
        Disconnect();
        throw new IOException($"the agent running at {paths.Socket} is from another build of Pkcs11Phone ({identification ?? "no identification"}; " +
            $"this module: {AtCommands.AgentIdentification}); stop it (kill $(cat {paths.Pid})) and the next call starts the agent beside this module");
    }

    private void Disconnect()
    {
        _stream?.Dispose();
        _socket?.Dispose();
        _stream = null;
        _socket = null;
        _reader = null;
    }

    public void Dispose()
    {
        lock (_lock) Disconnect();
    }
}
