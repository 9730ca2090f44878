using System.Threading.Channels;
using Pkcs11Phone.Agent.Pairing;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Agent;

/// <summary>What the agent last learned of one token on the phone: its information, mechanisms, and object catalogue.</summary>
public sealed record TokenSnapshot(P11TokenInfo Info, IReadOnlyList<P11MechanismInfo> Mechanisms, ulong Generation, IReadOnlyList<P11Object> Objects);

/// <summary>
/// Timings of a link. The handshake's steps and housekeeping commands (ping, lists, the end of a client)
/// are answered at once by a phone that is there: a phone silent for <see cref="CommandTimeout"/> while one
/// is in hand is gone, so a vanished phone shows as absent within two seconds. Token operations (a PIN
/// check, a signature waiting for the phone's user, an RSA-4096 key generation) get
/// <see cref="OperationTimeout"/>, and the phone is gone only when silent for <see cref="PhoneLink.SilenceLimit"/>.
/// </summary>
public sealed record LinkTimings(TimeSpan PingInterval, TimeSpan CommandTimeout, TimeSpan RetryDelay, TimeSpan OperationTimeout)
{
    public static readonly LinkTimings Default = new(
        TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(120));
}

/// <summary>
/// The agent's link to one phone. It connects, selects the protocol version, runs the reconnection
/// handshake with the phone's pinned key (or, for a phone configured <c>insecure = true</c>, stays in
/// plaintext), reads the phone's tokens and mechanisms over the secure session, and then pings; any
/// failure (a sealed line that does not open included) marks the tokens absent and starts over with a
/// fresh handshake. Commands from any number of clients go on the link as they come, each with its tag
/// and a timeout; the phone answers them in any order and <see cref="PumpAsync"/> routes each answer by
/// its tag, so one client waiting for the phone's user holds up nobody else. The phone's events (+P11EV)
/// keep the agent's copy of each token current without asking.
/// </summary>
/// <param name="keys">Where this computer's link keys and the phones' pins are; by default <see cref="AgentConfig.KeysDirectory"/>.</param>
public sealed class PhoneLink(PhoneConfig config, LinkTimings timings, TextWriter log, AgentKeys? keys = null)
{
    private readonly AgentKeys _keys = keys ?? AgentKeys.For(Environment.GetEnvironmentVariable);
    /// <summary>The connection in use, or null while the phone is away.</summary>
    private volatile LinkSession? _session;
    private uint _nextTag;
    private volatile IReadOnlyList<TokenSnapshot> _tokens = [];
    private volatile bool _up;
    private readonly TaskCompletionSource _firstUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PhoneConfig Config => config;

    /// <summary>True while the phone answers.</summary>
    public bool IsUp => _up;

    /// <summary>The tokens seen at the last connection; kept while the phone is away.</summary>
    public IReadOnlyList<TokenSnapshot> Tokens => _tokens;

    private long _epoch;

    /// <summary>When the phone last sent anything (ticks of Environment.TickCount64).</summary>
    private long _lastHeard;

    /// <summary>How long the phone may be silent while a command is in hand (it says "busy" every half second when it works long, so three silent intervals mean it is gone, within the 2 s a vanished phone may take to show as absent).</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromMilliseconds(1500);

    /// <summary>How often a command in hand checks whether the phone has gone silent.</summary>
    private static readonly TimeSpan SilenceCheck = TimeSpan.FromMilliseconds(100);

    /// <summary>How many times the phone has come up: a new value means the sessions of the last connection are gone.</summary>
    public ulong Epoch => (ulong)Interlocked.Read(ref _epoch);

    /// <summary>Completes when the link is up for the first time.</summary>
    public Task FirstUp => _firstUp.Task;

    /// <summary>Link round trips by command name, for `p11phone status` and tests.</summary>
    public RoundTripCounter RoundTrips { get; } = new();

