using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Software;

/// <summary>
/// The software token: objects in files under its directory, private keys sealed under a master key that only a PIN
/// unwraps. One lock serializes every call. The life cycle follows SoftHSMv2: a fresh token is not initialized and has
/// no PINs; C_InitToken sets the SO PIN (or, on an initialized token, needs it and starts over); C_InitPIN by the SO sets
/// the user PIN. See ICryptoModule.cs for the contract.
/// </summary>
internal sealed class SoftwareToken : IPhoneToken, IDisposable
{
    public const int MinPinLength = 4, MaxPinLength = 64, MaxLabelBytes = 32;
    public const int MaxObjects = 10_000, MaxObjectBytes = 512 * 1024, MaxRandom = 1 << 20;
    private const string SoRole = "so", UserRole = "user";

    private readonly Lock _gate = new();
    private readonly string _recordPath, _objectsDir;
    private readonly KdfCost _cost;
    private readonly TokenRecord _record;
    private readonly SortedDictionary<ulong, StoredObject> _objects = [];
    private readonly Dictionary<string, ClientState> _clients = new(StringComparer.Ordinal);
    private byte[]? _masterKey;
    private bool _disposed;

    private sealed class ClientState
    {
        public ulong Role;
        /// <summary>CKU_CONTEXT_SPECIFIC succeeded: the next use of a CKA_ALWAYS_AUTHENTICATE key is allowed.</summary>
        public bool ContextAuthenticated;
    }

    /// <summary>Tests only: runs after the decremented PIN counter is on disk and before the PIN is checked.</summary>
    internal Action? BeforePinCheck { get; set; }

    /// <summary>Tests only: a copy of the master key while it is in memory.</summary>
    internal byte[]? MasterKeyForTests { get { lock (_gate) return (byte[]?)_masterKey?.Clone(); } }

    private SoftwareToken(string directory, TokenRecord record, KdfCost cost)
    {
        _recordPath = Path.Combine(directory, "token.json");
        _objectsDir = Path.Combine(directory, "objects");
        _record = record;
        _cost = cost;
    }

