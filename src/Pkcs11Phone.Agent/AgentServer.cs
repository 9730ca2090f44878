using System.Net.Sockets;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Agent;

/// <summary>
/// The agent's Unix socket: modules of every process of this user connect here. Each client sends AT
/// command lines of the agent scope (see docs/protocol.md); the agent answers what it knows from its
/// links, and forwards to the phone only what needs the phone.
/// </summary>
public sealed class AgentServer(IReadOnlyList<PhoneLink> links, TextWriter log)
{
    /// <summary>Slot IDs are phone index * this + token index.</summary>
    public const int MaxTokensPerPhone = 16;
    public const int MaxClients = 256;

    private int _clients;
    private long _clientCounter;

    /// <summary>One connected module: its ID (the phone keeps login state per ID) and its staged data.</summary>
    public sealed class ClientContext(string id)
    {
        public string Id { get; } = id;
        /// <summary>Values the module is staging, one per tag (a module's threads send requests side by side).</summary>
        public BlobStages Stages { get; } = new();

        /// <summary>Set once the client sent the phone something that leaves state there (a login, an object).</summary>
        public bool UsedPhone { get; set; }
    }

    public async Task RunAsync(Socket listener, CancellationToken ct)
    {
        var tasks = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct).ConfigureAwait(false);
                if (!PeerCredentials.IsSameUser(client, out var why, out int pid))
                {
                    log.WriteLine($"agent: refused a client: {why}");
                    client.Dispose();
                    continue;
                }
                if (Interlocked.Increment(ref _clients) > MaxClients)
                {
                    Interlocked.Decrement(ref _clients);
                    log.WriteLine($"agent: refused a client: more than {MaxClients} connected");
                    client.Dispose();
                    continue;
                }
                tasks.RemoveAll(t => t.IsCompleted);
                var context = new ClientContext($"{ProcessName(pid)}[{pid}].{Interlocked.Increment(ref _clientCounter)}");
                tasks.Add(ServeClientAsync(client, context, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task ServeClientAsync(Socket client, ClientContext context, CancellationToken ct)
    {
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: true);
            var reader = new AtLineReader(stream);
            using var write = new SemaphoreSlim(1, 1);
            // Cancelled when the module goes away: its commands in hand are withdrawn on the phone.
            using var gone = CancellationTokenSource.CreateLinkedTokenSource(ct);
            async Task AnswerAsync(Request request)
            {
                var reply = await HandleAsync(request, context, gone.Token).ConfigureAwait(false);
                await write.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    await stream.WriteAsync(AtWire.Response(reply), ct).ConfigureAwait(false);
                }
                finally
                {
                    write.Release();
                }
            }
            // A module's threads may have several requests in hand: what goes to the phone is answered when
            // the phone answers, and meanwhile the agent answers the others (the tags say which is which).
            var inHand = new List<Task>();
            try
            {
                while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                {
                    inHand.RemoveAll(t => t.IsCompleted);
                    var request = Request.Of(line);
                    if (request.Forwarded && inHand.Count < MaxInHandPerClient) inHand.Add(AnswerAsync(request));
                    else await AnswerAsync(request).ConfigureAwait(false);
                }
            }
            finally
            {
                if (inHand.Any(t => !t.IsCompleted)) await gone.CancelAsync().ConfigureAwait(false);
            }
            await Task.WhenAll(inHand).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the agent is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _clients);
            await EndClientAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>Most phone commands one module connection may have in hand at once; more wait their turn.</summary>
    public const int MaxInHandPerClient = 16;

    /// <summary>A module's line, read once: the command it carries, or the fault to answer.</summary>
    public sealed record Request(AtCommandLine Command, AtCommandSpec? Spec, List<AtResponseLine>? Fault)
    {
        public static Request Of(AtLine line) =>
            AtReplies.TryAccept(line, AtScope.Agent, out var command, out var spec, out var fault) ? new(command, spec, null) : new(command, spec, fault);

        /// <summary>Whether it goes to the phone (else the agent answers it itself).</summary>
        public bool Forwarded => Fault is null && Command.IsExtended && Spec is not null && AgentServer.Forwarded.Contains(Command.Name);
    }

