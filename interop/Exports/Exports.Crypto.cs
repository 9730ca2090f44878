using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// Encryption, decryption, message digesting, signing, verification and the dual-function updates.
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_EncryptInit")]
    public static nuint C_EncryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.EncryptInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Encrypt")]
    public static nuint C_Encrypt(nuint hSession, byte* pData, nuint ulDataLen, byte* pEncryptedData, nuint* pulEncryptedDataLen)
    {
        try { return Impl.Encrypt(hSession, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptUpdate")]
    public static nuint C_EncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen)
    {
        try { return Impl.EncryptUpdate(hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_EncryptFinal")]
    public static nuint C_EncryptFinal(nuint hSession, byte* pLastEncryptedPart, nuint* pulLastEncryptedPartLen)
    {
        try { return Impl.EncryptFinal(hSession, pLastEncryptedPart, pulLastEncryptedPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptInit")]
    public static nuint C_DecryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.DecryptInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Decrypt")]
    public static nuint C_Decrypt(nuint hSession, byte* pEncryptedData, nuint ulEncryptedDataLen, byte* pData, nuint* pulDataLen)
    {
        try { return Impl.Decrypt(hSession, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptUpdate")]
    public static nuint C_DecryptUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen)
    {
        try { return Impl.DecryptUpdate(hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptFinal")]
    public static nuint C_DecryptFinal(nuint hSession, byte* pLastPart, nuint* pulLastPartLen)
    {
        try { return Impl.DecryptFinal(hSession, pLastPart, pulLastPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestInit")]
    public static nuint C_DigestInit(nuint hSession, CK_MECHANISM* pMechanism)
    {
        try { return Impl.DigestInit(hSession, pMechanism); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Digest")]
    public static nuint C_Digest(nuint hSession, byte* pData, nuint ulDataLen, byte* pDigest, nuint* pulDigestLen)
    {
        try { return Impl.Digest(hSession, pData, ulDataLen, pDigest, pulDigestLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestUpdate")]
    public static nuint C_DigestUpdate(nuint hSession, byte* pPart, nuint ulPartLen)
    {
        try { return Impl.DigestUpdate(hSession, pPart, ulPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestKey")]
    public static nuint C_DigestKey(nuint hSession, nuint hKey)
    {
        try { return Impl.DigestKey(hSession, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestFinal")]
    public static nuint C_DigestFinal(nuint hSession, byte* pDigest, nuint* pulDigestLen)
    {
        try { return Impl.DigestFinal(hSession, pDigest, pulDigestLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignInit")]
    public static nuint C_SignInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.SignInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Sign")]
    public static nuint C_Sign(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen)
    {
        try { return Impl.Sign(hSession, pData, ulDataLen, pSignature, pulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignUpdate")]
    public static nuint C_SignUpdate(nuint hSession, byte* pPart, nuint ulPartLen)
    {
        try { return Impl.SignUpdate(hSession, pPart, ulPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignFinal")]
    public static nuint C_SignFinal(nuint hSession, byte* pSignature, nuint* pulSignatureLen)
    {
        try { return Impl.SignFinal(hSession, pSignature, pulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignRecoverInit")]
    public static nuint C_SignRecoverInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.SignRecoverInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignRecover")]
    public static nuint C_SignRecover(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen)
    {
        try { return Impl.SignRecover(hSession, pData, ulDataLen, pSignature, pulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyInit")]
    public static nuint C_VerifyInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.VerifyInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_Verify")]
    public static nuint C_Verify(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen)
    {
        try { return Impl.Verify(hSession, pData, ulDataLen, pSignature, ulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyUpdate")]
    public static nuint C_VerifyUpdate(nuint hSession, byte* pPart, nuint ulPartLen)
    {
        try { return Impl.VerifyUpdate(hSession, pPart, ulPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyFinal")]
    public static nuint C_VerifyFinal(nuint hSession, byte* pSignature, nuint ulSignatureLen)
    {
        try { return Impl.VerifyFinal(hSession, pSignature, ulSignatureLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyRecoverInit")]
    public static nuint C_VerifyRecoverInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey)
    {
        try { return Impl.VerifyRecoverInit(hSession, pMechanism, hKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_VerifyRecover")]
    public static nuint C_VerifyRecover(nuint hSession, byte* pSignature, nuint ulSignatureLen, byte* pData, nuint* pulDataLen)
    {
        try { return Impl.VerifyRecover(hSession, pSignature, ulSignatureLen, pData, pulDataLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DigestEncryptUpdate")]
    public static nuint C_DigestEncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen)
    {
        try { return Impl.DigestEncryptUpdate(hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptDigestUpdate")]
    public static nuint C_DecryptDigestUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen)
    {
        try { return Impl.DecryptDigestUpdate(hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SignEncryptUpdate")]
    public static nuint C_SignEncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen)
    {
        try { return Impl.SignEncryptUpdate(hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DecryptVerifyUpdate")]
    public static nuint C_DecryptVerifyUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen)
    {
        try { return Impl.DecryptVerifyUpdate(hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen); }
        catch (Exception e) { return Failed(e); }
    }
}
