using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// Slot and token management.
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_GetSlotList")]
    public static nuint C_GetSlotList(byte tokenPresent, nuint* pSlotList, nuint* pulCount)
    {
        try { return Impl.GetSlotList(tokenPresent, pSlotList, pulCount); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetSlotInfo")]
    public static nuint C_GetSlotInfo(nuint slotID, CK_SLOT_INFO* pInfo)
    {
        try { return Impl.GetSlotInfo(slotID, pInfo); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetTokenInfo")]
    public static nuint C_GetTokenInfo(nuint slotID, CK_TOKEN_INFO* pInfo)
    {
        try { return Impl.GetTokenInfo(slotID, pInfo); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetMechanismList")]
    public static nuint C_GetMechanismList(nuint slotID, nuint* pMechanismList, nuint* pulCount)
    {
        try { return Impl.GetMechanismList(slotID, pMechanismList, pulCount); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GetMechanismInfo")]
    public static nuint C_GetMechanismInfo(nuint slotID, nuint type, CK_MECHANISM_INFO* pInfo)
    {
        try { return Impl.GetMechanismInfo(slotID, type, pInfo); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_InitToken")]
    public static nuint C_InitToken(nuint slotID, byte* pPin, nuint ulPinLen, byte* pLabel)
    {
        try { return Impl.InitToken(slotID, pPin, ulPinLen, pLabel); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_InitPIN")]
    public static nuint C_InitPIN(nuint hSession, byte* pPin, nuint ulPinLen)
    {
        try { return Impl.InitPIN(hSession, pPin, ulPinLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SetPIN")]
    public static nuint C_SetPIN(nuint hSession, byte* pOldPin, nuint ulOldLen, byte* pNewPin, nuint ulNewLen)
    {
        try { return Impl.SetPIN(hSession, pOldPin, ulOldLen, pNewPin, ulNewLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_WaitForSlotEvent")]
    public static nuint C_WaitForSlotEvent(nuint flags, nuint* pSlot, void* pReserved)
    {
        try { return Impl.WaitForSlotEvent(flags, pSlot, pReserved); }
        catch (Exception e) { return Failed(e); }
    }
}