    /// <summary>
    /// How long after the agent starts a request waits for the phones to come up: the module starts the
    /// agent on its first call, and a phone that is there should be seen by that call.
    /// </summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(3);

    private readonly DateTime _started = DateTime.UtcNow;

    /// <summary>Answers one line from a module. Never throws.</summary>
    public Task<IReadOnlyList<AtResponseLine>> HandleAsync(AtLine line, ClientContext client, CancellationToken ct) =>
        HandleAsync(Request.Of(line), client, ct);

    private async Task<IReadOnlyList<AtResponseLine>> HandleAsync(Request request, ClientContext client, CancellationToken ct)
    {
        var remaining = _started + StartupWait - DateTime.UtcNow;
        if (remaining > TimeSpan.Zero && !links.All(l => l.IsUp))
        {
            var up = Task.WhenAll(links.Select(l => l.FirstUp));
            await Task.WhenAny(up, Task.Delay(remaining, ct)).ConfigureAwait(false);
        }
        // Faults are answered as V.250 says; forwarded commands go to the phone.
        if (request.Fault is { } fault) return fault;
        var (command, spec) = (request.Command, request.Spec);
        if (request.Forwarded)
        {
            try
            {
                return await ForwardAsync(command, spec!, client, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.WriteLine($"agent: {command.Name} for client {client.Id} failed: {e.Message}");
                return AtReplies.Tagged(command.Args[0].Number, e is LinkDownException ? CKR.DEVICE_REMOVED : CKR.DEVICE_ERROR);
            }
        }
        if (command.IsExtended && command.Name == AtCommands.Data)
            return AtReplies.Tagged(command.Args[0].Number, client.Stages.Add(command.Args[0].Number, command.Args[1], command.Args[2], command.Args[3]));
        // Any other command with a tag drops what was staged under it, as on the link.
        if (spec is { Tagged: true }) client.Stages.Discard(command.Args[0].Number);
        return Answer(command, client);
    }

    /// <summary>The commands that need the phone; the agent answers the others itself.</summary>
    private static readonly HashSet<string> Forwarded =
    [
        AtCommands.Login, AtCommands.Logout, AtCommands.InitToken, AtCommands.InitPin, AtCommands.SetPin,
        AtCommands.GenerateKeyPair, AtCommands.Create, AtCommands.Destroy, AtCommands.Copy, AtCommands.SetAttributes,
        AtCommands.Sign, AtCommands.Decrypt, AtCommands.Random,
    ];

    /// <summary>
    /// Sends a module's command to the phone that holds its slot: the slot becomes the token index, the
    /// client becomes this connection's ID (a module cannot speak for another), staged data is staged again
    /// on the link, and the answer comes back with the module's tag.
    /// </summary>
    private async Task<IReadOnlyList<AtResponseLine>> ForwardAsync(AtCommandLine command, AtCommandSpec spec, ClientContext client, CancellationToken ct)
    {
        ulong tag = command.Args[0].Number;
        if (!TryFind(command.Args[1].Number, out var link, out _, out var rv)) return AtReplies.Tagged(tag, rv);
        int token = (int)(command.Args[1].Number % MaxTokensPerPhone);
        var args = command.Args.Skip(1).ToArray();
        args[0] = token;
        int clientIndex = Array.FindIndex(spec.Params, p => p.Name == "client") - 1;
        if (clientIndex >= 0) args[clientIndex] = client.Id;
        byte[]? blob = null;
        int blobIndex = -1;
        var p = spec.Params;
        if (p.Length >= 2 && p[^2].Name == p[^1].Name + "len")
        {
            blobIndex = p.Length - 3;
            if (!client.Stages.TryResolve(tag, command.Args, p.Length - 2, out blob)) return AtReplies.Tagged(tag, CKR.ARGUMENTS_BAD);
        }
        else client.Stages.Discard(tag);
        client.UsedPhone = true;
        var response = await link.OperateAsync(command.Name, args, blob, blobIndex, ct).ConfigureAwait(false);
        // What the command changed on the phone was announced before its answer: wait until the agent's copy has it.
        await link.SettledAsync(token).ConfigureAwait(false);
        var lines = response.Lines
            .Select(l => l.Kind == AtResponseKind.Information && l.Values.Count > 0 ? l with { Values = [tag, .. l.Values.Skip(1)] } : l)
            .ToList();
        lines.Add(response.Final);
        return lines;
    }

    /// <summary>The short name of a local process (/proc/PID/comm), shown on the phone when it asks for approval.</summary>
    private static string ProcessName(int pid)
    {
        try
        {
            var name = File.ReadAllText($"/proc/{pid}/comm").Trim();
            var clean = new string(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(32).ToArray());
            return clean.Length > 0 ? clean : "process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "process";
        }
    }

    /// <summary>A module disconnected: the phones log it out and drop its session objects.</summary>
    private async Task EndClientAsync(ClientContext client)
    {
        if (!client.UsedPhone) return;
        foreach (var link in links.Where(l => l.IsUp))
        {
            try
            {
                await link.OperateAsync(AtCommands.End, [client.Id], null, -1, CancellationToken.None, housekeeping: true).ConfigureAwait(false);
                for (int t = 0; t < link.Tokens.Count; t++) await link.SettledAsync(t).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                log.WriteLine($"agent: ending client {client.Id}: {e.Message}");
            }
        }
    }

    /// <summary>The +P11STATS counter of commands waiting for the phone's user to approve them.</summary>
    public const string ApprovalsPending = "approvals-pending";

    /// <summary>Answers one line from a module with what the links know now. Never throws.</summary>
    public IReadOnlyList<AtResponseLine> Handle(AtLine line, ClientContext? client = null) =>
        AtReplies.TryAccept(line, AtScope.Agent, out var command, out _, out var fault) ? Answer(command, client) : fault;

    /// <summary>Answers an accepted command that the agent answers itself.</summary>
    private IReadOnlyList<AtResponseLine> Answer(AtCommandLine command, ClientContext? client)
    {
        // Of the basic commands the agent takes "AT" (a liveness check), "ATE0", and "ATI", which names its
        // command table: a module checks it when it connects, to notice an agent from another build.
        if (!command.IsExtended)
        {
            if (command.Name == "I" && command.Args.Count == 0) return [AtResponseLine.Plain(AtCommands.AgentIdentification), AtResponseLine.Ok];
            return command.Name == AtCommandLine.Attention || (command.Name == "E" && (command.Args.Count == 0 || command.Args[0].Number == 0))
                ? [AtResponseLine.Ok] : [AtResponseLine.Error];
        }
        ulong tag = command.Args[0].Number;
        try
        {
            return command.Name switch
            {
                AtCommands.Ping => AtReplies.Tagged(tag, CKR.OK),
                AtCommands.Slots => AtReplies.Tagged(tag, CKR.OK, Slots().Select(s => AtResponseLine.Info(AtCommands.Slots, [tag, s.Id, .. s.Info.ToValues()]))),
                AtCommands.Token => Token(tag, command),
                AtCommands.Mech => Mechanisms(tag, command.Args[1].Number),
                AtCommands.Catalogue => Catalogue(tag, command.Args[1].Number, command.Args[2].Number, client),
                AtCommands.Stats => AtReplies.Tagged(tag, CKR.OK, links.SelectMany((l, i) => l.RoundTrips.Snapshot()
                    .Concat(l.Events.Snapshot().Select(e => KeyValuePair.Create(AtCommands.Event + ":" + e.Key, e.Value)))
                    .Append(KeyValuePair.Create(ApprovalsPending, (long)l.PendingApprovals))
                    .OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => AtResponseLine.Info(AtCommands.Stats, tag, i, c.Key, (ulong)c.Value)))),
                _ => AtReplies.Fault(AtCmeError.OperationNotSupported),
            };
        }
        catch (Exception e)
        {
            log.WriteLine($"agent: {command.Name} failed: {e.Message}");
            return AtReplies.Tagged(tag, CKR.GENERAL_ERROR);
        }
    }

