using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Pkcs11Phone.Protocol;
using CKA = Pkcs11Phone.Interop.CKA;
using CKF = Pkcs11Phone.Interop.CKF;
using CKR = Pkcs11Phone.Interop.CKR;
using CKU = Pkcs11Phone.Interop.CKU;
using LowLevel = Net.Pkcs11Interop.LowLevelAPI80;
using NativeCKU = Net.Pkcs11Interop.Common.CKU;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// One token of a PKCS#11 library, offered to the computer as an <see cref="IPhoneToken"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>One application, several clients.</b> PKCS#11 keeps login state per application, and this backend is a
/// single application serving several computer-side clients. It therefore keeps a login record per client and
/// is logged in on the underlying token as the user type of the logged-in clients (never USER and SO at once: a
/// client asking for the other type gets CKR_USER_ANOTHER_ALREADY_LOGGED_IN while the first type is held). The
/// PIN of that user type is held in memory (never logged) while any client is logged in with it.
/// </para>
/// <para>
/// <b>Every PIN reaches the token.</b> The first client's PIN is verified by C_Login. A later client's user PIN
/// is verified while the token stays logged in, by C_SetPIN(pin, pin): the token checks the old PIN against its
/// own PIN, with its own retry counter and lockout, and the other clients keep their object handles and private
/// session objects. (C_Logout would invalidate every handle to a private object and destroy the private session
/// objects of all clients: PKCS#11 v2.40, C_Logout.) Where the token refuses that PIN change for reasons other
/// than the PIN, and for SO PINs (an SO login has no private objects to lose), the PIN is verified by C_Logout and
/// C_Login, logging back in with the held PIN when it is wrong.
/// </para>
/// <para>
/// <b>The resting user login.</b> When the last client logged in as the user logs out, the application stays
/// logged in on the token (unless the module was made with stayLoggedIn: false), as a phone keeps its SIM PIN
/// verified: the per-client records still refuse every client that is not logged in, and the PIN is no longer held.
/// PKCS#11 shows private objects only to a logged-in application and invalidates their handles at C_Logout, so this
/// keeps private objects listed, with the same handles, while no client is logged in (as the interface asks). An SO
/// login ends the resting login (C_Logout); a restart ends it too.
/// </para>
/// <para>
/// <b>Sessions.</b> One read/write "work" session runs operations and keeps the application logged in (closing
/// the last session would log it out); when an operation may be left half-done it is replaced, the new one opened
/// before the old one closes. Each client gets its own session the first time it creates objects; its session
/// objects (CKA_TOKEN=false) live there and vanish with it on <see cref="EndClient"/>. Other clients cannot use
/// them (CKR_OBJECT_HANDLE_INVALID).
/// </para>
/// <para>
/// <b>Return values</b> are the token's CK_RV unchanged, except where the phone answers before the token sees a
/// call: templates (<see cref="Pkcs11Templates"/>), RSA sizes outside the advertised range (<see cref="CheckKeySize"/>),
/// the key and parameters of a private-key operation (<see cref="CheckOperation"/>, <see cref="IgnoresOaepLabel"/>),
/// per-client login, and input limits; and CKR_ARGUMENTS_BAD from C_SignInit or C_DecryptInit, which is about the
/// mechanism's parameters (<see cref="InitRefusal"/>). A call the token refuses changes nothing
/// (objects it made all the same are destroyed). The listing adds public attributes the token does not keep
/// (<see cref="Pkcs11Listing"/>). All calls are serialized by one lock per token.
/// </para>
/// </remarks>
internal sealed class Pkcs11PhoneToken : IPhoneToken, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Pkcs11LibraryHost _host;
    private readonly ISlot _slot;
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> _sessionObjectOwners = [];
    private readonly bool _stayLoggedIn;

    private ISession? _work;
    private ulong? _tokenLogin;   // the user type the application is logged in as on the token
    private byte[]? _tokenPin;    // that user type's PIN, while a client is logged in with it (memory only)
    // Starts from the clock, so that it never goes backwards across a restart of the phone.
    private ulong _generation = (ulong)DateTime.UtcNow.Ticks;
    private Fingerprint? _seen;
    private IReadOnlyList<P11Object>? _objects;
    private ulong _objectsGeneration;
    private IReadOnlyList<P11MechanismInfo>? _mechanisms;
    private P11TokenInfo _info;
    private readonly bool _ignoresOaepLabel;
    private bool _disposed;

    public Pkcs11PhoneToken(Pkcs11LibraryHost host, ISlot slot, bool stayLoggedIn)
    {
        _host = host;
        _slot = slot;
        _stayLoggedIn = stayLoggedIn;
        _info = new P11TokenInfo("", "", "", "", 0, 0, 0, null, null, null, null, "0.0", "0.0");
        // The work session opens with the first call that needs it: a token that is not initialized yet
        // (SoftHSM's free slot) has no sessions (CKR_TOKEN_NOT_RECOGNIZED) until C_InitToken.
        _info = ReadInfo();
        _ignoresOaepLabel = IgnoresOaepLabel(_info);
    }

    /// <summary>
    /// Whether the token takes an OAEP label (pSourceData of CK_RSA_PKCS_OAEP_PARAMS) and then decrypts as if there were
    /// none: SoftHSMv2 before 2.7, whose C_DecryptInit checks the hash and MGF only. It would give the plaintext of a
    /// ciphertext made without the label (or with another one), so the phone refuses OAEP with a label on it
    /// (CKR_MECHANISM_PARAM_INVALID). SoftHSMv2 2.7 refuses a label itself.
    /// </summary>
    private static bool IgnoresOaepLabel(P11TokenInfo info)
    {
        if (info.Manufacturer != "SoftHSM project") return false;
        var parts = info.FirmwareVersion.Split('.');
        return parts.Length == 2 && int.TryParse(parts[0], out int major) && int.TryParse(parts[1], out int minor)
            && (major, minor) is ( < 2, _) or (2, < 7);
    }

    /// <summary>The PKCS#11 slot ID of the token.</summary>
    public ulong SlotId => _slot.SlotId;

    private Pkcs11InteropFactories Factories => _host.Factories;

    private ISession Work => _work ??= _slot.OpenSession(SessionType.ReadWrite);

    private sealed class Client(string name)
    {
        public readonly string Name = name;
        public ulong? As;
        public ISession? Session;
        public readonly HashSet<ulong> SessionObjects = [];
        public byte[]? ContextPin;
    }

    private sealed record Fingerprint(P11TokenInfo Info, ulong[] Handles)
    {
        public bool Same(Fingerprint other) => Info == other.Info && Handles.AsSpan().SequenceEqual(other.Handles);
    }

    // ---------------------------------------------------------------- information

    public P11TokenInfo Info
    {
        get
        {
            lock (_gate)
            {
                if (_disposed) return _info;
                try { _info = ReadInfo(); }
                catch (Exception) { /* the token is gone or busy: the last known information stays */ }
                return _info;
            }
        }
    }

    public IReadOnlyList<P11MechanismInfo> Mechanisms
    {
        get
        {
            lock (_gate)
            {
                if (_mechanisms is not null || _disposed) return _mechanisms ?? [];
                try
                {
                    var list = new List<P11MechanismInfo>();
                    foreach (var type in _slot.GetMechanismList())
                    {
                        if (!Pkcs11Mapping.PhoneOperations.ContainsKey((ulong)type)) continue;
                        var info = _slot.GetMechanismInfo(type);
                        if (Pkcs11Mapping.Restrict((ulong)type, info.MinKeySize, info.MaxKeySize, info.MechanismFlags.Flags) is { } m)
                            list.Add(m);
                    }
                    _mechanisms = list;
                }
                catch (Exception)
                {
                    return [];
                }
                return _mechanisms;
            }
        }
    }

    public ulong Generation
    {
        get
        {
            lock (_gate)
            {
                if (!_disposed) Refresh();
                return _generation;
            }
        }
    }

    public IReadOnlyList<P11Object> Objects
    {
        get
        {
            lock (_gate)
            {
                if (_disposed) return [];
                var handles = Refresh();
                if (_objects is not null && _objectsGeneration == _generation) return _objects;
                if (handles is null) return _objects ?? [];
                var objects = new List<P11Object>(handles.Length);
                foreach (var handle in handles)
                    if (ReadObject(handle) is { } o) objects.Add(o);
                _objects = Pkcs11Listing.Complete(objects);
                _objectsGeneration = _generation;
                return _objects;
            }
        }
    }

    public ulong? LoggedInAs(string client)
    {
        lock (_gate)
            return client is not null && _clients.TryGetValue(client, out var c) ? c.As : null;
    }

    // ---------------------------------------------------------------- login

    public ulong Login(string client, ulong userType, ReadOnlySpan<byte> pin)
    {
        byte[] pinBytes = pin.ToArray();
        try
        {
            return Run(() => LoginCore(client, userType, pinBytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pinBytes);
        }
    }

    private ulong LoginCore(string client, ulong userType, byte[] pin)
    {
        if (client is null) return CKR.ARGUMENTS_BAD;
        if (userType == CKU.CONTEXT_SPECIFIC)
        {
            // The token checks the PIN now (see ProbeContextLogin), and it is kept for the client's next operation
            // with a CKA_ALWAYS_AUTHENTICATE key, where it is given to the token right after C_SignInit / C_DecryptInit.
            if (!_clients.TryGetValue(client, out var known) || known.As != CKU.USER) return CKR.USER_NOT_LOGGED_IN;
            Forget(ref known.ContextPin);
            ulong? checkedRv = ProbeContextLogin(pin);
            Bump();
            if (checkedRv is { } refused && refused != CKR.OK) return refused;
            known.ContextPin = (byte[])pin.Clone();
            return CKR.OK;
        }
        if (userType != CKU.USER && userType != CKU.SO) return CKR.USER_TYPE_INVALID;
        var c = ClientOf(client);
        if (c.As == userType) return CKR.USER_ALREADY_LOGGED_IN;
        if (c.As is not null) return CKR.USER_ANOTHER_ALREADY_LOGGED_IN;
        if (_tokenLogin is { } held && held != userType)
        {
            if (_clients.Values.Any(other => other.As == held)) return CKR.USER_ANOTHER_ALREADY_LOGGED_IN;
            // Only the resting user login (see LogoutClient): it gives way to the SO.
            TryLogout();
            PruneSessionObjects();
        }

        ulong rv = _tokenLogin is null ? TokenLogin(userType, pin) : VerifyWhileLoggedIn(userType, pin);
        Bump(); // a wrong PIN changes the token's PIN counter flags too
        if (rv != CKR.OK) return rv;
        c.As = userType;
        Hold(pin);
        return CKR.OK;
    }

    /// <summary>
    /// Checks a context-specific PIN the way the token does: C_SignInit (or C_DecryptInit) with a private key that
    /// has CKA_ALWAYS_AUTHENTICATE, then C_Login(CKU_CONTEXT_SPECIFIC); the operation is then dropped with its session.
    /// Null when no such key can start an operation (the PIN is then checked with the client's next operation).
    /// </summary>
    private ulong? ProbeContextLogin(byte[] pin)
    {
        var lowLevel = _host.LowLevel;
        if (lowLevel is null) return null;
        var template = new List<IObjectAttribute>
        {
            Factories.ObjectAttributeFactory.Create((ulong)CKA.CLASS, (ulong)Pkcs11Phone.Interop.CKO.PRIVATE_KEY),
            Factories.ObjectAttributeFactory.Create((ulong)CKA.ALWAYS_AUTHENTICATE, true),
        };
        List<IObjectHandle> keys;
        try { keys = Work.FindAllObjects(template); }
        finally { Pkcs11Mapping.Dispose(template); }
        foreach (var key in keys)
        {
            ulong keyType = ReadULong(key.ObjectId, CKA.KEY_TYPE) ?? ulong.MaxValue;
            bool sign = ReadBool(key.ObjectId, CKA.SIGN) == true, decrypt = ReadBool(key.ObjectId, CKA.DECRYPT) == true;
            ulong mechanismType = keyType switch
            {
                (ulong)Pkcs11Phone.Interop.CKK.RSA => Pkcs11Phone.Interop.CKM.RSA_PKCS,
                (ulong)Pkcs11Phone.Interop.CKK.EC => Pkcs11Phone.Interop.CKM.ECDSA,
                (ulong)Pkcs11Phone.Interop.CKK.EC_EDWARDS => Pkcs11Phone.Interop.CKM.EDDSA,
                _ => ulong.MaxValue,
            };
            if (mechanismType == ulong.MaxValue || !(sign || (decrypt && keyType == Pkcs11Phone.Interop.CKK.RSA))) continue;
            using var mechanism = Factories.MechanismFactory.Create(mechanismType);
            if (mechanism.ToMarshalableStructure() is not LowLevel.CK_MECHANISM ckMechanism) return null;
            ulong session = Work.SessionId;
            var rv = sign ? lowLevel.C_SignInit(session, ref ckMechanism, key.ObjectId)
                          : lowLevel.C_DecryptInit(session, ref ckMechanism, key.ObjectId);
            if (rv != Net.Pkcs11Interop.Common.CKR.CKR_OK) continue;
            rv = lowLevel.C_Login(session, NativeCKU.CKU_CONTEXT_SPECIFIC, pin, (ulong)pin.Length);
            ReplaceWork(); // drops the operation that was only started to check the PIN
            return (ulong)rv;
        }
        return null;
    }

    /// <summary>C_Login on the token when the application is not logged in.</summary>
    private ulong TokenLogin(ulong userType, byte[] pin)
    {
        try
        {
            try
            {
                Work.Login((NativeCKU)userType, pin);
            }
            catch (Pkcs11Exception e) when (e.RV is Net.Pkcs11Interop.Common.CKR.CKR_USER_ALREADY_LOGGED_IN
                                                or Net.Pkcs11Interop.Common.CKR.CKR_USER_ANOTHER_ALREADY_LOGGED_IN)
            {
                // Logged in outside this token's bookkeeping (another module of this process on the same token):
                // start from a clean state.
                TryLogout();
                Work.Login((NativeCKU)userType, pin);
            }
        }
        catch (Pkcs11Exception e)
        {
            return (ulong)e.RV;
        }
        _tokenLogin = userType;
        return CKR.OK;
    }

    /// <summary>Checks a PIN on the token while the application stays logged in as <paramref name="userType"/>.</summary>
    private ulong VerifyWhileLoggedIn(ulong userType, byte[] pin)
    {
        if (userType == CKU.USER)
        {
            try
            {
                Work.SetPin(pin, pin);
                return CKR.OK;
            }
            catch (Pkcs11Exception e)
            {
                ulong rv = (ulong)e.RV;
                if (rv == CKR.PIN_INCORRECT || rv == CKR.PIN_LOCKED || rv == CKR.PIN_EXPIRED) return rv;
                // A PIN outside the token's length range cannot be its PIN.
                if (rv == CKR.PIN_LEN_RANGE) return CKR.PIN_INCORRECT;
                // Otherwise the token will not change a PIN to itself (policy, read-only PIN, ...): verify by login.
            }
        }
        return RelogVerify(userType, pin);
    }

    /// <summary>C_Logout, C_Login with the new PIN; when that fails, back in with the held PIN and the failure returned.</summary>
    private ulong RelogVerify(ulong userType, byte[] pin)
    {
        TryLogout();
        ulong rv;
        try
        {
            Work.Login((NativeCKU)userType, pin);
            _tokenLogin = userType;
            rv = CKR.OK;
        }
        catch (Pkcs11Exception e)
        {
            rv = (ulong)e.RV;
            try
            {
                Work.Login((NativeCKU)userType, _tokenPin ?? []);
                _tokenLogin = userType;
            }
            catch (Exception)
            {
                // The held PIN no longer works (changed elsewhere): nobody of that type is logged in any more.
                DropLogins(userType);
            }
        }
        PruneSessionObjects();
        return rv;
    }

    public ulong Logout(string client) => Run(() =>
    {
        if (client is null) return CKR.ARGUMENTS_BAD;
        if (!_clients.TryGetValue(client, out var c) || c.As is null) return CKR.USER_NOT_LOGGED_IN;
        LogoutClient(c);
        Bump();
        return CKR.OK;
    });

    private void LogoutClient(Client c)
    {
        // As C_Logout does for an application: the client's private session objects are destroyed.
        foreach (var handle in c.SessionObjects.ToArray())
        {
            try
            {
                if (IsPrivate(handle) != false) DestroyHandle(c, handle);
            }
            catch (Pkcs11Exception)
            {
                c.SessionObjects.Remove(handle);
                _sessionObjectOwners.Remove(handle);
            }
        }
        c.As = null;
        Forget(ref c.ContextPin);
        if (_tokenLogin is { } type && !_clients.Values.Any(other => other.As == type))
        {
            Forget(ref _tokenPin);
            if (type == CKU.USER && _stayLoggedIn) return;
            TryLogout();
            PruneSessionObjects();
        }
    }

    public void EndClient(string client)
    {
        Run(() =>
        {
            if (client is null || !_clients.TryGetValue(client, out var c)) return CKR.OK;
            bool changes = c.As is not null || c.SessionObjects.Count > 0;
            if (c.As is not null) LogoutClient(c);
            foreach (var handle in c.SessionObjects) _sessionObjectOwners.Remove(handle);
            c.SessionObjects.Clear();
            Close(ref c.Session); // closing the session destroys its session objects
            _clients.Remove(client);
            if (changes) Bump();
            return CKR.OK;
        });
    }

    // ---------------------------------------------------------------- token and PIN management

    public ulong InitToken(ReadOnlySpan<byte> soPin, string label)
    {
        byte[] pinBytes = soPin.ToArray();
        try
        {
            return Run(() =>
            {
                if (label is null) return CKR.ARGUMENTS_BAD;
                byte[] labelBytes = Encoding.UTF8.GetBytes(label);
                if (labelBytes.Length > 32) return CKR.ARGUMENTS_BAD;
                // C_InitToken needs every session of the token closed: refused while clients are logged in or
                // hold session objects, as PKCS#11 refuses it while sessions are open.
                if (_clients.Values.Any(c => c.As is not null || c.SessionObjects.Count > 0)) return CKR.SESSION_EXISTS;
                foreach (var c in _clients.Values) Close(ref c.Session);
                Close(ref _work);
                _tokenLogin = null;
                Forget(ref _tokenPin);
                try
                {
                    _slot.InitToken(pinBytes, labelBytes);
                    return CKR.OK;
                }
                finally
                {
                    Bump();
                    _mechanisms = null; // the work session opens again with the next call
                }
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pinBytes);
        }
    }

    public ulong InitPin(string client, ReadOnlySpan<byte> pin)
    {
        byte[] pinBytes = pin.ToArray();
        try
        {
            return Run(() =>
            {
                if (client is null) return CKR.ARGUMENTS_BAD;
                if (!_clients.TryGetValue(client, out var c) || c.As != CKU.SO) return CKR.USER_NOT_LOGGED_IN;
                try
                {
                    Work.InitPin(pinBytes);
                }
                finally
                {
                    Bump();
                }
                return CKR.OK;
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pinBytes);
        }
    }

    public ulong SetPin(string client, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        byte[] oldBytes = oldPin.ToArray(), newBytes = newPin.ToArray();
        try
        {
            return Run(() =>
            {
                if (client is null) return CKR.ARGUMENTS_BAD;
                _clients.TryGetValue(client, out var c);
                try
                {
                    if (c?.As is null && _tokenLogin == CKU.SO)
                    {
                        // Not logged in: the user's PIN, which C_SetPIN changes only in a public session. An SO login
                        // has no private objects to lose, so it is left and taken up again around the change.
                        TryLogout();
                        try
                        {
                            Work.SetPin(oldBytes, newBytes);
                        }
                        finally
                        {
                            try
                            {
                                Work.Login(NativeCKU.CKU_SO, _tokenPin ?? []);
                                _tokenLogin = CKU.SO;
                            }
                            catch (Exception)
                            {
                                DropLogins(CKU.SO);
                            }
                        }
                        return CKR.OK;
                    }
                    // Logged in (the token is logged in as the client's type), or not logged in while the token is
                    // logged in as user or not at all: C_SetPIN changes exactly the PIN the contract names.
                    Work.SetPin(oldBytes, newBytes);
                    // The held PIN follows the change while clients are logged in with it.
                    if (_tokenLogin is { } type && (c?.As ?? CKU.USER) == type && _clients.Values.Any(o => o.As == type)) Hold(newBytes);
                    return CKR.OK;
                }
                finally
                {
                    Bump();
                }
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(oldBytes);
            CryptographicOperations.ZeroMemory(newBytes);
        }
    }

    // ---------------------------------------------------------------- objects

    public P11Result<(ulong PublicKey, ulong PrivateKey)> GenerateKeyPair(string client, P11Mechanism mechanism,
        IReadOnlyList<P11Attribute> publicTemplate, IReadOnlyList<P11Attribute> privateTemplate) =>
        Run<(ulong, ulong)>(() =>
        {
            if (client is null || mechanism is null) return CKR.ARGUMENTS_BAD;
            if (!Offers(mechanism.Type, CKF.GENERATE_KEY_PAIR)) return CKR.MECHANISM_INVALID;
            var c = ClientOf(client);
            bool user = c.As == CKU.USER;
            if (!user && (Pkcs11Mapping.FindBool(privateTemplate, CKA.PRIVATE) != false
                          || Pkcs11Mapping.FindBool(publicTemplate, CKA.PRIVATE) == true))
                return CKR.USER_NOT_LOGGED_IN;
            ulong rv = Pkcs11Templates.ForKeyPair(mechanism.Type, publicTemplate, privateTemplate, out var pubTemplate, out var privTemplate);
            if (rv != CKR.OK) return rv;
            rv = CheckKeySize(mechanism.Type, pubTemplate);
            if (rv != CKR.OK) return rv;
            rv = Pkcs11Mapping.ToMechanism(Factories, mechanism, out var m);
            if (rv != CKR.OK) return rv;
            using var mech = m!;
            rv = Pkcs11Mapping.ToTemplate(Factories, pubTemplate, out var pub);
            if (rv != CKR.OK) return rv;
            rv = Pkcs11Mapping.ToTemplate(Factories, privTemplate, out var priv);
            if (rv != CKR.OK) { Pkcs11Mapping.Dispose(pub); return rv; }
            try
            {
                var before = Snapshot();
                IObjectHandle pubHandle, privHandle;
                try
                {
                    SessionOf(c).GenerateKeyPair(mech, pub, priv, out pubHandle, out privHandle);
                }
                catch (Pkcs11Exception)
                {
                    RemoveNewObjects(before);
                    throw;
                }
                Bump();
                Adopt(c, pubHandle.ObjectId);
                Adopt(c, privHandle.ObjectId);
                if (!user && _tokenLogin == CKU.USER
                    && (IsPrivate(pubHandle.ObjectId) != false || IsPrivate(privHandle.ObjectId) != false))
                {
                    DestroyHandle(c, pubHandle.ObjectId);
                    DestroyHandle(c, privHandle.ObjectId);
                    return CKR.USER_NOT_LOGGED_IN;
                }
                return P11Result<(ulong, ulong)>.Success((pubHandle.ObjectId, privHandle.ObjectId));
            }
            finally
            {
                Pkcs11Mapping.Dispose(pub);
                Pkcs11Mapping.Dispose(priv);
            }
        });

    /// <summary>
    /// CKR_KEY_SIZE_RANGE for an RSA modulus size outside the range the token advertises for the mechanism (PKCS#11:
    /// ulMinKeySize and ulMaxKeySize of CK_MECHANISM_INFO). SoftHSMv2 answers such a size with CKR_GENERAL_ERROR.
    /// </summary>
    private ulong CheckKeySize(ulong mechanism, List<P11Attribute> publicTemplate)
    {
        if (mechanism != Pkcs11Phone.Interop.CKM.RSA_PKCS_KEY_PAIR_GEN) return CKR.OK;
        if (publicTemplate.LastOrDefault(a => a.Type == CKA.MODULUS_BITS)?.AsULong is not { } bits) return CKR.OK;
        var info = Mechanisms.FirstOrDefault(m => m.Mechanism == mechanism);
        return info is not null && (bits < info.MinKeySize || bits > info.MaxKeySize) ? CKR.KEY_SIZE_RANGE : CKR.OK;
    }

    public P11Result<ulong> CreateObject(string client, IReadOnlyList<P11Attribute> template) => Run<ulong>(() =>
    {
        if (client is null) return CKR.ARGUMENTS_BAD;
        var c = ClientOf(client);
        bool user = c.As == CKU.USER;
        if (template is null) return CKR.ARGUMENTS_BAD;
        ulong rv = Pkcs11Templates.ForCreate(template, out var prepared);
        if (rv != CKR.OK) return rv;
        if (!user && Pkcs11Mapping.FindBool(prepared, CKA.PRIVATE) == true) return CKR.USER_NOT_LOGGED_IN;
        rv = Pkcs11Mapping.ToTemplate(Factories, prepared, out var attributes);
        if (rv != CKR.OK) return rv;
        try
        {
            var before = Snapshot();
            ulong handle;
            try
            {
                handle = SessionOf(c).CreateObject(attributes).ObjectId;
            }
            catch (Pkcs11Exception)
            {
                RemoveNewObjects(before);
                throw;
            }
            Bump();
            Adopt(c, handle);
            if (!user && _tokenLogin == CKU.USER && IsPrivate(handle) != false)
            {
                // The token is logged in for other clients; this client is not, and may not add private objects.
                DestroyHandle(c, handle);
                return CKR.USER_NOT_LOGGED_IN;
            }
            return P11Result<ulong>.Success(handle);
        }
        finally
        {
            Pkcs11Mapping.Dispose(attributes);
        }
    });

    public ulong DestroyObject(string client, ulong handle) => Run(() =>
    {
        if (client is null) return CKR.ARGUMENTS_BAD;
        var c = ClientOf(client);
        if (!Usable(client, handle)) return CKR.OBJECT_HANDLE_INVALID;
        if (c.As != CKU.USER && _tokenLogin == CKU.USER && IsPrivate(handle) != false) return CKR.USER_NOT_LOGGED_IN;
        DestroyHandle(c, handle);
        Bump();
        return CKR.OK;
    });

    public P11Result<ulong> CopyObject(string client, ulong handle, IReadOnlyList<P11Attribute> template) => Run<ulong>(() =>
    {
        if (client is null || template is null) return CKR.ARGUMENTS_BAD;
        var c = ClientOf(client);
        bool user = c.As == CKU.USER;
        if (!Usable(client, handle)) return CKR.OBJECT_HANDLE_INVALID;
        if (!user && (Pkcs11Mapping.FindBool(template, CKA.PRIVATE) == true || (_tokenLogin == CKU.USER && IsPrivate(handle) != false)))
            return CKR.USER_NOT_LOGGED_IN;
        ulong rv = Pkcs11Templates.CheckEncoding(template);
        if (rv != CKR.OK) return rv;
        rv = Pkcs11Mapping.ToTemplate(Factories, template, out var attributes);
        if (rv != CKR.OK) return rv;
        try
        {
            var before = Snapshot();
            ulong copy;
            try
            {
                copy = SessionOf(c).CopyObject(Factories.ObjectHandleFactory.Create(handle), attributes).ObjectId;
            }
            catch (Pkcs11Exception)
            {
                RemoveNewObjects(before);
                throw;
            }
            Bump();
            Adopt(c, copy);
            return P11Result<ulong>.Success(copy);
        }
        finally
        {
            Pkcs11Mapping.Dispose(attributes);
        }
    });

    public ulong SetAttributes(string client, ulong handle, IReadOnlyList<P11Attribute> template) => Run(() =>
    {
        if (client is null) return CKR.ARGUMENTS_BAD;
        var c = ClientOf(client);
        if (!Usable(client, handle)) return CKR.OBJECT_HANDLE_INVALID;
        if (c.As != CKU.USER
            && (Pkcs11Mapping.FindBool(template, CKA.PRIVATE) == true || (_tokenLogin == CKU.USER && IsPrivate(handle) != false)))
            return CKR.USER_NOT_LOGGED_IN;
        ulong rv = Pkcs11Templates.CheckEncoding(template);
        if (rv != CKR.OK) return rv;
        if (template is null || template.Count == 0)
        {
            _ = ReadBool(handle, CKA.TOKEN); // only checks the handle
            return CKR.OK;
        }
        rv = Pkcs11Mapping.ToTemplate(Factories, template, out var attributes);
        if (rv != CKR.OK) return rv;
        try
        {
            var h = Factories.ObjectHandleFactory.Create(handle);
            Work.SetAttributeValue(h, attributes);
            Bump();
            return CKR.OK;
        }
        finally
        {
            Pkcs11Mapping.Dispose(attributes);
        }
    });

    // ---------------------------------------------------------------- private-key operations

    public P11Result<byte[]> Sign(string client, ulong key, P11Mechanism mechanism, ReadOnlySpan<byte> data)
    {
        byte[] input = data.ToArray();
        return Run<byte[]>(() => PrivateKeyOperation(client, key, mechanism, input, CKF.SIGN));
    }

    public P11Result<byte[]> Decrypt(string client, ulong key, P11Mechanism mechanism, ReadOnlySpan<byte> data)
    {
        byte[] input = data.ToArray();
        return Run<byte[]>(() => PrivateKeyOperation(client, key, mechanism, input, CKF.DECRYPT));
    }

    private P11Result<byte[]> PrivateKeyOperation(string client, ulong key, P11Mechanism mechanism, byte[] data, ulong operation)
    {
        if (client is null || mechanism is null) return CKR.ARGUMENTS_BAD;
        if (!_clients.TryGetValue(client, out var c) || c.As != CKU.USER) return CKR.USER_NOT_LOGGED_IN;
        if (!Usable(client, key)) return CKR.KEY_HANDLE_INVALID;
        if (!Offers(mechanism.Type, operation)) return CKR.MECHANISM_INVALID;
        ulong rv = Pkcs11Mapping.ToMechanism(Factories, mechanism, out var m);
        if (rv != CKR.OK) return rv;
        using var mech = m!;
        var handle = Factories.ObjectHandleFactory.Create(key);
        rv = CheckOperation(key, mechanism, operation, data.Length);
        if (rv != CKR.OK) return rv;
        if (_ignoresOaepLabel && mechanism.Type == Pkcs11Phone.Interop.CKM.RSA_PKCS_OAEP && (mechanism.Data ?? []).Length > 0)
            return CKR.MECHANISM_PARAM_INVALID;
        byte[]? contextPin = null;
        if (c.ContextPin is not null && ReadBool(key, CKA.ALWAYS_AUTHENTICATE) == true)
        {
            contextPin = c.ContextPin;
            c.ContextPin = null; // used once, by this operation
        }
        try
        {
            if (operation == CKF.SIGN)
                return P11Result<byte[]>.Success(contextPin is null ? Work.Sign(mech, handle, data) : Work.Sign(mech, handle, contextPin, data));
            if (contextPin is null) return P11Result<byte[]>.Success(Work.Decrypt(mech, handle, data));
            var result = DecryptWithContextLogin(mech, key, contextPin, data, out bool initRefused);
            return initRefused ? InitRefusal(result.Rv, mechanism) : result;
        }
        catch (Pkcs11Exception e)
        {
            // An operation may be left active (a refused context login follows C_SignInit): start a clean session.
            ReplaceWork();
            if (e.Method is "C_SignInit" or "C_DecryptInit") return InitRefusal((ulong)e.RV, mechanism);
            throw;
        }
        finally
        {
            Forget(ref contextPin);
        }
    }

    /// <summary>
    /// What the phone checks itself before a private-key operation: the handle names a key (CKR_KEY_HANDLE_INVALID)
    /// of the mechanism's key type (CKR_KEY_TYPE_INCONSISTENT), an EC or Edwards key has CKA_EC_PARAMS the phone can
    /// decode (CKR_DOMAIN_PARAMS_INVALID), the PSS/OAEP parameters are sound (CKR_MECHANISM_PARAM_INVALID), and RSA
    /// input lengths fit the modulus. Two of these keep SoftHSMv2 2.6 from ending the process: a CKM_RSA_X_509
    /// signature over more bytes than the modulus has makes it allocate some 2^64 bytes, and its C_* wrapper turns the
    /// exception into exit(5) (src/lib/main.cpp, FatalException); an Edwards key whose CKA_EC_PARAMS is a
    /// PrintableString it cannot decode makes C_SignInit dereference a null pointer (OSSL::byteString2oid, SIGSEGV).
    /// SoftHSM also answers a ciphertext of the wrong length with CKR_GENERAL_ERROR rather than
    /// CKR_ENCRYPTED_DATA_LEN_RANGE.
    /// </summary>
    private ulong CheckOperation(ulong key, P11Mechanism mechanism, ulong operation, int length)
    {
        ulong? objectClass = ReadULong(key, CKA.CLASS);
        if (objectClass != Pkcs11Phone.Interop.CKO.PRIVATE_KEY && objectClass != Pkcs11Phone.Interop.CKO.PUBLIC_KEY
            && objectClass != Pkcs11Phone.Interop.CKO.SECRET_KEY)
            return CKR.KEY_HANDLE_INVALID;
        ulong? keyType = ReadULong(key, CKA.KEY_TYPE);
        if (Pkcs11Mapping.KeyTypeFor(mechanism.Type) is { } needed && keyType is { } actual && actual != needed)
            return CKR.KEY_TYPE_INCONSISTENT;
        if (keyType == Pkcs11Phone.Interop.CKK.EC || keyType == Pkcs11Phone.Interop.CKK.EC_EDWARDS)
        {
            // Keys the phone did not import itself (made by another tool on the token) are checked here too.
            if (!Pkcs11Templates.WellFormedEcParams(ReadBytes(key, CKA.EC_PARAMS), keyType == Pkcs11Phone.Interop.CKK.EC_EDWARDS))
                return CKR.DOMAIN_PARAMS_INVALID;
        }
        int? k = null;
        if (keyType == Pkcs11Phone.Interop.CKK.RSA)
        {
            var attributes = Work.GetAttributeValue(Factories.ObjectHandleFactory.Create(key), [(ulong)CKA.MODULUS]);
            try
            {
                if (!attributes[0].CannotBeRead && attributes[0].GetValueAsByteArray() is { Length: > 0 } modulus)
                    k = modulus.Length - modulus.TakeWhile(b => b == 0).Count();
            }
            finally
            {
                Pkcs11Mapping.Dispose(attributes);
            }
        }
        ulong rv = Pkcs11Mapping.CheckParameters(mechanism, length, k);
        if (rv != CKR.OK || k is not { } size) return rv;
        if (operation == CKF.DECRYPT) return length == size ? CKR.OK : CKR.ENCRYPTED_DATA_LEN_RANGE;
        if (mechanism.Type == Pkcs11Phone.Interop.CKM.RSA_X_509 && length > size) return CKR.DATA_LEN_RANGE;
        if (mechanism.Type == Pkcs11Phone.Interop.CKM.RSA_PKCS && length > size - 11) return CKR.DATA_LEN_RANGE;
        return CKR.OK;
    }

    /// <summary>
    /// The CK_RV of a refused C_SignInit or C_DecryptInit. The phone passes a valid session, mechanism pointer and key
    /// handle, so CKR_ARGUMENTS_BAD there can only be about the mechanism's parameters: it becomes
    /// CKR_MECHANISM_PARAM_INVALID, the CK_RV PKCS#11 has for them (SoftHSMv2 answers CKR_ARGUMENTS_BAD for OAEP with
    /// a hash other than SHA-1 and for PSS whose MGF1 hash is not the signature's).
    /// </summary>
    private static ulong InitRefusal(ulong rv, P11Mechanism mechanism) =>
        rv == CKR.ARGUMENTS_BAD && ((mechanism.Numbers ?? []).Length > 0 || (mechanism.Data ?? []).Length > 0) ? CKR.MECHANISM_PARAM_INVALID : rv;

    /// <summary>C_DecryptInit, C_Login(CKU_CONTEXT_SPECIFIC), C_Decrypt: a sequence the high-level API does not offer.</summary>
    private P11Result<byte[]> DecryptWithContextLogin(IMechanism mechanism, ulong key, byte[] pin, byte[] data, out bool initRefused)
    {
        initRefused = false;
        var lowLevel = _host.LowLevel;
        if (lowLevel is null || mechanism.ToMarshalableStructure() is not LowLevel.CK_MECHANISM ckMechanism)
            return CKR.FUNCTION_NOT_SUPPORTED;
        ulong session = Work.SessionId;
        var rv = lowLevel.C_DecryptInit(session, ref ckMechanism, key);
        initRefused = rv != Net.Pkcs11Interop.Common.CKR.CKR_OK;
        if (initRefused) return (ulong)rv;
        rv = lowLevel.C_Login(session, NativeCKU.CKU_CONTEXT_SPECIFIC, pin, (ulong)pin.Length);
        if (rv != Net.Pkcs11Interop.Common.CKR.CKR_OK) throw new Pkcs11Exception("C_Login", rv);
        ulong length = 0;
        rv = lowLevel.C_Decrypt(session, data, (ulong)data.Length, null, ref length);
        if (rv != Net.Pkcs11Interop.Common.CKR.CKR_OK) return (ulong)rv;
        var output = new byte[length];
        rv = lowLevel.C_Decrypt(session, data, (ulong)data.Length, output, ref length);
        if (rv != Net.Pkcs11Interop.Common.CKR.CKR_OK) return (ulong)rv;
        if ((ulong)output.Length != length) Array.Resize(ref output, (int)length);
        return P11Result<byte[]>.Success(output);
    }

    public P11Result<byte[]> GenerateRandom(int length) => Run<byte[]>(() =>
    {
        if (length < 1 || length > MaxRandom) return CKR.ARGUMENTS_BAD;
        return P11Result<byte[]>.Success(Work.GenerateRandom(length));
    });

    /// <summary>The most random bytes one call gives (1 MiB).</summary>
    public const int MaxRandom = 1 << 20;

    // ---------------------------------------------------------------- lifetime

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var c in _clients.Values)
            {
                Forget(ref c.ContextPin);
                Close(ref c.Session);
            }
            _clients.Clear();
            _sessionObjectOwners.Clear();
            if (_tokenLogin is not null) TryLogout();
            Close(ref _work);
            Forget(ref _tokenPin);
        }
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Runs one call under the token's lock; a PKCS#11 error becomes its CK_RV, anything else a generic failure.</summary>
    private ulong Run(Func<ulong> body)
    {
        lock (_gate)
        {
            if (_disposed) return CKR.DEVICE_REMOVED;
            try
            {
                return body();
            }
            catch (Pkcs11Exception e)
            {
                return (ulong)e.RV;
            }
            catch (Exception)
            {
                return CKR.GENERAL_ERROR;
            }
        }
    }

    private P11Result<T> Run<T>(Func<P11Result<T>> body)
    {
        lock (_gate)
        {
            if (_disposed) return CKR.DEVICE_REMOVED;
            try
            {
                return body();
            }
            catch (Pkcs11Exception e)
            {
                return (ulong)e.RV;
            }
            catch (Exception)
            {
                return CKR.GENERAL_ERROR;
            }
        }
    }

    private Client ClientOf(string client)
    {
        if (!_clients.TryGetValue(client, out var c)) _clients[client] = c = new Client(client);
        return c;
    }

    private ISession SessionOf(Client c) => c.Session ??= _slot.OpenSession(SessionType.ReadWrite);

    /// <summary>Records a new object as the client's session object when it is one.</summary>
    private void Adopt(Client c, ulong handle)
    {
        if (ReadBool(handle, CKA.TOKEN) == true) return;
        c.SessionObjects.Add(handle);
        _sessionObjectOwners[handle] = c.Name;
    }

    /// <summary>Whether the client may name this handle: any token object, or a session object of its own.</summary>
    private bool Usable(string client, ulong handle) =>
        !_sessionObjectOwners.TryGetValue(handle, out var owner) || owner == client;

    private void DestroyHandle(Client c, ulong handle)
    {
        Work.DestroyObject(Factories.ObjectHandleFactory.Create(handle));
        c.SessionObjects.Remove(handle);
        _sessionObjectOwners.Remove(handle);
    }

    /// <summary>Drops session-object records whose objects the token no longer has (destroyed by a C_Logout).</summary>
    private void PruneSessionObjects()
    {
        foreach (var (handle, owner) in _sessionObjectOwners.ToArray())
        {
            bool exists;
            try { exists = ReadBool(handle, CKA.TOKEN) is not null; }
            catch (Pkcs11Exception) { exists = false; }
            if (exists) continue;
            _sessionObjectOwners.Remove(handle);
            if (_clients.TryGetValue(owner, out var c)) c.SessionObjects.Remove(handle);
        }
    }

    private bool Offers(ulong mechanism, ulong operation) =>
        Mechanisms.Any(m => m.Mechanism == mechanism && (m.Flags & operation) != 0);

    private bool? IsPrivate(ulong handle) => ReadBool(handle, CKA.PRIVATE);

    /// <summary>The handles of every object this application sees.</summary>
    private HashSet<ulong> Snapshot() => Work.FindAllObjects(null).Select(h => h.ObjectId).ToHashSet();

    /// <summary>
    /// After a creation the token refused: destroys what it made all the same (SoftHSMv2 keeps the public key of a
    /// key pair whose private template it refuses), so that a failed call changes nothing.
    /// </summary>
    private void RemoveNewObjects(HashSet<ulong> before)
    {
        try
        {
            foreach (var handle in Snapshot())
            {
                if (before.Contains(handle)) continue;
                try { Work.DestroyObject(Factories.ObjectHandleFactory.Create(handle)); }
                catch (Pkcs11Exception) { /* gone already */ }
            }
        }
        catch (Pkcs11Exception)
        {
            // The token cannot list its objects now; nothing more to do.
        }
    }

    /// <summary>A CK_ULONG attribute, or null when the token does not reveal it; throws for an invalid handle.</summary>
    private ulong? ReadULong(ulong handle, ulong type)
    {
        var h = Factories.ObjectHandleFactory.Create(handle);
        var attributes = Work.GetAttributeValue(h, [type]);
        try
        {
            var a = attributes[0];
            if (a.CannotBeRead) return null;
            var value = a.GetValueAsByteArray();
            return value is { Length: 8 } ? BitConverter.ToUInt64(value) : null;
        }
        finally
        {
            Pkcs11Mapping.Dispose(attributes);
        }
    }

    /// <summary>A byte-array attribute, or null when the token does not reveal it; throws for an invalid handle.</summary>
    private byte[]? ReadBytes(ulong handle, ulong type)
    {
        var attributes = Work.GetAttributeValue(Factories.ObjectHandleFactory.Create(handle), [type]);
        try
        {
            return attributes[0].CannotBeRead ? null : attributes[0].GetValueAsByteArray() ?? [];
        }
        finally
        {
            Pkcs11Mapping.Dispose(attributes);
        }
    }

    /// <summary>A CK_BBOOL attribute, or null when the token does not reveal it; throws for an invalid handle.</summary>
    private bool? ReadBool(ulong handle, ulong type)
    {
        var h = Factories.ObjectHandleFactory.Create(handle);
        var attributes = Work.GetAttributeValue(h, [type]);
        try
        {
            var a = attributes[0];
            if (a.CannotBeRead) return null;
            var value = a.GetValueAsByteArray();
            return value is { Length: 1 } ? value[0] != 0 : null;
        }
        finally
        {
            Pkcs11Mapping.Dispose(attributes);
        }
    }

    /// <summary>Every listed attribute the token reveals, in canonical form; null when the object is gone.</summary>
    private P11Object? ReadObject(ulong handle)
    {
        var h = Factories.ObjectHandleFactory.Create(handle);
        var read = new List<IObjectAttribute>();
        try
        {
            try
            {
                read.AddRange(Work.GetAttributeValue(h, [.. Pkcs11Mapping.ListedAttributes]));
            }
            catch (Pkcs11Exception)
            {
                // Some tokens refuse a batch (or fail it as a whole): one attribute at a time, skipping refusals.
                foreach (var type in Pkcs11Mapping.ListedAttributes)
                {
                    try { read.AddRange(Work.GetAttributeValue(h, [type])); }
                    catch (Pkcs11Exception) { /* sensitive, invalid or refused: not listed */ }
                }
            }
            var values = new List<P11Attribute>(read.Count);
            foreach (var a in read)
            {
                if (a.CannotBeRead) continue;
                values.Add(new P11Attribute(a.Type, a.GetValueAsByteArray() ?? []));
            }
            if (values.Count == 0) return null;
            ulong? objectClass = values.FirstOrDefault(v => v.Type == CKA.CLASS)?.AsULong;
            if (objectClass is { } cls && Pkcs11Mapping.HoldsKeyMaterial(cls))
                values.RemoveAll(v => Pkcs11Mapping.SecretComponents.Contains(v.Type));
            else if (objectClass is null)
                values.RemoveAll(v => Pkcs11Mapping.SecretComponents.Contains(v.Type));
            return new P11Object(handle, values);
        }
        finally
        {
            Pkcs11Mapping.Dispose(read);
        }
    }

    private P11TokenInfo ReadInfo()
    {
        var t = _slot.GetTokenInfo();
        return new P11TokenInfo(
            Label: Pkcs11Mapping.Text(t.Label),
            Manufacturer: Pkcs11Mapping.Text(t.ManufacturerId),
            Model: Pkcs11Mapping.Text(t.Model),
            Serial: Pkcs11Mapping.Text(t.SerialNumber),
            Flags: t.TokenFlags.Flags,
            MaxPinLength: t.MaxPinLen,
            MinPinLength: t.MinPinLen,
            TotalPublicMemory: Available(t.TotalPublicMemory),
            FreePublicMemory: Available(t.FreePublicMemory),
            TotalPrivateMemory: Available(t.TotalPrivateMemory),
            FreePrivateMemory: Available(t.FreePrivateMemory),
            HardwareVersion: t.HardwareVersion ?? "",
            FirmwareVersion: t.FirmwareVersion ?? "");
    }

    /// <summary>CK_UNAVAILABLE_INFORMATION (all ones) becomes null.</summary>
    private static ulong? Available(ulong value) => value == ulong.MaxValue ? null : value;

    /// <summary>
    /// Reads what the generation follows (the token information without session counts, and the handles of
    /// the objects this application sees) and moves the generation on when it changed. Returns the handles.
    /// </summary>
    private ulong[]? Refresh()
    {
        Fingerprint now;
        try
        {
            _info = ReadInfo();
            var handles = Work.FindAllObjects(null).Select(h => h.ObjectId).Order().ToArray();
            now = new Fingerprint(_info, handles);
        }
        catch (Exception)
        {
            return null;
        }
        if (_seen is not null && !_seen.Same(now)) Bump();
        _seen = now;
        return now.Handles;
    }

    private void Bump()
    {
        _generation++;
        _objects = null;
    }

    private void Hold(byte[] pin)
    {
        Forget(ref _tokenPin);
        _tokenPin = (byte[])pin.Clone();
    }

    /// <summary>Everyone logged in as <paramref name="userType"/> is logged out (the token no longer accepts the held PIN).</summary>
    private void DropLogins(ulong userType)
    {
        foreach (var c in _clients.Values.Where(c => c.As == userType))
        {
            c.As = null;
            Forget(ref c.ContextPin);
        }
        _tokenLogin = null;
        Forget(ref _tokenPin);
    }

    private void TryLogout()
    {
        try { Work.Logout(); }
        catch (Pkcs11Exception) { /* not logged in */ }
        _tokenLogin = null;
    }

    /// <summary>Opens a fresh work session before closing the old one, so the application never has no session.</summary>
    private void ReplaceWork()
    {
        var old = _work;
        try { _work = _slot.OpenSession(SessionType.ReadWrite); }
        catch (Exception) { _work = old; return; }
        Close(ref old);
    }

    private static void Close(ref ISession? session)
    {
        if (session is null) return;
        try { session.CloseSession(); } catch (Exception) { /* already closed */ }
        try { session.Dispose(); } catch (Exception) { /* nothing left to free */ }
        session = null;
    }

    private static void Forget(ref byte[]? secret)
    {
        if (secret is not null) CryptographicOperations.ZeroMemory(secret);
        secret = null;
    }
}
