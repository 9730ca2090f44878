using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// General-purpose functions (and the legacy parallel-function management).
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_Initialize")]
    public static nuint C_Initialize(void* pInitArgs)
    {
        try { return Impl.Initialize(pInitArgs); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Finalize")]
    public static nuint C_Finalize(void* pReserved)
    {
        try { return Impl.Finalize(pReserved); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetInfo")]
    public static nuint C_GetInfo(CK_INFO* pInfo)
    {
        try { return Impl.GetInfo(pInfo); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetFunctionStatus")]
    public static nuint C_GetFunctionStatus(nuint hSession)
    {
        try { return Impl.GetFunctionStatus(hSession); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CancelFunction")]
    public static nuint C_CancelFunction(nuint hSession)
    {
        try { return Impl.CancelFunction(hSession); }
        catch (Exception e) { return Failed(e); }
    }
}