    public async Task RunAsync(CancellationToken ct)
    {
        string? lastError = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(ct).ConfigureAwait(false);
                _firstUp.TrySetResult();
                lastError = null;
                log.WriteLine($"agent: {config.Name} ({config.Address}) is up: {_tokens.Count} token(s)");
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(timings.PingInterval, ct).ConfigureAwait(false);
                    var r = await SendAsync(AtCommands.Ping, [], ct).ConfigureAwait(false);
                    if (r.Rv != CKR.OK) throw new AtProtocolException($"ping answered {r}");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                if (_up || lastError != e.Message) log.WriteLine($"agent: {config.Name} ({config.Address}) is down: {e.Message}");
                lastError = e.Message;
            }
            await CloseAsync().ConfigureAwait(false);
            try { await Task.Delay(timings.RetryDelay, ct).ConfigureAwait(false); } catch (OperationCanceledException) { break; }
        }
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        // The pins first: without them there is no point in opening the link.
        NoiseKeyPair? computerKey = null;
        PairedPeer? phone = null;
        if (!config.Insecure)
        {
            var hint = $"pair it: p11phone pair --phone {config.Address} --name \"{config.Name}\" (with p11phone device --pair on the phone)";
            try
            {
                computerKey = _keys.LoadStaticKey()
                    ?? throw new LinkSecurityException($"this computer has no link key yet ({_keys.KeyPath}); {hint}");
                phone = _keys.Find(config)
                    ?? throw new LinkSecurityException($"'{config.Name}' is not paired with this computer (not in {_keys.PhonesPath}); {hint}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                computerKey?.Dispose();
                throw new LinkSecurityException("cannot read the link keys: " + e.Message);
            }
        }
        else
        {
            log.WriteLine($"agent: WARNING: {config.Name} ({config.Address}) has insecure = true: this link is neither encrypted nor authenticated");
        }

        using (computerKey)
        {
            var connection = await LinkTransport.OpenAsync(config.Address, timings.CommandTimeout, ct).ConfigureAwait(false);
            _session = new LinkSession(connection, connection.Stream);
            var reader = new LinkLineReader(connection.Stream, AtSyntax.MaxLineLength);
            var plain = new PlainLink(connection.Stream, reader);
            var version = await AgentHandshakes.SelectVersionAsync(plain, timings.CommandTimeout, ct).ConfigureAwait(false);
            Stream stream;
            if (phone is not null)
            {
                var transport = await AgentHandshakes.ReconnectAsync(plain, computerKey!, phone, version, timings.CommandTimeout, ct).ConfigureAwait(false);
                stream = new SecureLineStream(connection.Stream, reader, transport, LinkRole.Computer);
            }
            else
            {
                stream = new PlainLinkStream(connection.Stream, reader);
            }
            var session = new LinkSession(connection, stream);
            _session = session;
            _ = PumpAsync(session);
        }

        // A tagged ping drains whatever an earlier session left on the link.
        var ping = await ExchangeAsync(AtCommands.Ping, [], ct).ConfigureAwait(false);
        if (config.Insecure && ping.Final.CmeCode == (ulong)AtCmeError.OperationNotAllowed)
            throw new LinkSecurityException("the phone refuses plaintext (+CME ERROR: 3): it requires a secure link; remove insecure = true and pair it with p11phone pair");
        if (ping.Rv != CKR.OK) throw new AtProtocolException($"ping answered {ping}");

        var tokens = await ExchangeAsync(AtCommands.Token, [], ct).ConfigureAwait(false);
        if (tokens.Rv != CKR.OK) throw new AtProtocolException($"token list answered {tokens}");
        var snapshots = new List<TokenSnapshot>();
        foreach (var line in tokens.Info(AtCommands.Token))
        {
            if (!P11TokenInfo.TryParse(line.Values, 2, out var info) || line.Values[1].Number != (ulong)snapshots.Count)
                throw new AtProtocolException($"malformed token line: {line}");
            var mechs = await ExchangeAsync(AtCommands.Mech, [snapshots.Count], ct).ConfigureAwait(false);
            if (mechs.Rv != CKR.OK) throw new AtProtocolException($"mechanism list answered {mechs}");
            var list = new List<P11MechanismInfo>();
            foreach (var m in mechs.Info(AtCommands.Mech))
            {
                if (!P11MechanismInfo.TryParse(m.Values, 2, out var mi)) throw new AtProtocolException($"malformed mechanism line: {m}");
                list.Add(mi);
            }
            var (generation, objects) = await FetchCatalogueAsync(snapshots.Count, ct).ConfigureAwait(false);
            snapshots.Add(new TokenSnapshot(info, list, generation, objects ?? []));
            if (snapshots.Count > AgentServer.MaxTokensPerPhone) throw new AtProtocolException("the phone offers too many tokens");
        }
        _tokens = snapshots;
        Interlocked.Increment(ref _epoch);
        _up = true;
    }

    /// <summary>Reads a token's object catalogue (every object, with its non-sensitive attributes), unless <paramref name="known"/> is current.</summary>
    private async Task<(ulong Generation, List<P11Object>? Objects)> FetchCatalogueAsync(int token, CancellationToken ct, ulong known = 0)
    {
        // A catalogue with certificates is long on a slow serial link: it gets the operation timeout.
        uint tag = Interlocked.Increment(ref _nextTag);
        var r = await ExchangeAsync([AtCommandLine.Set(AtCommands.Catalogue, tag, token, known)], tag, timings.OperationTimeout, ct, linkFatal: true).ConfigureAwait(false);
        if (r.Rv != CKR.OK) throw new AtProtocolException($"catalogue answered {r.Rv}");
        var head = r.Info(AtCommands.Catalogue).FirstOrDefault();
        if (head is null || head.Values.Count != 5) throw new AtProtocolException("malformed catalogue");
        if (head.Values[3].Number == 0) return (head.Values[2].Number, null);
        var objects = new List<P11Object>();
        foreach (var line in r.Info(AtCommands.Object))
        {
            if (line.Values.Count != 4 || !AtBlobs.TryRead(r, line, 2, out var blob) || !P11Binary.TryDecodeAttributes(blob, out var attributes))
                throw new AtProtocolException("malformed catalogue object");
            objects.Add(new P11Object(line.Values[1].Number, attributes));
        }
        if ((ulong)objects.Count != head.Values[4].Number) throw new AtProtocolException("catalogue object count differs");
        return (head.Values[2].Number, objects);
    }

    /// <summary>
    /// Reads the token's catalogue again if its generation moved (one short round trip when it did not),
    /// and then its token information.
    /// </summary>
    private async Task RefreshAsync(int token, CancellationToken ct)
    {
        var tokens = _tokens;
        if (token >= tokens.Count) return;
        var (generation, objects) = await FetchCatalogueAsync(token, ct, tokens[token].Generation).ConfigureAwait(false);
        if (objects is null) return;
        var info = await ExchangeAsync(AtCommands.Token, [token], ct).ConfigureAwait(false);
        var line = info.Info(AtCommands.Token).FirstOrDefault();
        lock (_refreshGate)
        {
            var updated = _tokens.ToArray();
            if (token >= updated.Length) return;
            updated[token] = updated[token] with
            {
                Generation = generation,
                Objects = objects,
                Info = line is not null && P11TokenInfo.TryParse(line.Values, 2, out var t) ? t : updated[token].Info,
            };
            _tokens = updated;
        }
    }

    private readonly Lock _refreshGate = new();

    /// <summary>The refresh each token's last event started (one after the other per token).</summary>
    private readonly Dictionary<int, Task> _refreshes = [];

    /// <summary>Events by name, for `p11phone status` and tests.</summary>
    public RoundTripCounter Events { get; } = new();

    /// <summary>Commands of this agent the phone is asking its user to approve, by tag.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, string> _approvals = new();

    /// <summary>How many commands wait for the phone's user to approve them now.</summary>
    public int PendingApprovals => _approvals.Count;

    /// <summary>
    /// Waits until the agent's copy of the token reflects every event the phone sent so far: after an
    /// answer, the change it caused has been announced before it, so the copy is current for that client.
    /// </summary>
    public async Task SettledAsync(int token)
    {
        Task? refresh;
        lock (_refreshGate) _refreshes.TryGetValue(token, out refresh);
        if (refresh is null) return;
        try
        {
            await refresh.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.WriteLine($"agent: {config.Name}: refreshing token {token} failed: {e.Message}");
        }
    }

    private void OnEvent(AtResponseLine line)
    {
        if (!P11Events.TryParse(line, out var ev, out var token, out var value)) return;
        if (ev == P11Events.Busy) return;
        Events.Count(P11Events.Name(ev));
        switch (ev)
        {
            case P11Events.Changed:
            case P11Events.LoggedOut:
            case P11Events.PinLocked:
                if (token >= (ulong)_tokens.Count) return;
                if (ev == P11Events.PinLocked) log.WriteLine($"agent: {config.Name}: a PIN of token {token} is now locked on the phone");
                if (ev == P11Events.LoggedOut) log.WriteLine($"agent: {config.Name}: the phone logged this computer out of token {token}");
                ScheduleRefresh((int)token);
                break;
            case P11Events.ApprovalPending:
                log.WriteLine($"agent: {config.Name}: waiting for the phone's user (an approval, or a PIN typed on the phone; token {token})");
                _approvals[value] = "";
                break;
        }
    }

    /// <summary>Starts reading the token again once the refresh in progress (if any) is done. Called from the pump, so it must not wait.</summary>
    private void ScheduleRefresh(int token)
    {
        lock (_refreshGate)
        {
            _refreshes.TryGetValue(token, out var previous);
            _refreshes[token] = Task.Run(async () =>
            {
                if (previous is not null) { try { await previous.ConfigureAwait(false); } catch (Exception) { } }
                if (_up) await RefreshAsync(token, CancellationToken.None).ConfigureAwait(false);
            });
        }
    }

    /// <summary>Sends a tagged command and waits for its answer. Throws when the link is down or the phone does not answer in time.</summary>
    public async Task<AtResponse> SendAsync(string name, AtValue[] args, CancellationToken ct)
    {
        if (!_up) throw new LinkDownException(config.Name);
        return await ExchangeAsync(name, args, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a token operation for a client. <paramref name="blob"/>, when given, is the value of the
    /// argument pair at <paramref name="blobIndex"/> (counted after the tag); it goes inline or staged with AT+P11DATA.
    /// </summary>
    public async Task<AtResponse> OperateAsync(string name, AtValue[] args, byte[]? blob, int blobIndex, CancellationToken ct, bool housekeeping = false)
    {
        if (!_up) throw new LinkDownException(config.Name);
        uint tag = Interlocked.Increment(ref _nextTag);
        var staging = new List<AtCommandLine>();
        if (blob is not null)
        {
            var (len, text, chunks) = AtBlobs.ForCommand(tag, blob);
            args = [.. args];
            args[blobIndex] = len;
            args[blobIndex + 1] = text;
            staging = chunks;
        }
        var command = AtCommandLine.Set(name, [tag, .. args]);
        try
        {
            return await ExchangeAsync([.. staging, command], tag, timings.OperationTimeout, ct, linkFatal: housekeeping,
                silence: housekeeping ? timings.CommandTimeout : SilenceLimit).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && !housekeeping)
        {
            // The application went away: if the phone is asking its user about this command, it stops asking.
            _ = WithdrawAsync(tag);
            throw;
        }
        finally
        {
            _approvals.TryRemove(tag, out _);
        }
    }

    /// <summary>
    /// A housekeeping command (ping, lists): the phone answers it at once, even while it works on others,
    /// so a phone silent for <see cref="LinkTimings.CommandTimeout"/> is gone. Its answer may still queue
    /// behind a long answer being written (a catalogue on a slow serial link): that is not silence.
    /// </summary>
    /// <summary>Sends AT+P11CANCEL for a command in hand whose application went away (the phone answers it CKR_FUNCTION_CANCELED).</summary>
    private async Task WithdrawAsync(ulong tag)
    {
        try
        {
            if (_up) await ExchangeAsync(AtCommands.Cancel, [tag], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.WriteLine($"agent: {config.Name}: withdrawing command {tag}: {e.Message}");
        }
    }

    private Task<AtResponse> ExchangeAsync(string name, AtValue[] args, CancellationToken ct)
    {
        uint tag = Interlocked.Increment(ref _nextTag);
        return ExchangeAsync([AtCommandLine.Set(name, [tag, .. args])], tag, timings.OperationTimeout, ct, linkFatal: true, silence: timings.CommandTimeout);
    }

    /// <summary>
    /// Sends the lines of one command in order (its AT+P11DATA chunks, then the command), each waiting for
    /// its answer; returns the last answer, or the first that is not CKR_OK. Other commands go on the link
    /// meanwhile. A phone silent for <see cref="SilenceLimit"/> is gone; a command not answered within
    /// <paramref name="timeout"/> fails, and takes the link down with it when <paramref name="linkFatal"/>
    /// (housekeeping commands, which a phone that is there answers at once).
    /// </summary>
    private async Task<AtResponse> ExchangeAsync(IReadOnlyList<AtCommandLine> commands, ulong tag, TimeSpan timeout, CancellationToken ct, bool linkFatal, TimeSpan? silence = null)
    {
        var session = _session ?? throw new LinkDownException(config.Name);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            AtResponse? response = null;
            foreach (var command in commands)
            {
                response = await RoundTripAsync(session, command, tag, silence ?? SilenceLimit, cts.Token).ConfigureAwait(false);
                if (response.Rv != CKR.OK) return response;
            }
            return response!;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            if (linkFatal) _up = false;
            throw new TimeoutException($"{config.Name}: no answer to {commands[^1].Name} within {timeout.TotalMilliseconds} ms");
        }
    }

    private async Task<AtResponse> RoundTripAsync(LinkSession session, AtCommandLine command, ulong tag, TimeSpan silence, CancellationToken ct)
    {
        var answer = new TaskCompletionSource<AtResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!session.Pending.TryAdd(tag, answer)) throw new InvalidOperationException($"tag {tag} is in use");
        try
        {
            await session.Write.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (session.Closed) throw new LinkDownException(config.Name);
                await session.Stream.WriteAsync(AtWire.Command(command), ct).ConfigureAwait(false);
                await session.Stream.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SecureLinkException)
            {
                _up = false;
                throw new LinkDownException(config.Name);
            }
            finally
            {
                session.Write.Release();
            }
            Interlocked.Exchange(ref _lastHeard, Math.Max(Interlocked.Read(ref _lastHeard), Environment.TickCount64));
            while (true)
            {
                // A phone that goes silent is gone, however long the command may take: it would say it is busy.
                var done = await Task.WhenAny(answer.Task, Task.Delay(SilenceCheck, ct)).ConfigureAwait(false);
                if (done == answer.Task) break;
                ct.ThrowIfCancellationRequested();
                if (Environment.TickCount64 - Interlocked.Read(ref _lastHeard) > (long)silence.TotalMilliseconds)
                {
                    _up = false;
                    throw new TimeoutException($"{config.Name}: silent for {silence.TotalSeconds} s during {command.Name}");
                }
            }
            var response = await answer.Task.ConfigureAwait(false);
            RoundTrips.Count(command.Name);
            return response;
        }
        finally
        {
            session.Pending.TryRemove(tag, out _);
        }
    }

    /// <summary>
    /// Reads the link: each answer (its lines up to a final result code, always contiguous) goes to the
    /// command with its tag; events are handled on the spot. An answer nobody waits for (its command timed
    /// out) is dropped. An AT error without a tag belongs to the one command in hand; with several in
    /// hand it cannot be placed, and the link is reset.
    /// </summary>
    private async Task PumpAsync(LinkSession session)
    {
        Exception failure = new LinkDownException(config.Name);
        try
        {
            var reader = new AtLineReader(session.Stream);
            var lines = new List<AtResponseLine>();
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                Interlocked.Exchange(ref _lastHeard, Environment.TickCount64);
                // Garbage from the link is dropped; a command waiting for an answer then times out.
                if (line.Status != AtLineStatus.Ok) continue;
                var parsed = AtResponseLine.Parse(line.Text);
                if (parsed.Kind == AtResponseKind.Information && parsed.Name == AtCommands.Event)
                {
                    OnEvent(parsed);
                    continue;
                }
                if (!parsed.IsFinal)
                {
                    if (lines.Count >= AtResponseCollector.DefaultMaxLines)
                        throw new AtProtocolException($"response longer than {AtResponseCollector.DefaultMaxLines} lines");
                    lines.Add(parsed);
                    continue;
                }
                var response = new AtResponse(lines.ToArray(), parsed);
                lines.Clear();
                Route(session, response);
            }
        }
        catch (SecureLinkException e) when (_session == session)
        {
            // Modified, replayed, reordered or dropped: the session is over; a fresh handshake follows.
            log.WriteLine($"agent: {config.Name} ({config.Address}): {e.Message}; closing the link");
        }
        catch (AtProtocolException e)
        {
            log.WriteLine($"agent: {config.Name} ({config.Address}): {e.Message}; closing the link");
            failure = e;
        }
        catch (Exception)
        {
            // The link broke: every command in hand fails at once.
        }
        finally
        {
            // A pump of an earlier connection ends after the next one is up: it must not mark that one down.
            if (_session == session) _up = false;
            session.Close(failure);
        }
    }

    private static void Route(LinkSession session, AtResponse response)
    {
        if (response.Tag is { } tag)
        {
            if (session.Pending.TryGetValue(tag, out var waiting)) waiting.TrySetResult(response);
            return;
        }
        // A bare OK is left over from an earlier exchange (ATE0, say).
        if (response.Final.Kind == AtResponseKind.Ok && response.Lines.Count == 0) return;
        var pending = session.Pending.ToArray();
        if (pending.Length == 1)
        {
            pending[0].Value.TrySetResult(response);
            return;
        }
        throw new AtProtocolException($"an answer without a tag ({response}) with {pending.Length} commands in hand");
    }

    private async Task CloseAsync()
    {
        _up = false;
        var session = _session;
        _session = null;
        if (session is null) return;
        session.Close(new LinkDownException(config.Name));
        await session.Write.WaitAsync().ConfigureAwait(false);
        try
        {
            await session.Connection.DisposeAsync().ConfigureAwait(false);
            // Wipes the session keys; the next connection runs a fresh handshake.
            if (session.Layered) await session.Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Closing a link that is already broken.
        }
        finally
        {
            session.Write.Release();
        }
    }

    /// <summary>One connection to the phone: its stream as the AT layer sees it, and the commands waiting for answers.</summary>
    private sealed class LinkSession(ILinkConnection connection, Stream stream)
    {
        public ILinkConnection Connection { get; } = connection;

        /// <summary>A <see cref="SecureLineStream"/>, or plaintext for an insecure phone.</summary>
        public Stream Stream { get; } = stream;

        public SemaphoreSlim Write { get; } = new(1, 1);

        /// <summary>Whether <see cref="Stream"/> is a layer of its own over the connection's (a secure session), to be disposed too.</summary>
        public bool Layered { get; } = !ReferenceEquals(stream, connection.Stream);

        public System.Collections.Concurrent.ConcurrentDictionary<ulong, TaskCompletionSource<AtResponse>> Pending { get; } = new();

        private volatile bool _closed;

        public bool Closed => _closed;

        /// <summary>Fails every command in hand, and any that comes later.</summary>
        public void Close(Exception why)
        {
            _closed = true;
            foreach (var p in Pending.Values) p.TrySetException(why);
        }
    }
}

public sealed class LinkDownException(string phone) : Exception($"{phone}: the phone is not connected");

/// <summary>Counts link round trips per command.</summary>
public sealed class RoundTripCounter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _counts = new();

    public void Count(string command) => _counts.AddOrUpdate(command, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts);
}
