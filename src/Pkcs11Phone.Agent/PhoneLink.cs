using System.Threading.Channels;
using Pkcs11Phone.Agent.Pairing;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Agent;

/// <summary>What the agent last learned of one token on the phone: its information, mechanisms, and object catalogue.</summary>
public sealed record TokenSnapshot(P11TokenInfo Info, IReadOnlyList<P11MechanismInfo> Mechanisms, ulong Generation, IReadOnlyList<P11Object> Objects);

/// <summary>
/// Timings of a link. Housekeeping commands (ping, lists) must answer within <see cref="CommandTimeout"/>,
/// so a vanished phone shows as absent within two seconds; token operations (a PIN check, a signature,
/// an RSA-4096 key generation on a phone) get <see cref="OperationTimeout"/>.
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
/// fresh handshake. Commands from any number of clients are serialized, one on the link at a time, each
/// with a timeout.
/// </summary>
/// <param name="keys">Where this computer's link keys and the phones' pins are; by default <see cref="AgentConfig.KeysDirectory"/>.</param>
public sealed class PhoneLink(PhoneConfig config, LinkTimings timings, TextWriter log, AgentKeys? keys = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AgentKeys _keys = keys ?? AgentKeys.For(Environment.GetEnvironmentVariable);
    private ILinkConnection? _connection;
    /// <summary>The link as the AT layer sees it: a <see cref="SecureLineStream"/>, or plaintext for an insecure phone.</summary>
    private Stream? _stream;
    private Channel<AtResponseLine>? _incoming;
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
            _connection = connection;
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
            var incoming = Channel.CreateBounded<AtResponseLine>(new BoundedChannelOptions(AtResponseCollector.DefaultMaxLines) { SingleReader = true });
            _stream = stream;
            _incoming = incoming;
            _ = PumpAsync(stream, incoming.Writer);
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
        var r = await ExchangeAsync([AtCommandLine.Set(AtCommands.Catalogue, tag, token, known)], tag, timings.OperationTimeout, ct).ConfigureAwait(false);
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
    /// After a change made through this agent: asks the phone whether the token's generation moved (one
    /// short round trip) and, if it did, reads its catalogue and token information again.
    /// </summary>
    public async Task RefreshAsync(int token, CancellationToken ct)
    {
        var tokens = _tokens;
        if (token >= tokens.Count) return;
        var (generation, objects) = await FetchCatalogueAsync(token, ct, tokens[token].Generation).ConfigureAwait(false);
        if (objects is null) return;
        var info = await ExchangeAsync(AtCommands.Token, [token], ct).ConfigureAwait(false);
        var line = info.Info(AtCommands.Token).FirstOrDefault();
        var updated = _tokens.ToArray();
        updated[token] = updated[token] with
        {
            Generation = generation,
            Objects = objects,
            Info = line is not null && P11TokenInfo.TryParse(line.Values, 2, out var t) ? t : updated[token].Info,
        };
        _tokens = updated;
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
        var timeout = housekeeping ? timings.CommandTimeout : timings.OperationTimeout;
        return await ExchangeAsync([.. staging, command], tag, timeout, ct).ConfigureAwait(false);
    }

    private Task<AtResponse> ExchangeAsync(string name, AtValue[] args, CancellationToken ct)
    {
        uint tag = Interlocked.Increment(ref _nextTag);
        return ExchangeAsync(AtCommandLine.Set(name, [tag, .. args]), tag, ct);
    }

    private Task<AtResponse> ExchangeAsync(AtCommandLine command, ulong? tag, CancellationToken ct) =>
        ExchangeAsync([command], tag, timings.CommandTimeout, ct);

    /// <summary>Sends the commands in order, holding the link: every one must succeed; returns the last one's answer.</summary>
    private async Task<AtResponse> ExchangeAsync(IReadOnlyList<AtCommandLine> commands, ulong? tag, TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var connection = _connection ?? throw new LinkDownException(config.Name);
            var incoming = _incoming!;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            try
            {
                for (int i = 0; i < commands.Count - 1; i++)
                {
                    var staged = await RoundTripAsync(connection, incoming, commands[i], tag, cts.Token).ConfigureAwait(false);
                    if (staged.Rv != CKR.OK) return staged;
                }
                return await RoundTripAsync(connection, incoming, commands[^1], tag, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                _up = false;
                throw new TimeoutException($"{config.Name}: no answer to {commands[^1].Name} within {timeout.TotalMilliseconds} ms");
            }
            catch (ChannelClosedException)
            {
                _up = false;
                throw new LinkDownException(config.Name);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AtResponse> RoundTripAsync(ILinkConnection connection, Channel<AtResponseLine> incoming, AtCommandLine command, ulong? tag, CancellationToken ct)
    {
        var stream = _stream ?? connection.Stream;
        await stream.WriteAsync(AtWire.Command(command), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
        var collector = new AtResponseCollector(tag);
        Interlocked.Exchange(ref _lastHeard, Environment.TickCount64);
        while (true)
        {
            // A phone that goes silent is gone, however long the command may take: it would say it is busy.
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(ct);
            silence.CancelAfter(P11Events.BusyInterval);
            AtResponseLine line;
            try
            {
                line = await incoming.Reader.ReadAsync(silence.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (Environment.TickCount64 - Interlocked.Read(ref _lastHeard) > (long)SilenceLimit.TotalMilliseconds)
                {
                    _up = false;
                    throw new TimeoutException($"{config.Name}: silent for {SilenceLimit.TotalSeconds} s during {command.Name}");
                }
                continue;
            }
            if (collector.Feed(line) is { } response)
            {
                RoundTrips.Count(command.Name);
                return response;
            }
        }
    }

    private async Task PumpAsync(Stream stream, ChannelWriter<AtResponseLine> writer)
    {
        try
        {
            var reader = new AtLineReader(stream);
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                // Garbage from the link is dropped; a command waiting for an answer then times out.
                Interlocked.Exchange(ref _lastHeard, Environment.TickCount64);
                if (line.Status != AtLineStatus.Ok) continue;
                var parsed = AtResponseLine.Parse(line.Text);
                // Unsolicited result codes are not part of any answer.
                if (parsed.Kind == AtResponseKind.Information && parsed.Name == AtCommands.Event) continue;
                await writer.WriteAsync(parsed).ConfigureAwait(false);
            }
        }
        catch (SecureLinkException e) when (_stream == stream)
        {
            // Modified, replayed, reordered or dropped: the session is over; a fresh handshake follows.
            log.WriteLine($"agent: {config.Name} ({config.Address}): {e.Message}; closing the link");
        }
        catch (Exception)
        {
            // The link broke; closing the channel fails the waiting command at once.
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task CloseAsync()
    {
        _up = false;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is { } c)
            {
                _connection = null;
                await c.DisposeAsync().ConfigureAwait(false);
            }
            if (_stream is { } s)
            {
                // Wipes the session keys; the next connection runs a fresh handshake.
                _stream = null;
                await s.DisposeAsync().ConfigureAwait(false);
            }
            _incoming = null;
        }
        finally
        {
            _gate.Release();
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
