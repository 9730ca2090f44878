using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// The v3.0 additions (except C_GetInterfaceList and C_GetInterface, in Exports.FunctionList.cs).
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_LoginUser")]
    public static nuint C_LoginUser(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen, byte* pUsername, nuint ulUsernameLen)
    {
        try { return Impl.LoginUser(hSession, userType, pPin, ulPinLen, pUsername, ulUsernameLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SessionCancel")]
    public static nuint C_SessionCancel(nuint hSession, nuint flags)
    {
        try { return Impl.SessionCancel(hSession, flags); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageEncryptInit")]
    public static nuint C_MessageEncryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.MessageEncryptInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptMessage")]
    public static nuint C_EncryptMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen, byte* pPlaintext, nuint ulPlaintextLen, byte* pCiphertext, nuint* pulCiphertextLen)
    {
        try { return Impl.EncryptMessage(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen, pPlaintext, ulPlaintextLen, pCiphertext, pulCiphertextLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptMessageBegin")]
    public static nuint C_EncryptMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen)
    {
        try { return Impl.EncryptMessageBegin(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptMessageNext")]
    public static nuint C_EncryptMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pPlaintextPart, nuint ulPlaintextPartLen, byte* pCiphertextPart, nuint* pulCiphertextPartLen, nuint flags)
    {
        try { return Impl.EncryptMessageNext(hSession, pParameter, ulParameterLen, pPlaintextPart, ulPlaintextPartLen, pCiphertextPart, pulCiphertextPartLen, flags); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageEncryptFinal")]
    public static nuint C_MessageEncryptFinal(nuint hSession)
    {
        try { return Impl.MessageEncryptFinal(hSession); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageDecryptInit")]
    public static nuint C_MessageDecryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.MessageDecryptInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptMessage")]
    public static nuint C_DecryptMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen, byte* pCiphertext, nuint ulCiphertextLen, byte* pPlaintext, nuint* pulPlaintextLen)
    {
        try { return Impl.DecryptMessage(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen, pCiphertext, ulCiphertextLen, pPlaintext, pulPlaintextLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptMessageBegin")]
    public static nuint C_DecryptMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen)
    {
        try { return Impl.DecryptMessageBegin(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptMessageNext")]
    public static nuint C_DecryptMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pCiphertextPart, nuint ulCiphertextPartLen, byte* pPlaintextPart, nuint* pulPlaintextPartLen, nuint flags)
    {
        try { return Impl.DecryptMessageNext(hSession, pParameter, ulParameterLen, pCiphertextPart, ulCiphertextPartLen, pPlaintextPart, pulPlaintextPartLen, flags); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageDecryptFinal")]
    public static nuint C_MessageDecryptFinal(nuint hSession)
    {
        try { return Impl.MessageDecryptFinal(hSession); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageSignInit")]
    public static nuint C_MessageSignInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.MessageSignInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignMessage")]
    public static nuint C_SignMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen)
    {
        try { return Impl.SignMessage(hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, pulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignMessageBegin")]
    public static nuint C_SignMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen)
    {
        try { return Impl.SignMessageBegin(hSession, pParameter, ulParameterLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignMessageNext")]
    public static nuint C_SignMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen)
    {
        try { return Impl.SignMessageNext(hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, pulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageSignFinal")]
    public static nuint C_MessageSignFinal(nuint hSession)
    {
        try { return Impl.MessageSignFinal(hSession); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageVerifyInit")]
    public static nuint C_MessageVerifyInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.MessageVerifyInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyMessage")]
    public static nuint C_VerifyMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen)
    {
        try { return Impl.VerifyMessage(hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, ulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyMessageBegin")]
    public static nuint C_VerifyMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen)
    {
        try { return Impl.VerifyMessageBegin(hSession, pParameter, ulParameterLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyMessageNext")]
    public static nuint C_VerifyMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen)
    {
        try { return Impl.VerifyMessageNext(hSession, pParameter, ulParameterLen, pData, ulDataLen, pSignature, ulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_MessageVerifyFinal")]
    public static nuint C_MessageVerifyFinal(nuint hSession)
    {
        try { return Impl.MessageVerifyFinal(hSession); }
        catch (Exception e) { return Failed(e); }
    }
}
