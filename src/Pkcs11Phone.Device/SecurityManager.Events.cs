using System.Collections.Concurrent;
using System.Threading.Channels;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>
/// The security manager's unsolicited events (+P11EV): token changes, PIN lockouts, logouts of its own
/// (idle time-out) and approvals in progress. The link writes them between answers; an event caused by a
/// command is queued before that command's answer, so the computer sees it first.
/// </summary>
public sealed partial class SecurityManager
{
    /// <summary>Events waiting to be written on the link; the oldest are dropped if nobody reads them (no link).</summary>
    private readonly Channel<AtResponseLine> _events = Channel.CreateBounded<AtResponseLine>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>The events to write on the link, in order.</summary>
    public ChannelReader<AtResponseLine> Events => _events.Reader;

    /// <summary>When set, a client that sends nothing for this long is logged out of every token by the phone (the computer is told with a logged-out event).</summary>
    public TimeSpan? LogoutAfter { get; init; }

    private readonly Lock _announceGate = new();
    private ulong[] _announcedGeneration = [];
    private ulong[] _announcedLocks = [];

    private static readonly ulong LockFlags = (ulong)(CKF.USER_PIN_LOCKED | CKF.SO_PIN_LOCKED);

    private void Raise(ulong @event, ulong token, ulong value) => _events.Writer.TryWrite(P11Events.Line(@event, token, value));

    /// <summary>A new session of the computer: it reads every catalogue, so events start from what it reads now.</summary>
    private void StartAnnouncing()
    {
        lock (_announceGate)
        {
            while (_events.Reader.TryRead(out _)) { }
            var tokens = crypto.Tokens;
            _announcedGeneration = new ulong[tokens.Count];
            _announcedLocks = new ulong[tokens.Count];
            for (int i = 0; i < tokens.Count; i++)
            {
                _announcedGeneration[i] = tokens[i].Generation;
                _announcedLocks[i] = tokens[i].Info.Flags & LockFlags;
            }
        }
    }

    /// <summary>Queues an event for every token whose generation moved since it was last announced: a PIN newly locked, or a change.</summary>
    private void Announce()
    {
        if (SelectedVersion == 0) return;
        lock (_announceGate)
        {
            var tokens = crypto.Tokens;
            for (int i = 0; i < tokens.Count && i < _announcedGeneration.Length; i++)
            {
                ulong generation = tokens[i].Generation;
                if (generation == _announcedGeneration[i]) continue;
                ulong locks = tokens[i].Info.Flags & LockFlags;
                Raise((locks & ~_announcedLocks[i]) != 0 ? P11Events.PinLocked : P11Events.Changed, (ulong)i, generation);
                _announcedGeneration[i] = generation;
                _announcedLocks[i] = locks;
            }
        }
    }

    /// <summary>When each client last sent a command (Environment.TickCount64), for the idle logout.</summary>
    private readonly ConcurrentDictionary<string, long> _lastUse = new();

    private void Used(string client) => _lastUse[client] = Environment.TickCount64;

    /// <summary>
    /// Housekeeping, called about twice a second by the link: logs out clients idle for longer than
    /// <see cref="LogoutAfter"/>, and says so with a logged-out event per token.
    /// </summary>
    public void Tick()
    {
        if (LogoutAfter is not { } limit || SelectedVersion == 0) return;
        long now = Environment.TickCount64;
        var tokens = crypto.Tokens;
        foreach (var (client, last) in _lastUse)
        {
            if (now - last < (long)limit.TotalMilliseconds) continue;
            _lastUse.TryRemove(client, out _);
            for (int i = 0; i < tokens.Count; i++)
            {
                bool loggedOut;
                lock (_tokenGate)
                    loggedOut = tokens[i].LoggedInAs(client) is not null && tokens[i].Logout(client) == CKR.OK;
                if (loggedOut) Raise(P11Events.LoggedOut, (ulong)i, tokens[i].Generation);
            }
        }
        Announce();
    }
}