    /// <summary>One slot per token of every configured phone; a phone never seen gets one slot, with no token.</summary>
    public IEnumerable<(ulong Id, P11SlotInfo Info)> Slots()
    {
        for (int p = 0; p < links.Count; p++)
        {
            var link = links[p];
            int count = Math.Max(1, link.Tokens.Count);
            for (int t = 0; t < count; t++)
            {
                var label = t < link.Tokens.Count ? " " + link.Tokens[t].Info.Model : "";
                yield return ((ulong)(p * MaxTokensPerPhone + t),
                    new P11SlotInfo(link.IsUp && t < link.Tokens.Count, $"{link.Config.Name}{label}", "Pkcs11Phone", link.Epoch));
            }
        }
    }

    private bool TryFind(ulong slot, out PhoneLink link, out TokenSnapshot? token, out ulong rv)
    {
        link = null!;
        token = null;
        ulong phone = slot / MaxTokensPerPhone, index = slot % MaxTokensPerPhone;
        if (phone >= (ulong)links.Count) { rv = CKR.SLOT_ID_INVALID; return false; }
        link = links[(int)phone];
        var tokens = link.Tokens;
        if (index >= (ulong)Math.Max(1, tokens.Count)) { rv = CKR.SLOT_ID_INVALID; return false; }
        if (!link.IsUp || index >= (ulong)tokens.Count) { rv = CKR.TOKEN_NOT_PRESENT; return false; }
        token = tokens[(int)index];
        rv = CKR.OK;
        return true;
    }

