using System.Net.Sockets;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// The module's connection to the per-user agent. Threads of the application send their requests on it
/// side by side, each with its tag and a timeout; one reader thread hands each answer to the request with
/// its tag, so a request that waits for the phone (a signature the phone's user must approve) holds up
/// no other thread's. A broken connection is dropped and made again on the next request, starting the
/// agent when none answers.
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

    private readonly Lock _connectLock = new();
    private Connection? _connection;
    private uint _nextTag;

    /// <summary>Why the agent could not be reached the last time, for traces.</summary>
    public string? LastError { get; private set; }

    /// <summary>Sends a tagged command to the agent and returns its answer; throws <see cref="CkException"/> (CKR_DEVICE_ERROR) when the agent cannot be reached.</summary>
    public AtResponse Send(string name, params AtValue[] args) => Send(name, args, null, -1);

    /// <summary>
    /// Sends a command; when <paramref name="blob"/> is given it is the value of the argument pair at
    /// <paramref name="blobIndex"/> (counted after the tag): inline, or staged first with AT+P11DATA under
    /// the command's own tag when it is too long for one line.
    /// </summary>
    public AtResponse Send(string name, AtValue[] args, byte[]? blob, int blobIndex)
    {
        bool operation = Operations.Contains(name) || blob is not null;
        while (true)
        {
            // A connection kept from earlier may have died with an agent that restarted: then one more try
            // on a fresh connection. A fresh connection that fails is final, and so is any failed operation.
            Connection? connection = null;
            bool reused = false;
            try
            {
                connection = Connected(out reused);
                uint tag = Interlocked.Increment(ref _nextTag);
                var lines = new List<AtCommandLine>();
                if (blob is not null)
                {
                    var (len, text, staging) = AtBlobs.ForCommand(tag, blob);
                    args = [.. args];
                    args[blobIndex] = len;
                    args[blobIndex + 1] = text;
                    lines.AddRange(staging);
                }
                lines.Add(AtCommandLine.Set(name, [tag, .. args]));
                var timeout = operation ? OperationTimeout : RequestTimeout;
                AtResponse? response = null;
                foreach (var line in lines)
                {
                    response = connection.Exchange(tag, line, timeout);
                    if (response.Rv != 0) break;
                }
                return response!;
            }
            catch (Exception e) when (e is IOException or SocketException or AtProtocolException or ObjectDisposedException)
            {
                LastError = e.Message;
                if (connection is not null) Drop(connection, e.Message);
                // A new connection is a new client for the phone: what this one was logged in as is gone.
                if (!reused || operation) throw new CkException(CKR.DEVICE_ERROR, "agent: " + e.Message);
            }
        }
    }

    /// <summary>The connection in use, made (and the agent started) if there is none.</summary>
    private Connection Connected(out bool reused)
    {
        lock (_connectLock)
        {
            reused = _connection is { Dead: false };
            if (_connection is { Dead: false } c) return c;
            _connection?.Dispose();
            _connection = null;
            _connection = EnsureConnected();
            return _connection;
        }
    }

    private void Drop(Connection connection, string why)
    {
        lock (_connectLock)
        {
            connection.Fail(why);
            if (_connection == connection) _connection = null;
        }
    }

    /// <summary>
    /// One socket to the agent. Requests are written whole under a lock; the reader thread gathers each
    /// answer (its lines up to the final result code) and completes the request with its tag.
    /// </summary>
    private sealed class Connection : IDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly AtLineReader _reader;
        private readonly Lock _write = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, Request> _pending = new();
        private volatile string? _failure;

        public bool Dead => _failure is not null;

        public Connection(Socket socket, NetworkStream stream, AtLineReader reader)
        {
            _socket = socket;
            _stream = stream;
            _reader = reader;
            // Answers may be long in coming (the phone's user); the reader waits as long as the connection lives.
            _socket.ReceiveTimeout = 0;
            new Thread(ReadAnswers) { IsBackground = true, Name = "pkcs11phone agent reader" }.Start();
        }

        private sealed class Request
        {
            public readonly ManualResetEventSlim Done = new();
            public AtResponse? Response;
        }

        public AtResponse Exchange(uint tag, AtCommandLine line, TimeSpan timeout)
        {
            var request = new Request();
            _pending[tag] = request;
            try
            {
                if (_failure is { } failed) throw new IOException(failed);
                lock (_write) _stream.Write(AtWire.Command(line));
                if (!request.Done.Wait(timeout)) throw new IOException($"the agent did not answer {line.Name} within {timeout.TotalSeconds} s");
                return request.Response ?? throw new IOException(_failure ?? "the agent closed the connection");
            }
            finally
            {
                _pending.TryRemove(tag, out _);
            }
        }

        private void ReadAnswers()
        {
            string why = "the agent closed the connection";
            try
            {
                var lines = new List<AtResponseLine>();
                while (_reader.ReadLine() is { } line)
                {
                    if (line.Status != AtLineStatus.Ok) throw new AtProtocolException("malformed line from the agent");
                    var parsed = AtResponseLine.Parse(line.Text);
                    if (!parsed.IsFinal)
                    {
                        if (lines.Count >= AtResponseCollector.DefaultMaxLines) throw new AtProtocolException("answer too long");
                        lines.Add(parsed);
                        continue;
                    }
                    var response = new AtResponse(lines.ToArray(), parsed);
                    lines.Clear();
                    // Every request of the module is tagged, and the agent answers each with its tag; anything else is a fault.
                    if (response.Tag is not { } tag) throw new AtProtocolException($"an answer without a tag from the agent: {response}");
                    if (_pending.TryGetValue(tag, out var request))
                    {
                        request.Response = response;
                        request.Done.Set();
                    }
                }
            }
            catch (Exception e)
            {
                why = e.Message;
            }
            Fail(why);
        }

        /// <summary>Ends the connection: every request in hand fails at once, and the next one makes a new connection.</summary>
        public void Fail(string why)
        {
            _failure ??= why;
            Dispose();
            foreach (var request in _pending.Values) request.Done.Set();
        }

        public void Dispose()
        {
            _failure ??= "closed";
            _stream.Dispose();
            _socket.Dispose();
        }
    }

    private Connection EnsureConnected()
    {
        if (TryConnect(out var connection, out var error)) return connection;
        if (!autostart) throw new IOException($"no agent at {paths.Socket}: {error}");
        var exe = AgentLauncher.FindExecutable()
            ?? throw new IOException($"no agent at {paths.Socket}, and p11phone was not found beside the module (set {EnvironmentNames.AgentExecutable})");
        if (!AgentLauncher.TryStart(exe, paths, out var why)) throw new IOException($"could not start {exe}: {why}");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            if (TryConnect(out connection, out error)) return connection;
        }
        throw new IOException($"started {exe}, but no agent listens at {paths.Socket} after {StartTimeout.TotalSeconds} s ({error}; see {paths.Log})");
    }

    private bool TryConnect(out Connection connection, out string error)
    {
        error = "";
        connection = null!;
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
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new AtLineReader(stream);
        try
        {
            CheckAgent(stream, reader);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        connection = new Connection(socket, stream, reader);
        return true;
    }

    /// <summary>
    /// Asks the agent which command table it speaks (ATI). An agent from another build (one left running
    /// across an upgrade) may not understand this module: refused, with what to do about it.
    /// </summary>
    private void CheckAgent(NetworkStream stream, AtLineReader reader)
    {
        stream.Write(AtWire.Command(new AtCommandLine("I", AtForm.Action, [])));
        string? identification = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.Status != AtLineStatus.Ok) break;
            var parsed = AtResponseLine.Parse(line.Text);
            if (parsed.IsFinal) break;
            identification ??= line.Text;
        }
        if (identification == AtCommands.AgentIdentification) return;
        throw new IOException($"the agent running at {paths.Socket} is from another build of Pkcs11Phone ({identification ?? "no identification"}; " +
            $"this module: {AtCommands.AgentIdentification}); stop it (kill $(cat {paths.Pid})) and the next call starts the agent beside this module");
    }

    public void Dispose()
    {
        lock (_connectLock)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }
}