    /// <summary>
    /// Opens (or creates) the token kept in <paramref name="directory"/>, applies the settings, and raises the
    /// generation, so that whatever a crash interrupted is seen as a change. Throws InvalidDataException on a corrupt store.
    /// </summary>
    public static SoftwareToken Open(string directory, TokenSettings settings, KdfCost cost)
    {
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(directory, Private);
        var recordPath = Path.Combine(directory, "token.json");
        AtomicFile.RemoveLeftovers(directory);
        var record = TokenStore.Load(recordPath) ?? new TokenRecord
        {
            Label = SoftwareCryptoModule.DefaultLabel,
            SerialNumber = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            Created = DateTimeOffset.UtcNow,
        };
        record.FormatVersion = TokenRecord.CurrentFormat;
        if (settings.Label is { } label) record.Label = label;
        if (settings.SerialNumber is { } serial) record.SerialNumber = serial;
        if (settings.ProtectedAuthenticationPath is { } pap) record.ProtectedAuthenticationPath = pap;

        var token = new SoftwareToken(directory, record, cost);
        Directory.CreateDirectory(token._objectsDir, Private);
        AtomicFile.RemoveLeftovers(token._objectsDir);
        ulong maxHandle = 0;
        foreach (var path in Directory.EnumerateFiles(token._objectsDir, "*" + ObjectFile.Extension))
        {
            if (AtomicFile.IsTemporary(path)) continue;
            var length = new FileInfo(path).Length;
            if (length > ObjectFile.MaxFileSize) throw new InvalidDataException($"{path}: larger than {ObjectFile.MaxFileSize} bytes");
            var (epoch, o) = ObjectFile.Decode(path, File.ReadAllBytes(path));
            if (Path.GetFileName(path) != ObjectFile.NameOf(o.Handle)) throw new InvalidDataException($"{path}: holds object {o.Handle:x16}");
            maxHandle = Math.Max(maxHandle, o.Handle);
            if (epoch != record.Epoch)
            {
                // Left over from a C_InitToken that was interrupted after it committed: its objects are gone.
                File.Delete(path);
                continue;
            }
            if (o.Kind == ObjectKind.None) throw new InvalidDataException($"{path}: not an object this token keeps");
            token._objects.Add(o.Handle, o);
        }
        // A copy of the directory taken mid-write may have an object newer than the counter: never reuse its handle.
        record.NextHandle = Math.Max(record.NextHandle, maxHandle + 1);
        record.Generation++;
        TokenStore.Save(recordPath, record);
        return token;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _clients.Clear();
            DropMasterKey();
        }
    }

    // ---- Information ----------------------------------------------------------------------------------------------

    public P11TokenInfo Info
    {
        get
        {
            lock (_gate)
            {
                ulong flags = CKF.RNG | CKF.LOGIN_REQUIRED;
                if (_record.Initialized) flags |= CKF.TOKEN_INITIALIZED;
                if (_record.UserKey is not null) flags |= CKF.USER_PIN_INITIALIZED;
                if (_record.ProtectedAuthenticationPath) flags |= CKF.PROTECTED_AUTHENTICATION_PATH;
                flags |= CounterFlags(_record.UserFailures, CKF.USER_PIN_COUNT_LOW, CKF.USER_PIN_FINAL_TRY, CKF.USER_PIN_LOCKED);
                flags |= CounterFlags(_record.SoFailures, CKF.SO_PIN_COUNT_LOW, CKF.SO_PIN_FINAL_TRY, CKF.SO_PIN_LOCKED);
                return new P11TokenInfo(
                    Label: _record.Label,
                    Manufacturer: "Pkcs11Phone",
                    Model: "Soft keystore",
                    Serial: _record.SerialNumber,
                    Flags: flags,
                    MaxPinLength: MaxPinLength,
                    MinPinLength: MinPinLength,
                    TotalPublicMemory: null, FreePublicMemory: null, TotalPrivateMemory: null, FreePrivateMemory: null,
                    HardwareVersion: "0.1",
                    FirmwareVersion: "0.1");
            }
        }
    }

    private static ulong CounterFlags(int failures, ulong low, ulong finalTry, ulong locked)
    {
        int left = TokenRecord.MaxPinTries - failures;
        ulong flags = failures > 0 ? low : 0;
        if (left == 1) flags |= finalTry;
        if (left <= 0) flags |= locked;
        return flags;
    }

    public IReadOnlyList<P11MechanismInfo> Mechanisms => SoftwareCryptoModule.SoftwareMechanisms;

    public ulong Generation { get { lock (_gate) return _record.Generation; } }

    public IReadOnlyList<P11Object> Objects
    {
        get
        {
            lock (_gate)
            {
                return _objects.Values.Select(o =>
                {
                    var p = o.ToP11();
                    // Session objects carry their owner, so the computer shows them to that client only.
                    return o.Owner is null ? p : p with { Attributes = [.. p.Attributes, P11Attribute.Of(P11Attribute.OwnerType, o.Owner)] };
                }).ToList();
            }
        }
    }

    public ulong? LoggedInAs(string client)
    {
        lock (_gate) return client is not null && _clients.TryGetValue(client, out var c) ? c.Role : null;
    }

    // ---- Login and PINs ---------------------------------------------------------------------------------------------

    public ulong Login(string client, ulong userType, ReadOnlySpan<byte> pin)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (client is null) return CKR.ARGUMENTS_BAD;
                if (userType is not (CKU.SO or CKU.USER or CKU.CONTEXT_SPECIFIC)) return CKR.USER_TYPE_INVALID;
                _clients.TryGetValue(client, out var state);
                if (userType == CKU.CONTEXT_SPECIFIC)
                {
                    if (state?.Role != CKU.USER) return CKR.USER_NOT_LOGGED_IN;
                    var crv = VerifyPin(so: false, pin, out var key);
                    if (key is not null) CryptographicOperations.ZeroMemory(key);
                    if (crv == CKR.OK) state.ContextAuthenticated = true;
                    return crv;
                }
                if (state is not null) return state.Role == userType ? CKR.USER_ALREADY_LOGGED_IN : CKR.USER_ANOTHER_ALREADY_LOGGED_IN;
                // The SO and the user are never logged in at the same time, whatever the client.
                if (_clients.Values.Any(c => c.Role != userType)) return CKR.USER_ANOTHER_ALREADY_LOGGED_IN;
                bool so = userType == CKU.SO;
                var rv = VerifyPin(so, pin, out var masterKey);
                if (rv != CKR.OK) return rv;
                if (_masterKey is null) _masterKey = masterKey;
                else CryptographicOperations.ZeroMemory(masterKey!);
                _clients[client] = new ClientState { Role = userType };
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public ulong Logout(string client)
    {
        lock (_gate)
        {
            try
            {
                if (client is null || !_clients.Remove(client)) return CKR.USER_NOT_LOGGED_IN;
                if (_clients.Count == 0) DropMasterKey();
                // PKCS#11: logging out destroys the application's private session objects.
                DropSessionObjects(client, o => o.IsPrivate);
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public void EndClient(string client)
    {
        lock (_gate)
        {
            try
            {
                if (client is null) return;
                _clients.Remove(client);
                if (_clients.Count == 0) DropMasterKey();
                DropSessionObjects(client, _ => true);
            }
            catch (Exception)
            {
                // Nothing to answer: the session objects are gone from memory; only the generation may not be written.
            }
        }
    }

    public ulong InitToken(ReadOnlySpan<byte> soPin, string label)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (label is null) return CKR.ARGUMENTS_BAD;
                label = label.TrimEnd(' ', '\0');
                if (Encoding.UTF8.GetByteCount(label) > MaxLabelBytes) return CKR.ARGUMENTS_BAD;
                if (_clients.Count > 0) return CKR.SESSION_EXISTS;
                if (!_record.Initialized)
                {
                    if (soPin.Length is < MinPinLength or > MaxPinLength) return CKR.PIN_LEN_RANGE;
                }
                else
                {
                    var rv = VerifyPin(so: true, soPin, out var oldKey);
                    if (oldKey is not null) CryptographicOperations.ZeroMemory(oldKey);
                    if (rv != CKR.OK) return rv;
                }
                // Commit: a new epoch and master key, in one rename of token.json. Object files of the old epoch are
                // removed below, or at the next start if we crash first.
                var masterKey = Vault.NewMasterKey();
                ulong epoch = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
                try
                {
                    _record.SoKey = Vault.Wrap(masterKey, soPin, SoRole, epoch, _cost);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(masterKey);
                }
                _record.Epoch = epoch;
                _record.Initialized = true;
                _record.UserKey = null;
                _record.SoFailures = _record.UserFailures = 0;
                _record.Label = label;
                _record.Generation++;
                SaveRecord();
                foreach (var o in _objects.Values.Where(o => o.IsToken).ToList()) TryDeleteFile(o.Handle);
                _objects.Clear();
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public ulong InitPin(string client, ReadOnlySpan<byte> pin)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (client is null || !_clients.TryGetValue(client, out var state) || state.Role != CKU.SO) return CKR.USER_NOT_LOGGED_IN;
                if (pin.Length is < MinPinLength or > MaxPinLength) return CKR.PIN_LEN_RANGE;
                _record.UserKey = Vault.Wrap(_masterKey!, pin, UserRole, _record.Epoch, _cost);
                _record.UserFailures = 0;
                _record.Generation++;
                SaveRecord();
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public ulong SetPin(string client, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (client is null) return CKR.ARGUMENTS_BAD;
                // The PIN of whoever the client is logged in as; the user's in a public session.
                bool so = _clients.TryGetValue(client, out var state) && state.Role == CKU.SO;
                if (!_record.Initialized || (!so && _record.UserKey is null)) return CKR.USER_PIN_NOT_INITIALIZED;
                if (newPin.Length is < MinPinLength or > MaxPinLength) return CKR.PIN_LEN_RANGE;
                var rv = VerifyPin(so, oldPin, out var masterKey);
                if (rv != CKR.OK) return rv;
                try
                {
                    var wrapped = Vault.Wrap(masterKey!, newPin, so ? SoRole : UserRole, _record.Epoch, _cost);
                    if (so) _record.SoKey = wrapped;
                    else _record.UserKey = wrapped;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(masterKey!);
                }
                _record.Generation++;
                SaveRecord();
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    /// <summary>
    /// Checks a PIN by unwrapping the master key with it. The decremented counter is written before the (slow) check,
    /// so that stopping the process during a check cannot give a free try; a right PIN then restores it.
    /// </summary>
    private ulong VerifyPin(bool so, ReadOnlySpan<byte> pin, out byte[]? masterKey)
    {
        masterKey = null;
        var wrapped = so ? _record.SoKey : _record.UserKey;
        if (wrapped is null) return so ? CKR.PIN_INCORRECT : CKR.USER_PIN_NOT_INITIALIZED;
        int failures = so ? _record.SoFailures : _record.UserFailures;
        if (failures >= TokenRecord.MaxPinTries) return CKR.PIN_LOCKED;
        // A PIN of a length we never accept cannot be right: refused without using a try.
        if (pin.Length is < MinPinLength or > MaxPinLength) return CKR.PIN_INCORRECT;

        SetFailures(so, failures + 1);
        SaveRecord();
        BeforePinCheck?.Invoke();
        masterKey = Vault.Unwrap(wrapped, pin, so ? SoRole : UserRole, _record.Epoch);
        if (masterKey is null)
        {
            _record.Generation++;
            SaveRecord();
            return failures + 1 >= TokenRecord.MaxPinTries ? CKR.PIN_LOCKED : CKR.PIN_INCORRECT;
        }
        SetFailures(so, 0);
        if (failures != 0) _record.Generation++;
        SaveRecord();
        return CKR.OK;
    }

    private void SetFailures(bool so, int failures)
    {
        if (so) _record.SoFailures = failures;
        else _record.UserFailures = failures;
    }

    // ---- Objects ----------------------------------------------------------------------------------------------------

    public P11Result<(ulong PublicKey, ulong PrivateKey)> GenerateKeyPair(string client, P11Mechanism mechanism,
        IReadOnlyList<P11Attribute> publicTemplate, IReadOnlyList<P11Attribute> privateTemplate)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (client is null) return CKR.ARGUMENTS_BAD;
                var rv = ObjectFactory.PlanKeyPair(mechanism, publicTemplate, privateTemplate, IsSo(client), out var plan);
                if (rv != CKR.OK) return rv;
                // The private key is sealed under the master key: that needs the user, whatever CKA_PRIVATE says.
                if (!IsUser(client)) return CKR.USER_NOT_LOGGED_IN;
                if (_objects.Count + 2 > MaxObjects) return CKR.DEVICE_MEMORY;
                var pair = ObjectFactory.Generate(plan);
                ulong pubHandle = _record.NextHandle, privHandle = pubHandle + 1;
                var pub = NewObject(pubHandle, plan.Public, null, client);
                var priv = NewObject(privHandle, plan.Private, pair.Private, client);
                _record.NextHandle += 2;
                _record.Generation++;
                SaveRecord();
                Store(priv);
                Store(pub);
                return P11Result<(ulong, ulong)>.Success((pubHandle, privHandle));
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public P11Result<ulong> CreateObject(string client, IReadOnlyList<P11Attribute> template)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (client is null) return CKR.ARGUMENTS_BAD;
                var rv = ObjectFactory.Create(template, IsSo(client), out var attrs, out var privateKey);
                if (rv != CKR.OK) return rv;
                if ((Boolean(attrs, CKA.PRIVATE) || privateKey is not null) && !IsUser(client)) return CKR.USER_NOT_LOGGED_IN;
                if (attrs.Values.Sum(v => (long)v.Length) > MaxObjectBytes) return CKR.DEVICE_MEMORY;
                if (_objects.Count >= MaxObjects) return CKR.DEVICE_MEMORY;
                ulong handle = _record.NextHandle;
                var o = NewObject(handle, attrs, privateKey, client);
                _record.NextHandle++;
                _record.Generation++;
                SaveRecord();
                Store(o);
                return P11Result<ulong>.Success(handle);
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public ulong DestroyObject(string client, ulong handle)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                var rv = Find(client, handle, out var o);
                if (rv != CKR.OK) return rv;
                if (!o.Bool(CKA.DESTROYABLE)) return CKR.ACTION_PROHIBITED;
                _record.Generation++;
                SaveRecord();
                _objects.Remove(handle);
                if (o.IsToken) AtomicFile.Delete(Path.Combine(_objectsDir, ObjectFile.NameOf(handle)));
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public P11Result<ulong> CopyObject(string client, ulong handle, IReadOnlyList<P11Attribute> template)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (!ObjectFactory.IsWellFormed(template)) return CKR.ARGUMENTS_BAD;
                var rv = Find(client, handle, out var o);
                if (rv != CKR.OK) return rv;
                if (o.Attributes.ContainsKey(CKA.COPYABLE) && !o.Bool(CKA.COPYABLE)) return CKR.ACTION_PROHIBITED;
                // These four are the copy's own choice; everything else follows the rules of C_SetAttributeValue.
                ulong[] own = [CKA.TOKEN, CKA.PRIVATE, CKA.MODIFIABLE, CKA.DESTROYABLE];
                var chosen = template.Where(a => own.Contains(a.Type)).ToList();
                if (chosen.Any(a => a.Value.Length != 1)) return CKR.ATTRIBUTE_VALUE_INVALID;
                if (o.IsPrivate && chosen.Any(a => a.Type == CKA.PRIVATE && a.Value[0] == 0)) return CKR.TEMPLATE_INCONSISTENT;
                rv = AttributeTable.CheckChanges(o, template.Where(a => !own.Contains(a.Type)).ToList(), IsSo(client), out var changes);
                if (rv != CKR.OK) return rv;
                var attrs = new SortedDictionary<ulong, byte[]>(o.Attributes);
                foreach (var (k, v) in changes) attrs[k] = v;
                foreach (var a in chosen) attrs[a.Type] = a.Value;
                bool isPrivate = attrs.TryGetValue(CKA.PRIVATE, out var p) && p.Length == 1 && p[0] != 0;
                if ((isPrivate || o.Secret is not null) && !IsUser(client)) return CKR.USER_NOT_LOGGED_IN;
                if (_objects.Count >= MaxObjects) return CKR.DEVICE_MEMORY;
                var key = o.Secret is null ? null : OpenSecret(o) ?? throw new InvalidDataException("the key to copy does not open");
                ulong copyHandle = _record.NextHandle;
                var copy = NewObject(copyHandle, attrs, key, client);
                _record.NextHandle++;
                _record.Generation++;
                SaveRecord();
                Store(copy);
                return P11Result<ulong>.Success(copyHandle);
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    public ulong SetAttributes(string client, ulong handle, IReadOnlyList<P11Attribute> template)
    {
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (!ObjectFactory.IsWellFormed(template)) return CKR.ARGUMENTS_BAD;
                var rv = Find(client, handle, out var o);
                if (rv != CKR.OK) return rv;
                if (!o.Bool(CKA.MODIFIABLE)) return CKR.ACTION_PROHIBITED;
                rv = AttributeTable.CheckChanges(o, template, IsSo(client), out var changes);
                if (rv != CKR.OK) return rv;
                if (changes.Count == 0) return CKR.OK;
                var changed = o.With(changes);
                if (changed.Attributes.Values.Sum(v => (long)v.Length) > MaxObjectBytes) return CKR.DEVICE_MEMORY;
                _record.Generation++;
                SaveRecord();
                Store(changed);
                return CKR.OK;
            }
            catch (Exception e)
            {
                return Failure(e);
            }
        }
    }

    /// <summary>An object the client may change: not another client's session object; a private one needs the user.</summary>
    private ulong Find(string client, ulong handle, out StoredObject o)
    {
        if (client is null || !_objects.TryGetValue(handle, out o!) || (o.Owner is not null && o.Owner != client))
        {
            o = null!;
            return CKR.OBJECT_HANDLE_INVALID;
        }
        return o.IsPrivate && !IsUser(client) ? CKR.USER_NOT_LOGGED_IN : CKR.OK;
    }

    private StoredObject NewObject(ulong handle, SortedDictionary<ulong, byte[]> attrs, AsymmetricKeyParameter? privateKey, string client)
    {
        byte[]? secret = null;
        if (privateKey is not null)
        {
            var pkcs8 = KeyMaterial.ToPkcs8(privateKey);
            try
            {
                secret = Vault.Seal(_masterKey!, pkcs8, Vault.SecretAad(_record.Epoch, handle));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        bool token = Boolean(attrs, CKA.TOKEN);
        return new StoredObject { Handle = handle, Attributes = attrs, Secret = secret, Owner = token ? null : client };
    }

    /// <summary>Keeps an object: a token object is written to its file first.</summary>
    private void Store(StoredObject o)
    {
        if (o.IsToken)
            AtomicFile.Write(Path.Combine(_objectsDir, ObjectFile.NameOf(o.Handle)), ObjectFile.Encode(_record.Epoch, o));
        _objects[o.Handle] = o;
    }

    private void DropSessionObjects(string client, Func<StoredObject, bool> which)
    {
        var gone = _objects.Values.Where(o => o.Owner == client && which(o)).Select(o => o.Handle).ToList();
        if (gone.Count == 0) return;
        foreach (var h in gone) _objects.Remove(h);
        _record.Generation++;
        SaveRecord();
    }

    private void TryDeleteFile(ulong handle)
    {
        try { AtomicFile.Delete(Path.Combine(_objectsDir, ObjectFile.NameOf(handle))); }
        catch (Exception e) when (IsStorageError(e)) { }
    }

    // ---- Private-key operations -------------------------------------------------------------------------------------

    public P11Result<byte[]> Sign(string client, ulong key, P11Mechanism mechanism, ReadOnlySpan<byte> data) =>
        PrivateKeyOperation(client, key, mechanism, data, sign: true);

    public P11Result<byte[]> Decrypt(string client, ulong key, P11Mechanism mechanism, ReadOnlySpan<byte> data) =>
        PrivateKeyOperation(client, key, mechanism, data, sign: false);

    private P11Result<byte[]> PrivateKeyOperation(string client, ulong handle, P11Mechanism mechanism, ReadOnlySpan<byte> input, bool sign)
    {
        var data = input.ToArray();
        lock (_gate)
        {
            try
            {
                if (_disposed) return CKR.DEVICE_REMOVED;
                if (client is null || !ObjectFactory.IsWellFormed(mechanism)) return CKR.ARGUMENTS_BAD;
                if (!_objects.TryGetValue(handle, out var o) || (o.Owner is not null && o.Owner != client)
                    || o.Class is not (CKO.PRIVATE_KEY or CKO.PUBLIC_KEY))
                    return CKR.KEY_HANDLE_INVALID;
                if (!IsUser(client)) return CKR.USER_NOT_LOGGED_IN;
                if (o.Class != CKO.PRIVATE_KEY) return CKR.KEY_TYPE_INCONSISTENT;
                var kind = o.Kind;
                var supported = KeyOperations.Supports(mechanism.Type, kind, sign);
                if (supported is null) return CKR.MECHANISM_INVALID;
                if (!AllowedMechanism(o, mechanism.Type)) return CKR.MECHANISM_INVALID;
                if (supported == false) return CKR.KEY_TYPE_INCONSISTENT;
                if (!o.Bool(sign ? CKA.SIGN : CKA.DECRYPT)) return CKR.KEY_FUNCTION_NOT_PERMITTED;
                var state = _clients[client];
                if (o.Bool(CKA.ALWAYS_AUTHENTICATE) && !state.ContextAuthenticated) return CKR.USER_NOT_LOGGED_IN;

                var (keyBytes, keyBits) = KeySize(o);
                var rv = KeyOperations.Check(mechanism, sign, keyBytes, keyBits, data.Length);
                if (rv != CKR.OK) return rv;
                if (o.Bool(CKA.ALWAYS_AUTHENTICATE)) state.ContextAuthenticated = false; // good for one operation
                var privateKey = OpenSecret(o);
                if (privateKey is null) return CKR.DEVICE_ERROR;
                return sign
                    ? KeyOperations.Sign(privateKey, mechanism, data, keyBytes)
                    : KeyOperations.Decrypt(privateKey, mechanism, data, keyBytes);
            }
            catch (Exception e)
            {
                return Failure(e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(data);
            }
        }
    }

    private static bool AllowedMechanism(StoredObject o, ulong mechanism)
    {
        var list = o.Get(CKA.ALLOWED_MECHANISMS);
        if (list is null || list.Length == 0) return true;
        for (int i = 0; i + 8 <= list.Length; i += 8)
            if (BitConverter.ToUInt64(list, i) == mechanism) return true;
        return false;
    }

    /// <summary>The length of the key in bytes (RSA modulus or curve field) and in bits, from its public attributes.</summary>
    private static (int Bytes, int Bits) KeySize(StoredObject o)
    {
        if (o.Kind == ObjectKind.RsaPrivate)
        {
            var n = new Org.BouncyCastle.Math.BigInteger(1, o.Get(CKA.MODULUS) ?? [0]);
            return ((n.BitLength + 7) / 8, n.BitLength);
        }
        KeyMaterial.ParseEcParams(o.Get(CKA.EC_PARAMS) ?? [], o.Kind == ObjectKind.EdPrivate, out var curve);
        return (curve.FieldBytes, curve.Bits);
    }

    private AsymmetricKeyParameter? OpenSecret(StoredObject o)
    {
        if (_masterKey is null || o.Secret is null) return null;
        var pkcs8 = Vault.Open(_masterKey, o.Secret, Vault.SecretAad(_record.Epoch, o.Handle));
        if (pkcs8 is null) return null;
        try
        {
            var key = KeyMaterial.FromPkcs8(pkcs8);
            bool fits = (o.Kind, key) switch
            {
                (ObjectKind.RsaPrivate, RsaPrivateCrtKeyParameters) => true,
                (ObjectKind.EcPrivate, ECPrivateKeyParameters) => true,
                (ObjectKind.EdPrivate, Ed25519PrivateKeyParameters) => true,
                _ => false,
            };
            return fits ? key : null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public P11Result<byte[]> GenerateRandom(int length)
    {
        if (length is < 1 or > MaxRandom) return CKR.ARGUMENTS_BAD;
        return P11Result<byte[]>.Success(RandomNumberGenerator.GetBytes(length));
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    private bool IsUser(string client) => client is not null && _clients.TryGetValue(client, out var c) && c.Role == CKU.USER;

    private bool IsSo(string client) => client is not null && _clients.TryGetValue(client, out var c) && c.Role == CKU.SO;

    private static bool Boolean(SortedDictionary<ulong, byte[]> attrs, ulong type) =>
        attrs.TryGetValue(type, out var v) && v.Length == 1 && v[0] != 0;

    private void SaveRecord() => TokenStore.Save(_recordPath, _record);

    private void DropMasterKey()
    {
        if (_masterKey is not null) CryptographicOperations.ZeroMemory(_masterKey);
        _masterKey = null;
    }

    private static bool IsStorageError(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>
    /// The CK_RV of an exception that escaped an operation: storage trouble is CKR_DEVICE_ERROR, anything else (a bug,
    /// since bad input is answered with a CK_RV) is CKR_GENERAL_ERROR. Nothing secret is in either.
    /// </summary>
    private static ulong Failure(Exception e) => IsStorageError(e) ? CKR.DEVICE_ERROR : CKR.GENERAL_ERROR;
}
