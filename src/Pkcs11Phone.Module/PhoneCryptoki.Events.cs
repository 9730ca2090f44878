using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>C_WaitForSlotEvent (PKCS#11 v2.40 5.5): a token appearing or going away as the agent's links see the phone.</summary>
public sealed unsafe partial class PhoneCryptoki
{
    /// <summary>How often a blocking wait asks the agent (a local call; the agent learns of the phone by its pings).</summary>
    private static readonly TimeSpan EventPoll = TimeSpan.FromMilliseconds(200);

    public nuint WaitForSlotEvent(nuint flags, nuint* pSlot, void* pReserved) => Run(() =>
    {
        var state = State;
        if (pSlot is null || pReserved is not null) throw new CkException(CKR.ARGUMENTS_BAD);
        while (true)
        {
            if (state.Finalizing.IsCancellationRequested) throw new CkException(CKR.CRYPTOKI_NOT_INITIALIZED);
            var now = PresenceAndEpoch(state.Events);
            lock (state.Gate)
            {
                // The first call takes the present state as its starting point.
                state.SeenPresence ??= now;
                foreach (var (slot, present) in now)
                {
                    if (state.SeenPresence.TryGetValue(slot, out var seen) ? seen == present : !present.Present) continue;
                    state.SeenPresence[slot] = present;
                    *pSlot = slot;
                    return;
                }
                foreach (var slot in state.SeenPresence.Keys.Where(k => !now.ContainsKey(k)).ToList())
                {
                    state.SeenPresence.Remove(slot);
                    *pSlot = slot;
                    return;
                }
            }
            if ((flags & CKF.DONT_BLOCK) != 0) throw new CkException(CKR.NO_EVENT);
            if (state.Finalizing.Token.WaitHandle.WaitOne(EventPoll)) throw new CkException(CKR.CRYPTOKI_NOT_INITIALIZED);
        }
    });

    /// <summary>Presence with the connection count, so a phone that went away and came back between two looks is an event too.</summary>
    private static Dictionary<nuint, (bool Present, ulong Epoch)> PresenceAndEpoch(AgentClient agent)
    {
        var r = agent.Send(AtCommands.Slots);
        CheckRv(r);
        var presence = new Dictionary<nuint, (bool, ulong)>();
        foreach (var line in r.Info(AtCommands.Slots))
            if (P11SlotInfo.TryParse(line.Values, 2, out var info)) presence[(nuint)line.Values[1].Number] = (info.TokenPresent, info.Epoch);
        return presence;
    }
}
