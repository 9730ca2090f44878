using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// Key management and random number generation.
// Compiled into the module (src/Pkcs11Phone.Module), not into the interop assembly. Every export has the same shape:
// forward the raw C arguments to the implementation, and turn any exception into CKR_GENERAL_ERROR.
public static unsafe partial class CryptokiExports
{
    [UnmanagedCallersOnly(EntryPoint = "C_GenerateKey")]
    public static nuint C_GenerateKey(nuint hSession, CK_MECHANISM* pMechanism, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phKey)
    {
        try { return Impl.GenerateKey(hSession, pMechanism, pTemplate, ulCount, phKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GenerateKeyPair")]
    public static nuint C_GenerateKeyPair(nuint hSession, CK_MECHANISM* pMechanism, CK_ATTRIBUTE* pPublicKeyTemplate, nuint ulPublicKeyAttributeCount, CK_ATTRIBUTE* pPrivateKeyTemplate, nuint ulPrivateKeyAttributeCount, nuint* phPublicKey, nuint* phPrivateKey)
    {
        try { return Impl.GenerateKeyPair(hSession, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_WrapKey")]
    public static nuint C_WrapKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hWrappingKey, nuint hKey, byte* pWrappedKey, nuint* pulWrappedKeyLen)
    {
        try { return Impl.WrapKey(hSession, pMechanism, hWrappingKey, hKey, pWrappedKey, pulWrappedKeyLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_UnwrapKey")]
    public static nuint C_UnwrapKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hUnwrappingKey, byte* pWrappedKey, nuint ulWrappedKeyLen, CK_ATTRIBUTE* pTemplate, nuint ulAttributeCount, nuint* phKey)
    {
        try { return Impl.UnwrapKey(hSession, pMechanism, hUnwrappingKey, pWrappedKey, ulWrappedKeyLen, pTemplate, ulAttributeCount, phKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_DeriveKey")]
    public static nuint C_DeriveKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hBaseKey, CK_ATTRIBUTE* pTemplate, nuint ulAttributeCount, nuint* phKey)
    {
        try { return Impl.DeriveKey(hSession, pMechanism, hBaseKey, pTemplate, ulAttributeCount, phKey); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_SeedRandom")]
    public static nuint C_SeedRandom(nuint hSession, byte* pSeed, nuint ulSeedLen)
    {
        try { return Impl.SeedRandom(hSession, pSeed, ulSeedLen); }
        catch (Exception e) { return Failed(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "C_GenerateRandom")]
    public static nuint C_GenerateRandom(nuint hSession, byte* pRandomData, nuint ulRandomLen)
    {
        try { return Impl.GenerateRandom(hSession, pRandomData, ulRandomLen); }
        catch (Exception e) { return Failed(e); }
    }
}
