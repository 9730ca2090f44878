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

    public async Task RunAsync(Socket listener, CancellationToken ct)
    {
        var tasks = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct).ConfigureAwait(false);
                if (!PeerCredentials.IsSameUser(client, out var why))
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
                tasks.Add(ServeClientAsync(client, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task ServeClientAsync(Socket client, CancellationToken ct)
    {
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: true);
            var reader = new AtLineReader(stream);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                var reply = await HandleAsync(line).ConfigureAwait(false);
                await stream.WriteAsync(AtWire.Response(reply), ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the agent is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _clients);
        }
    }

    /// <summary>How long a request waits for links that have not finished their first connection attempt (a freshly started agent).</summary>
    public static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(3);

    /// <summary>Answers one line from a module. Never throws.</summary>
    public async Task<IReadOnlyList<AtResponseLine>> HandleAsync(AtLine line)
    {
        var first = Task.WhenAll(links.Select(l => l.FirstAttempt));
        if (!first.IsCompleted) await Task.WhenAny(first, Task.Delay(FirstAttemptWait)).ConfigureAwait(false);
        return Handle(line);
    }

    /// <summary>Answers one line from a module with what the links know now. Never throws.</summary>
    public IReadOnlyList<AtResponseLine> Handle(AtLine line)
    {
        if (!AtReplies.TryAccept(line, AtScope.Agent, out var command, out _, out var fault)) return fault;
        if (!command.IsExtended) return [AtResponseLine.Ok];
        ulong tag = command.Args[0].Number;
        try
        {
            return command.Name switch
            {
                AtCommands.Ping => AtReplies.Tagged(tag, CKR.OK),
                AtCommands.Slots => AtReplies.Tagged(tag, CKR.OK, Slots().Select(s => AtResponseLine.Info(AtCommands.Slots, [tag, s.Id, .. s.Info.ToValues()]))),
                AtCommands.Token => Token(tag, command),
                AtCommands.Mech => Mechanisms(tag, command.Args[1].Number),
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
                    new P11SlotInfo(link.IsUp && t < link.Tokens.Count, $"{link.Config.Name}{label}", "Pkcs11Phone"));
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

    private List<AtResponseLine> Mechanisms(ulong tag, ulong slot)
    {
        if (!TryFind(slot, out _, out var token, out var rv)) return AtReplies.Tagged(tag, rv);
        return AtReplies.Tagged(tag, CKR.OK, token!.Mechanisms.Select(m => AtResponseLine.Info(AtCommands.Mech, [tag, slot, .. m.ToValues()])));
    }
}
