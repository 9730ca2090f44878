using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// Object management.
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_CreateObject")]
    public static nuint C_CreateObject(nuint hSession, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phObject)
    {
        try { return Impl.CreateObject(hSession, pTemplate, ulCount, phObject); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_CopyObject")]
    public static nuint C_CopyObject(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phNewObject)
    {
        try { return Impl.CopyObject(hSession, hObject, pTemplate, ulCount, phNewObject); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DestroyObject")]
    public static nuint C_DestroyObject(nuint hSession, nuint hObject)
    {
        try { return Impl.DestroyObject(hSession, hObject); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetObjectSize")]
    public static nuint C_GetObjectSize(nuint hSession, nuint hObject, nuint* pulSize)
    {
        try { return Impl.GetObjectSize(hSession, hObject, pulSize); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetAttributeValue")]
    public static nuint C_GetAttributeValue(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount)
    {
        try { return Impl.GetAttributeValue(hSession, hObject, pTemplate, ulCount); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SetAttributeValue")]
    public static nuint C_SetAttributeValue(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount)
    {
        try { return Impl.SetAttributeValue(hSession, hObject, pTemplate, ulCount); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_FindObjectsInit")]
    public static nuint C_FindObjectsInit(nuint hSession, CK_ATTRIBUTE* pTemplate, nuint ulCount)
    {
        try { return Impl.FindObjectsInit(hSession, pTemplate, ulCount); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_FindObjects")]
    public static nuint C_FindObjects(nuint hSession, nuint* phObject, nuint ulMaxObjectCount, nuint* pulObjectCount)
    {
        try { return Impl.FindObjects(hSession, phObject, ulMaxObjectCount, pulObjectCount); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_FindObjectsFinal")]
    public static nuint C_FindObjectsFinal(nuint hSession)
    {
        try { return Impl.FindObjectsFinal(hSession); }
        catch (Exception e) { return Failed(e); }
    }
}
