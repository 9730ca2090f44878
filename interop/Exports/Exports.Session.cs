using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// Session management.
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_OpenSession")]
    public static nuint C_OpenSession(nuint slotID, nuint flags, void* pApplication, delegate* unmanaged<nuint, nuint, void*, nuint> Notify, nuint* phSession)
    {
        try { return Impl.OpenSession(slotID, flags, pApplication, Notify, phSession); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CloseSession")]
    public static nuint C_CloseSession(nuint hSession)
    {
        try { return Impl.CloseSession(hSession); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CloseAllSessions")]
    public static nuint C_CloseAllSessions(nuint slotID)
    {
        try { return Impl.CloseAllSessions(slotID); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetSessionInfo")]
    public static nuint C_GetSessionInfo(nuint hSession, CK_SESSION_INFO* pInfo)
    {
        try { return Impl.GetSessionInfo(hSession, pInfo); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetOperationState")]
    public static nuint C_GetOperationState(nuint hSession, byte* pOperationState, nuint* pulOperationStateLen)
    {
        try { return Impl.GetOperationState(hSession, pOperationState, pulOperationStateLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SetOperationState")]
    public static nuint C_SetOperationState(nuint hSession, byte* pOperationState, nuint ulOperationStateLen, nuint hEncryptionKey, nuint hAuthenticationKey)
    {
        try { return Impl.SetOperationState(hSession, pOperationState, ulOperationStateLen, hEncryptionKey, hAuthenticationKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Login")]
    public static nuint C_Login(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen)
    {
        try { return Impl.Login(hSession, userType, pPin, ulPinLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Logout")]
    public static nuint C_Logout(nuint hSession)
    {
        try { return Impl.Logout(hSession); }
        catch (Exception e) { return Failed(e); }
    }
}
