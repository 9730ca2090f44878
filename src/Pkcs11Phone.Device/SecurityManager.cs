using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>
/// The phone's security manager: takes AT+ command lines from the link, checks them against the
/// shared command table, and answers from the crypto module. Never throws on bad input.
/// </summary>
public sealed partial class SecurityManager(ICryptoModule crypto, string softwareVersion)
{
    /// <summary>Decides on every private-key use (approval on the phone); allows everything when not set.</summary>
    public Approval.IApprover? Approver { get; init; }

    /// <summary>Reads PINs on the phone for tokens with a protected authentication path; without it a login with no PIN fails as a wrong PIN.</summary>
    public Approval.IPinPad? PinPad { get; init; }

    /// <summary>The name of the computer on the link, shown in approval prompts.</summary>
    public string ComputerName { get; set; } = "The computer";

    /// <summary>The protocol version the computer selected with AT+P11VER=; 0 until then.</summary>
    public ulong SelectedVersion { get => Volatile.Read(ref _selectedVersion); private set => Volatile.Write(ref _selectedVersion, value); }

    private ulong _selectedVersion;

    /// <summary>Answers one line completely (in the calling thread).</summary>
    public IReadOnlyList<AtResponseLine> Handle(AtLine line)
    {
        var work = Take(line);
        return work.Reply ?? work.Run!();
    }

    /// <summary>
    /// What a line asks for: a reply made at once (AT basics, versions, staged data, pings, faults), or a
    /// piece of work to run on its own thread: every token command, since one may wait for the phone's user
    /// (an approval, a PIN) or compute long (an RSA key generation), and the link must go on meanwhile.
    /// Lines must be taken in the order they arrive (staged data comes before the command that uses it);
    /// the work of one client must run in that order too (<see cref="LinkWork.Client"/>).
    /// </summary>
    public LinkWork Take(AtLine line)
    {
        if (!AtReplies.TryAccept(line, AtScope.Link, out var command, out var spec, out var fault)) return LinkWork.Now(fault);
        ulong? tag = spec is { Tagged: true } ? command.Args[0].Number : null;
        if (!command.IsExtended) return LinkWork.Now(Guard(command, tag, Basic));
        if (command.Name is AtCommands.Gcap or AtCommands.Ver or AtCommands.Data or AtCommands.Ping or AtCommands.Cancel || SelectedVersion == 0)
            return LinkWork.Now(Guard(command, tag, Extended));
        int client = Array.FindIndex(spec!.Params, p => p.Name == "client");
        var owner = client >= 0 && client < command.Args.Count && command.Args[client].Kind == AtValueKind.String ? command.Args[client].Text : null;
        // Work in hand can be withdrawn (AT+P11CANCEL) while it waits for the phone's user.
        var withdraw = new CancellationTokenSource();
        _inHand[tag!.Value] = withdraw;
        return LinkWork.Later(tag.Value, owner, () =>
        {
            t_withdrawn = withdraw.Token;
            try
            {
                return Guard(command, tag, Extended);
            }
            finally
            {
                t_withdrawn = default;
                _inHand.TryRemove(new KeyValuePair<ulong, CancellationTokenSource>(tag.Value, withdraw));
                withdraw.Dispose();
            }
        });
    }

    /// <summary>The commands in hand by tag, to withdraw one that waits for the phone's user.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, CancellationTokenSource> _inHand = new();

    /// <summary>Cancelled when the command this thread works on is withdrawn.</summary>
    [ThreadStatic]
    private static CancellationToken t_withdrawn;

    private List<AtResponseLine> Withdraw(ulong tag, ulong target)
    {
        if (_inHand.TryGetValue(target, out var cts))
        {
            try { cts.Cancel(); } catch (ObjectDisposedException) { }
        }
        return AtReplies.Tagged(tag, CKR.OK);
    }

    private static List<AtResponseLine> Guard(AtCommandLine command, ulong? tag, Func<AtCommandLine, List<AtResponseLine>> answer)
    {
        try
        {
            return answer(command);
        }
        catch (Exception)
        {
            // A fault of the phone itself: report it without taking the link down.
            return tag is { } t ? AtReplies.Tagged(t, CKR.DEVICE_ERROR) : AtReplies.Fault(AtCmeError.Unknown);
        }
    }

    /// <summary>Binary values being staged by AT+P11DATA, one per tag, for the command with that tag.</summary>
    private readonly BlobStages _stages = new();

    /// <summary>Forgets the selected version and any staged data, as when a new computer connects.</summary>
    public void Reset()
    {
        SelectedVersion = 0;
        _stages.Clear();
    }

