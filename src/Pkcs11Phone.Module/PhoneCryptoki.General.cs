using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>General-purpose functions: C_Initialize, C_Finalize, C_GetInfo (PKCS#11 v2.40 section 5.4).</summary>
public sealed unsafe partial class PhoneCryptoki
{
    public const byte LibraryMajor = 0, LibraryMinor = 1;

    public nuint Initialize(void* pInitArgs) => Run(() =>
    {
        if (pInitArgs is not null)
        {
            var args = (CK_C_INITIALIZE_ARGS*)pInitArgs;
            // pReserved should be NULL, but NSS passes its library parameters there (its CK_C_INITIALIZE_ARGS
            // has an extra field at that offset), so it is ignored rather than refused.
            bool anyMutex = args->CreateMutex is not null || args->DestroyMutex is not null || args->LockMutex is not null || args->UnlockMutex is not null;
            bool allMutex = args->CreateMutex is not null && args->DestroyMutex is not null && args->LockMutex is not null && args->UnlockMutex is not null;
            if (anyMutex && !allMutex) throw new CkException(CKR.ARGUMENTS_BAD);
            // We lock with the OS's primitives; callbacks alone (without CKF_OS_LOCKING_OK) we cannot honour.
            if (allMutex && (args->flags & CKF.OS_LOCKING_OK) == 0) throw new CkException(CKR.CANT_LOCK);
        }
        Trace.Configure();
        lock (_stateLock)
        {
            if (_state is { } old)
            {
                if (old.Pid == Native.getpid()) throw new CkException(CKR.CRYPTOKI_ALREADY_INITIALIZED);
                // A forked child: the parent's connection belongs to the parent; forget it without closing it.
                _state = null;
            }
            var paths = AgentPaths.For(Native.GetEnv, Native.getuid());
            bool autostart = Native.GetEnv(EnvironmentNames.NoAutostart) != "1";
            _state = new ModuleState(new AgentClient(paths, autostart), new AgentClient(paths, autostart), Native.getpid());
        }
    });

    public nuint Finalize(void* pReserved) => Run(() =>
    {
        if (pReserved is not null) throw new CkException(CKR.ARGUMENTS_BAD);
        lock (_stateLock)
        {
            var state = State;
            _state = null;
            state.Dispose();
        }
    });

    public nuint GetInfo(CK_INFO* pInfo) => Run(() =>
    {
        _ = State;
        if (pInfo is null) throw new CkException(CKR.ARGUMENTS_BAD);
        pInfo->cryptokiVersion = new CK_VERSION(2, 40);
        CkString.Write(pInfo->manufacturerID, 32, "Pkcs11Phone");
        pInfo->flags = 0;
        CkString.Write(pInfo->libraryDescription, 32, "Pkcs11Phone phone token module");
        pInfo->libraryVersion = new CK_VERSION(LibraryMajor, LibraryMinor);
    });
}
