using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>Session management and login (PKCS#11 v2.40 sections 5.6 and 5.5 for the PIN functions).</summary>
public sealed unsafe partial class PhoneCryptoki
{
    /// <summary>Sends a command to the phone through the agent and fails with its CK_RV unless it is CKR_OK.</summary>
    private static AtResponse Phone(ModuleState state, string name, params AtValue[] args)
    {
        var r = state.Agent.Send(name, args);
        CheckRv(r);
        return r;
    }

    /// <summary>Token information as the agent has it; throws CKR_SLOT_ID_INVALID or CKR_TOKEN_NOT_PRESENT.</summary>
    private static P11TokenInfo TokenInfo(ModuleState state, nuint slotId)
    {
        var r = Phone(state, AtCommands.Token, (ulong)slotId);
        var line = r.Info(AtCommands.Token).FirstOrDefault() ?? throw new CkException(CKR.DEVICE_ERROR, "no token line");
        return P11TokenInfo.TryParse(line.Values, 2, out var t) ? t : throw new CkException(CKR.DEVICE_ERROR, "malformed token line");
    }

    /// <summary>
    /// Checks that the phone behind a slot is still on the connection this application's sessions were
    /// opened on. If it went away meanwhile (even if it is back), those sessions and the login are gone,
    /// as when a token is removed: CKR_DEVICE_REMOVED while it is away, CKR_SESSION_HANDLE_INVALID after.
    /// </summary>
    private static void EnsureSameLink(ModuleState state, nuint slotId)
    {
        var r = Phone(state, AtCommands.Slots);
        P11SlotInfo? now = null;
        foreach (var line in r.Info(AtCommands.Slots))
            if ((nuint)line.Values[1].Number == slotId && P11SlotInfo.TryParse(line.Values, 2, out var info)) now = info;
        lock (state.Gate)
        {
            var slot = state.Slot(slotId);
            bool sessions = state.Sessions.Values.Any(s => s.SlotId == slotId);
            if (now is { TokenPresent: true } && (!sessions || slot.Epoch == now.Epoch))
            {
                slot.Epoch = now.Epoch;
                return;
            }
            if (!sessions && now is null) throw new CkException(CKR.SLOT_ID_INVALID);
            if (!sessions) throw new CkException(CKR.TOKEN_NOT_PRESENT);
            foreach (var s in state.Sessions.Values.Where(s => s.SlotId == slotId).ToList()) state.Sessions.Remove(s.Handle);
            slot.LoggedInAs = null;
            slot.LocalObjects.Clear();
            slot.PhoneSessionObjects.Clear();
            slot.PhoneObjects = [];
            slot.Generation = 0;
            slot.Epoch = 0;
            throw new CkException(now is { TokenPresent: true } ? CKR.SESSION_HANDLE_INVALID : CKR.DEVICE_REMOVED);
        }
    }

    public nuint OpenSession(nuint slotID, nuint flags, void* pApplication, delegate* unmanaged<nuint, nuint, void*, nuint> Notify, nuint* phSession) => Run(() =>
    {
        var state = State;
        if (phSession is null) throw new CkException(CKR.ARGUMENTS_BAD);
        if ((flags & CKF.SERIAL_SESSION) == 0) throw new CkException(CKR.SESSION_PARALLEL_NOT_SUPPORTED);
        _ = TokenInfo(state, slotID);
        try
        {
            EnsureSameLink(state, slotID);
        }
        catch (CkException e) when (e.Rv == CKR.SESSION_HANDLE_INVALID)
        {
            // The old sessions were closed by the phone's absence; this new one starts on the new connection.
            EnsureSameLink(state, slotID);
        }
        bool rw = (flags & CKF.RW_SESSION) != 0;
        lock (state.Gate)
        {
            var slot = state.Slot(slotID);
            if (!rw && slot.LoggedInAs == CKU.SO) throw new CkException(CKR.SESSION_READ_WRITE_SO_EXISTS);
            var session = new Session(state.NewSessionHandle(), slotID, rw);
            state.Sessions[session.Handle] = session;
            *phSession = session.Handle;
        }
    });

    public nuint CloseSession(nuint hSession) => Run(() =>
    {
        var state = State;
        nuint slotId;
        bool last;
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            slotId = session.SlotId;
            state.Sessions.Remove(hSession);
            DropSessionObjects(state, session.Handle);
            last = !state.Sessions.Values.Any(s => s.SlotId == slotId);
        }
        FlushPhoneDestroys(state);
        if (last) EndLogin(state, slotId);
    });

    public nuint CloseAllSessions(nuint slotID) => Run(() =>
    {
        var state = State;
        _ = TokenInfo(state, slotID);
        lock (state.Gate)
        {
            foreach (var s in state.Sessions.Values.Where(s => s.SlotId == slotID).ToList())
            {
                state.Sessions.Remove(s.Handle);
                DropSessionObjects(state, s.Handle);
            }
        }
        FlushPhoneDestroys(state);
        EndLogin(state, slotID);
    });

    /// <summary>When the application's last session with a token closes, it is logged out (PKCS#11 5.6).</summary>
    private static void EndLogin(ModuleState state, nuint slotId)
    {
        bool wasLoggedIn;
        lock (state.Gate)
        {
            var slot = state.Slot(slotId);
            wasLoggedIn = slot.LoggedInAs is not null;
            slot.LoggedInAs = null;
        }
        if (wasLoggedIn)
        {
            try { state.Agent.Send(AtCommands.Logout, (ulong)slotId, ""); }
            catch (CkException) { /* The phone forgets the client anyway when the link or agent goes. */ }
        }
    }

    /// <summary>A closed session's objects go with it: here, and on the phone (called with the gate held; phone calls are queued).</summary>
    private static void DropSessionObjects(ModuleState state, nuint session)
    {
        foreach (var slot in state.Slots.Values)
        {
            foreach (var o in slot.LocalObjects.Values.Where(o => o.Session == session).ToList())
                slot.LocalObjects.Remove(o.Handle);
            foreach (var (handle, owner) in slot.PhoneSessionObjects.Where(p => p.Value == session).ToList())
            {
                slot.PhoneSessionObjects.Remove(handle);
                state.PendingPhoneDestroys.Add((slot.Id, handle));
            }
        }
    }

    /// <summary>Destroys on the phone the session objects of closed sessions (outside the gate).</summary>
    private static void FlushPhoneDestroys(ModuleState state)
    {
        List<(nuint Slot, nuint Handle)> pending;
        lock (state.Gate)
        {
            pending = [.. state.PendingPhoneDestroys];
            state.PendingPhoneDestroys.Clear();
        }
        foreach (var (slot, handle) in pending)
        {
            try { state.Agent.Send(AtCommands.Destroy, (ulong)slot, "", (ulong)handle); }
            catch (CkException) { /* The phone drops them anyway when this client goes. */ }
        }
    }

    public nuint GetSessionInfo(nuint hSession, CK_SESSION_INFO* pInfo) => Run(() =>
    {
        var state = State;
        if (pInfo is null) throw new CkException(CKR.ARGUMENTS_BAD);
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            var who = state.Slot(session.SlotId).LoggedInAs;
            pInfo->slotID = session.SlotId;
            pInfo->state = (who, session.ReadWrite) switch
            {
                (null, false) => CKS.RO_PUBLIC_SESSION,
                (null, true) => CKS.RW_PUBLIC_SESSION,
                (_, false) => CKS.RO_USER_FUNCTIONS,
                ({ } u, true) when u == CKU.SO => CKS.RW_SO_FUNCTIONS,
                _ => CKS.RW_USER_FUNCTIONS,
            };
            pInfo->flags = CKF.SERIAL_SESSION | (session.ReadWrite ? CKF.RW_SESSION : 0);
            pInfo->ulDeviceError = 0;
        }
    });

    public nuint Login(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen) => Run(() => LoginCore(hSession, userType, pPin, ulPinLen));

    public nuint LoginUser(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen, byte* pUsername, nuint ulUsernameLen) => Run(() =>
    {
        // Tokens here have no user names: a name is refused, none is a plain C_Login (v3.0 5.6).
        if (pUsername is not null && ulUsernameLen > 0) throw new CkException(CKR.ARGUMENTS_BAD);
        LoginCore(hSession, userType, pPin, ulPinLen);
    });

    private void LoginCore(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen)
    {
        var state = State;
        Session session;
        nuint? current;
        lock (state.Gate) session = state.Session(hSession);
        EnsureSameLink(state, session.SlotId);
        lock (state.Gate)
        {
            session = state.Session(hSession);
            current = state.Slot(session.SlotId).LoggedInAs;
            if (userType != CKU.USER && userType != CKU.SO && userType != CKU.CONTEXT_SPECIFIC) throw new CkException(CKR.USER_TYPE_INVALID);
            if (userType == CKU.CONTEXT_SPECIFIC)
            {
                if (session.Sign is null && session.Decrypt is null) throw new CkException(CKR.OPERATION_NOT_INITIALIZED);
            }
            else if (current is { } who)
            {
                throw new CkException(who == userType ? CKR.USER_ALREADY_LOGGED_IN : CKR.USER_ANOTHER_ALREADY_LOGGED_IN);
            }
            if (userType == CKU.SO && state.Sessions.Values.Any(s => s.SlotId == session.SlotId && !s.ReadWrite))
                throw new CkException(CKR.SESSION_READ_ONLY_EXISTS);
        }
        if (ulPinLen > 4096) throw new CkException(CKR.PIN_LEN_RANGE);
        AtValue[] args;
        if (pPin is null)
        {
            // NULL PIN: only with a protected authentication path, where the phone asks for it.
            if ((TokenInfo(state, session.SlotId).Flags & (ulong)CKF.PROTECTED_AUTHENTICATION_PATH) == 0) throw new CkException(CKR.ARGUMENTS_BAD);
            args = [(ulong)session.SlotId, "", (ulong)userType];
        }
        else
        {
            args = [(ulong)session.SlotId, "", (ulong)userType, CkString.FromUtf8(pPin, ulPinLen)];
        }
        Phone(state, AtCommands.Login, args);
        lock (state.Gate)
        {
            if (userType == CKU.CONTEXT_SPECIFIC)
            {
                if (session.Sign is { } s) s.ContextAuthenticated = true;
                if (session.Decrypt is { } d) d.ContextAuthenticated = true;
            }
            else state.Slot(session.SlotId).LoggedInAs = userType;
        }
    }

    /// <summary>
    /// The phone answered CKR_USER_NOT_LOGGED_IN to a private-key operation of a logged-in application: it
    /// logged this computer out on its own (an idle time-out on the phone). The application's sessions become
    /// public sessions, as after C_Logout, and it can log in again.
    /// </summary>
    private static void CheckPhoneLogin(ModuleState state, nuint slotId, AtResponse r)
    {
        if (r.Rv == CKR.USER_NOT_LOGGED_IN)
        {
            lock (state.Gate)
            {
                var slot = state.Slot(slotId);
                if (slot.LoggedInAs == CKU.USER)
                {
                    slot.LoggedInAs = null;
                    foreach (var o in slot.LocalObjects.Values.Where(o => IsPrivate(o.Attributes)).ToList()) slot.LocalObjects.Remove(o.Handle);
                }
            }
        }
        CheckRv(r);
    }

    public nuint Logout(nuint hSession) => Run(() =>
    {
        var state = State;
        nuint slotId;
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            slotId = session.SlotId;
            var slot = state.Slot(slotId);
            if (slot.LoggedInAs is null) throw new CkException(CKR.USER_NOT_LOGGED_IN);
            slot.LoggedInAs = null;
            // Private session objects are destroyed at logout (PKCS#11 5.6, C_Logout).
            foreach (var o in slot.LocalObjects.Values.Where(o => IsPrivate(o.Attributes)).ToList()) slot.LocalObjects.Remove(o.Handle);
            foreach (var s in state.Sessions.Values.Where(s => s.SlotId == slotId)) s.CancelAll();
        }
        Phone(state, AtCommands.Logout, (ulong)slotId, "");
    });

    public nuint InitToken(nuint slotID, byte* pPin, nuint ulPinLen, byte* pLabel) => Run(() =>
    {
        var state = State;
        if (pLabel is null) throw new CkException(CKR.ARGUMENTS_BAD);
        if (pPin is null) throw new CkException(CKR.ARGUMENTS_BAD);
        if (ulPinLen > 4096) throw new CkException(CKR.PIN_LEN_RANGE);
        _ = TokenInfo(state, slotID);
        lock (state.Gate)
        {
            if (state.Sessions.Values.Any(s => s.SlotId == slotID)) throw new CkException(CKR.SESSION_EXISTS);
        }
        Phone(state, AtCommands.InitToken, (ulong)slotID, CkString.FromUtf8(pPin, ulPinLen), CkString.Read(pLabel, 32));
    });

    public nuint InitPIN(nuint hSession, byte* pPin, nuint ulPinLen) => Run(() =>
    {
        var state = State;
        var session = RwSession(state, hSession);
        lock (state.Gate)
        {
            if (state.Slot(session.SlotId).LoggedInAs != CKU.SO) throw new CkException(CKR.USER_NOT_LOGGED_IN);
        }
        if (ulPinLen > 4096) throw new CkException(CKR.PIN_LEN_RANGE);
        if (pPin is null)
        {
            // NULL PIN: only with a protected authentication path, where the phone asks for the new PIN.
            if ((TokenInfo(state, session.SlotId).Flags & (ulong)CKF.PROTECTED_AUTHENTICATION_PATH) == 0) throw new CkException(CKR.ARGUMENTS_BAD);
            Phone(state, AtCommands.InitPin, (ulong)session.SlotId, "");
            return;
        }
        Phone(state, AtCommands.InitPin, (ulong)session.SlotId, "", CkString.FromUtf8(pPin, ulPinLen));
    });

    public nuint SetPIN(nuint hSession, byte* pOldPin, nuint ulOldLen, byte* pNewPin, nuint ulNewLen) => Run(() =>
    {
        var state = State;
        var session = RwSession(state, hSession);
        if (ulOldLen > 4096 || ulNewLen > 4096) throw new CkException(CKR.PIN_LEN_RANGE);
        if (pOldPin is null && pNewPin is null)
        {
            // Both NULL: only with a protected authentication path, where the phone asks for both.
            if ((TokenInfo(state, session.SlotId).Flags & (ulong)CKF.PROTECTED_AUTHENTICATION_PATH) == 0) throw new CkException(CKR.ARGUMENTS_BAD);
            Phone(state, AtCommands.SetPin, (ulong)session.SlotId, "");
            return;
        }
        if (pOldPin is null || pNewPin is null) throw new CkException(CKR.ARGUMENTS_BAD);
        Phone(state, AtCommands.SetPin, (ulong)session.SlotId, "", CkString.FromUtf8(pOldPin, ulOldLen), CkString.FromUtf8(pNewPin, ulNewLen));
    });

    private static Session RwSession(ModuleState state, nuint hSession)
    {
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            return session.ReadWrite ? session : throw new CkException(CKR.SESSION_READ_ONLY);
        }
    }

    public nuint SessionCancel(nuint hSession, nuint flags) => Run(() =>
    {
        var state = State;
        lock (state.Gate)
        {
            var s = state.Session(hSession);
            if ((flags & CKF.FIND_OBJECTS) != 0) s.Find = null;
            if ((flags & CKF.SIGN) != 0) s.Sign = null;
            if ((flags & CKF.VERIFY) != 0) s.Verify = null;
            if ((flags & CKF.ENCRYPT) != 0) s.Encrypt = null;
            if ((flags & CKF.DECRYPT) != 0) s.Decrypt = null;
            if ((flags & CKF.DIGEST) != 0) s.Digest = null;
        }
    });

    private static bool IsPrivate(IReadOnlyList<P11Attribute> attributes) =>
        attributes.FirstOrDefault(a => a.Type == (ulong)CKA.PRIVATE)?.AsBool ?? false;
}