    private List<AtResponseLine> Basic(AtCommandLine c) => c.Name switch
    {
        AtCommandLine.Attention => [AtResponseLine.Ok],
        // Echo is never on: the computer sends ATE0 first, and ATE1 is refused.
        "E" when c.Args.Count == 0 || c.Args[0].Number == 0 => [AtResponseLine.Ok],
        "I" when c.Args.Count == 0 => [AtResponseLine.Plain("Pkcs11Phone security manager " + softwareVersion), AtResponseLine.Ok],
        _ => [AtResponseLine.Error],
    };

    private List<AtResponseLine> Extended(AtCommandLine c)
    {
        switch (c.Name)
        {
            case AtCommands.Gcap:
                // V.250 lists capabilities as bare words, which are not values: sent as text.
                return [AtResponseLine.Plain(AtCommands.Gcap + ": " + AtSyntax.Prefix), AtResponseLine.Ok];
            case AtCommands.Ver:
                return Version(c);
        }
        if (SelectedVersion == 0) return AtReplies.Fault(AtCmeError.OperationNotAllowed);
        ulong tag = c.Args[0].Number;
        if (c.Name == AtCommands.Data) return AtReplies.Tagged(tag, _stages.Add(tag, c.Args[1], c.Args[2], c.Args[3]));
        if (c.Name == AtCommands.Cancel) return Withdraw(tag, c.Args[1].Number);
        try
        {
            return TokenCommand(tag, c) ?? Informational(tag, c);
        }
        finally
        {
            _stages.Discard(tag);
            // Whatever a token command changed is announced before its answer goes out (a ping or a list changes nothing).
            if (c.Name is not (AtCommands.Ping or AtCommands.Token or AtCommands.Mech)) Announce();
        }
    }

    private List<AtResponseLine> Informational(ulong tag, AtCommandLine c)
    {
        var tokens = crypto.Tokens;
        switch (c.Name)
        {
            case AtCommands.Ping:
                return AtReplies.Tagged(tag, CKR.OK);
            case AtCommands.Token:
            {
                var info = new List<AtResponseLine>();
                for (int i = 0; i < tokens.Count; i++)
                {
                    if (c.Args.Count > 1 && c.Args[1].Kind == AtValueKind.Number && c.Args[1].Number != (ulong)i) continue;
                    info.Add(AtResponseLine.Info(AtCommands.Token, [tag, i, .. tokens[i].Info.ToValues()]));
                }
                bool one = c.Args.Count > 1 && c.Args[1].Kind == AtValueKind.Number;
                return AtReplies.Tagged(tag, one && info.Count == 0 ? CKR.SLOT_ID_INVALID : CKR.OK, info);
            }
            case AtCommands.Mech:
            {
                ulong index = c.Args[1].Number;
                if (index >= (ulong)tokens.Count) return AtReplies.Tagged(tag, CKR.SLOT_ID_INVALID);
                var info = tokens[(int)index].Mechanisms.Select(m => AtResponseLine.Info(AtCommands.Mech, [tag, index, .. m.ToValues()]));
                return AtReplies.Tagged(tag, CKR.OK, info);
            }
            default:
                return AtReplies.Fault(AtCmeError.OperationNotSupported);
        }
    }

    private List<AtResponseLine> Version(AtCommandLine c)
    {
        switch (c.Form)
        {
            case AtForm.Test:
                // V.250 test-form answers list ranges in parentheses, which are not values: sent as text.
                return [AtResponseLine.Plain(AtCommands.Ver + ": (" + string.Join(",", AtCommands.Versions) + ")"), AtResponseLine.Ok];
            case AtForm.Read:
                return [AtResponseLine.Info(AtCommands.Ver, SelectedVersion, AtSyntax.MaxLineLength, "p11phone/" + softwareVersion), AtResponseLine.Ok];
            default:
                if (!AtCommands.Versions.Contains(c.Args[0].Number)) return AtReplies.Fault(AtCmeError.IncorrectParameters);
                SelectedVersion = c.Args[0].Number;
                // A new session of the computer: the clients of the last one are gone, with their logins.
                EndAllClients();
                StartAnnouncing();
                return [AtResponseLine.Ok];
        }
    }
}

/// <summary>
/// A line taken by the security manager: a reply to send now, or work to run and then answer. Work of the
/// same <see cref="Client"/> runs one at a time, in the order taken; other work may overlap it.
/// </summary>
public sealed record LinkWork(ulong Tag, IReadOnlyList<AtResponseLine>? Reply, Func<IReadOnlyList<AtResponseLine>>? Run, string? Client = null)
{
    public static LinkWork Now(IReadOnlyList<AtResponseLine> reply) => new(0, reply, null);

    public static LinkWork Later(ulong tag, string? client, Func<IReadOnlyList<AtResponseLine>> run) => new(tag, null, run, client);
}
