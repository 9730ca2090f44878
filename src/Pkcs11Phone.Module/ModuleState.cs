using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>Everything C_Initialize sets up and C_Finalize tears down: the agent connection, sessions, login state, catalogues.</summary>
internal sealed class ModuleState(AgentClient agent, AgentClient events, int pid) : IDisposable
{
    public AgentClient Agent { get; } = agent;

    /// <summary>A second connection for C_WaitForSlotEvent, so a blocked wait holds no other call up.</summary>
    public AgentClient Events { get; } = events;

    /// <summary>Cancelled by C_Finalize: a blocked C_WaitForSlotEvent then returns CKR_CRYPTOKI_NOT_INITIALIZED.</summary>
    public CancellationTokenSource Finalizing { get; } = new();

    /// <summary>Token presence per slot as last reported by C_WaitForSlotEvent (null until its first call).</summary>
    public Dictionary<nuint, (bool Present, ulong Epoch)>? SeenPresence { get; set; }
    public int Pid { get; } = pid;

    /// <summary>Guards everything below. Calls to the agent are made outside it where they may take long.</summary>
    public Lock Gate { get; } = new();

    private ulong _nextSession;
    private ulong _nextObject;
    public Dictionary<nuint, Session> Sessions { get; } = [];
    public Dictionary<nuint, SlotState> Slots { get; } = [];

    /// <summary>Phone session objects of closed sessions, to destroy on the phone once the gate is released.</summary>
    public List<(nuint Slot, nuint Handle)> PendingPhoneDestroys { get; } = [];

    public SlotState Slot(nuint slotId)
    {
        if (!Slots.TryGetValue(slotId, out var slot)) Slots[slotId] = slot = new SlotState(slotId);
        return slot;
    }

    public nuint NewSessionHandle() => (nuint)(++_nextSession);

    /// <summary>Handles of objects kept on the computer; the phone's own handles stay below 2^62.</summary>
    public nuint NewLocalObjectHandle() => (nuint)((1UL << 62) | ++_nextObject);

    public static bool IsLocalHandle(nuint handle) => ((ulong)handle & (1UL << 62)) != 0;

    public Session Session(nuint handle) =>
        Sessions.TryGetValue(handle, out var s) ? s : throw new CkException(CKR.SESSION_HANDLE_INVALID);

    public void Dispose()
    {
        Finalizing.Cancel();
        Agent.Dispose();
        Events.Dispose();
    }
}

/// <summary>Per slot: who is logged in (PKCS#11 keeps it per application and token), and the synced catalogue.</summary>
internal sealed class SlotState(nuint id)
{
    public nuint Id { get; } = id;

    /// <summary>The agent's connection count for the phone when this slot's sessions were opened (0: none open).</summary>
    public ulong Epoch { get; set; }

    /// <summary>CKU_USER or CKU_SO while logged in.</summary>
    public nuint? LoggedInAs { get; set; }

    /// <summary>The phone's objects as last synced (generation 0 = never).</summary>
    public ulong Generation { get; set; }
    public Dictionary<nuint, P11Object> PhoneObjects { get; set; } = [];

    /// <summary>Session objects kept on the phone (private keys with CKA_TOKEN=false), by the session that owns them.</summary>
    public Dictionary<nuint, nuint> PhoneSessionObjects { get; } = [];

    /// <summary>Session objects kept on the computer (public keys, certificates, data, unwrapped secret keys).</summary>
    public Dictionary<nuint, LocalObject> LocalObjects { get; } = [];
}

/// <summary>A session object held on the computer, owned by one session.</summary>
internal sealed record LocalObject(nuint Handle, nuint Session, List<P11Attribute> Attributes);

/// <summary>One session: its slot, kind, and the operations under way.</summary>
internal sealed class Session(nuint handle, nuint slot, bool readWrite)
{
    public nuint Handle { get; } = handle;
    public nuint SlotId { get; } = slot;
    public bool ReadWrite { get; } = readWrite;
    public FindOperation? Find { get; set; }
    public CryptoOperation? Sign { get; set; }
    public CryptoOperation? Verify { get; set; }
    public CryptoOperation? Encrypt { get; set; }
    public CryptoOperation? Decrypt { get; set; }
    public CryptoOperation? Digest { get; set; }

    public void CancelAll()
    {
        Find = null;
        Sign = Verify = Encrypt = Decrypt = Digest = null;
    }
}

internal sealed class FindOperation(List<nuint> results)
{
    public List<nuint> Results { get; } = results;
    public int Position { get; set; }
}

/// <summary>A cryptographic operation between its Init and its last call.</summary>
internal sealed class CryptoOperation(nuint mechanism, P11Mechanism parameters, nuint key)
{
    public nuint Mechanism { get; } = mechanism;
    public P11Mechanism Parameters { get; } = parameters;
    public nuint Key { get; } = key;

    /// <summary>Data gathered by Update calls (multi-part operations send one command at Final).</summary>
    public MemoryStream Buffer { get; } = new();

    /// <summary>The running hash of hash-and-sign and digest mechanisms (the computer hashes; the phone signs the digest).</summary>
    public Org.BouncyCastle.Crypto.IDigest? Hash { get; set; }

    /// <summary>The hash mechanism behind <see cref="Hash"/> (CKM_SHA*), for the DigestInfo.</summary>
    public nuint HashMechanism { get; set; }

    /// <summary>A result made for a buffer that was too small, kept for the retry (never made twice).</summary>
    public byte[]? Pending { get; set; }

    /// <summary>True once C_xxxUpdate was called: the single-part call is then not allowed.</summary>
    public bool MultiPart { get; set; }

    /// <summary>CKU_CONTEXT_SPECIFIC login done for a key with CKA_ALWAYS_AUTHENTICATE.</summary>
    public bool ContextAuthenticated { get; set; }
}