    private List<AtResponseLine> Token(ulong tag, AtCommandLine command)
    {
        if (command.Args.Count < 2 || command.Args[1].Kind != AtValueKind.Number)
        {
            var all = Slots().Where(s => s.Info.TokenPresent)
                .Select(s => TryFind(s.Id, out _, out var t, out _) ? AtResponseLine.Info(AtCommands.Token, [tag, s.Id, .. t!.Info.ToValues()]) : null)
                .OfType<AtResponseLine>();
            return AtReplies.Tagged(tag, CKR.OK, all);
        }
        ulong slot = command.Args[1].Number;
        if (!TryFind(slot, out _, out var token, out var rv)) return AtReplies.Tagged(tag, rv);
        return AtReplies.Tagged(tag, CKR.OK, [AtResponseLine.Info(AtCommands.Token, [tag, slot, .. token!.Info.ToValues()])]);
    }

    /// <summary>The catalogue as the agent last read it from the phone: answered without a link round trip.</summary>
    private List<AtResponseLine> Catalogue(ulong tag, ulong slot, ulong known, ClientContext? client)
    {
        if (!TryFind(slot, out _, out var token, out var rv)) return AtReplies.Tagged(tag, rv);
        bool changed = token!.Generation != known;
        // Session objects are the owning application's only; the owner mark stays between agent and phone.
        var objects = token.Objects
            .Where(o => o.Find(P11Attribute.OwnerType) is not { } owner || (client is not null && System.Text.Encoding.UTF8.GetString(owner.Value) == client.Id))
            .Select(o => o.Find(P11Attribute.OwnerType) is null ? o : o with { Attributes = [.. o.Attributes.Where(a => a.Type != P11Attribute.OwnerType)] })
            .ToList();
        var lines = new List<AtResponseLine> { AtResponseLine.Info(AtCommands.Catalogue, tag, slot, token.Generation, changed ? 1 : 0, changed ? (ulong)objects.Count : 0) };
        if (changed)
        {
            foreach (var o in objects)
            {
                var (len, text, chunks) = AtBlobs.ForResponse(tag, P11Binary.EncodeAttributes(o.Attributes));
                lines.AddRange(chunks);
                lines.Add(AtResponseLine.Info(AtCommands.Object, tag, o.Handle, len, text));
            }
        }
        return AtReplies.Tagged(tag, CKR.OK, lines);
    }

    private List<AtResponseLine> Mechanisms(ulong tag, ulong slot)
    {
        if (!TryFind(slot, out _, out var token, out var rv)) return AtReplies.Tagged(tag, rv);
        return AtReplies.Tagged(tag, CKR.OK, token!.Mechanisms.Select(m => AtResponseLine.Info(AtCommands.Mech, [tag, slot, .. m.ToValues()])));
    }
}
