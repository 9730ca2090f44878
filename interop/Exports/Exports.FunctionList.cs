using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// The function tables and the three functions that answer without the implementation:
// C_GetFunctionList, C_GetInterfaceList and C_GetInterface (callable before C_Initialize).
public static unsafe partial class CryptokiExports
{
    /// <summary>The name of the standard interface, "PKCS 11".</summary>
    private static ReadOnlySpan<byte> StandardInterfaceName => "PKCS 11"u8;

    /// <summary>
    /// The tables handed to applications, in unmanaged memory allocated once and never freed: they must stay valid for
    /// the life of the process, even after C_Finalize (the library is linked with -z nodelete, so it is never unloaded).
    /// The static constructor runs once, thread-safely, on first use.
    /// </summary>
    private static class Tables
    {
        /// <summary>The v2.40 CK_FUNCTION_LIST (C_GetFunctionList, and the "PKCS 11" 2.40 interface).</summary>
        internal static readonly CK_FUNCTION_LIST* V240;

        /// <summary>The v3.0 CK_FUNCTION_LIST_3_0 (the "PKCS 11" 3.0 interface).</summary>
        internal static readonly CK_FUNCTION_LIST_3_0* V300;

        /// <summary>The interfaces, in the order of C_GetInterfaceList: "PKCS 11" 3.0 (the default), then "PKCS 11" 2.40.</summary>
        internal static readonly CK_INTERFACE* Interfaces;

        internal const int InterfaceCount = 2;

        static Tables()
        {
            var v240 = (CK_FUNCTION_LIST*)NativeMemory.AllocZeroed((nuint)sizeof(CK_FUNCTION_LIST));
            v240->version = new CK_VERSION(2, 40);
            v240->C_Initialize = &C_Initialize;
            v240->C_Finalize = &C_Finalize;
            v240->C_GetInfo = &C_GetInfo;
            v240->C_GetFunctionList = &C_GetFunctionList;
            v240->C_GetSlotList = &C_GetSlotList;
            v240->C_GetSlotInfo = &C_GetSlotInfo;
            v240->C_GetTokenInfo = &C_GetTokenInfo;
            v240->C_GetMechanismList = &C_GetMechanismList;
            v240->C_GetMechanismInfo = &C_GetMechanismInfo;
            v240->C_InitToken = &C_InitToken;
            v240->C_InitPIN = &C_InitPIN;
            v240->C_SetPIN = &C_SetPIN;
            v240->C_OpenSession = &C_OpenSession;
            v240->C_CloseSession = &C_CloseSession;
            v240->C_CloseAllSessions = &C_CloseAllSessions;
            v240->C_GetSessionInfo = &C_GetSessionInfo;
            v240->C_GetOperationState = &C_GetOperationState;
            v240->C_SetOperationState = &C_SetOperationState;
            v240->C_Login = &C_Login;
            v240->C_Logout = &C_Logout;
            v240->C_CreateObject = &C_CreateObject;
            v240->C_CopyObject = &C_CopyObject;
            v240->C_DestroyObject = &C_DestroyObject;
            v240->C_GetObjectSize = &C_GetObjectSize;
            v240->C_GetAttributeValue = &C_GetAttributeValue;
            v240->C_SetAttributeValue = &C_SetAttributeValue;
            v240->C_FindObjectsInit = &C_FindObjectsInit;
            v240->C_FindObjects = &C_FindObjects;
            v240->C_FindObjectsFinal = &C_FindObjectsFinal;
            v240->C_EncryptInit = &C_EncryptInit;
            v240->C_Encrypt = &C_Encrypt;
            v240->C_EncryptUpdate = &C_EncryptUpdate;
            v240->C_EncryptFinal = &C_EncryptFinal;
            v240->C_DecryptInit = &C_DecryptInit;
            v240->C_Decrypt = &C_Decrypt;
            v240->C_DecryptUpdate = &C_DecryptUpdate;
            v240->C_DecryptFinal = &C_DecryptFinal;
            v240->C_DigestInit = &C_DigestInit;
            v240->C_Digest = &C_Digest;
            v240->C_DigestUpdate = &C_DigestUpdate;
            v240->C_DigestKey = &C_DigestKey;
            v240->C_DigestFinal = &C_DigestFinal;
            v240->C_SignInit = &C_SignInit;
            v240->C_Sign = &C_Sign;
            v240->C_SignUpdate = &C_SignUpdate;
            v240->C_SignFinal = &C_SignFinal;
            v240->C_SignRecoverInit = &C_SignRecoverInit;
            v240->C_SignRecover = &C_SignRecover;
            v240->C_VerifyInit = &C_VerifyInit;
            v240->C_Verify = &C_Verify;
            v240->C_VerifyUpdate = &C_VerifyUpdate;
            v240->C_VerifyFinal = &C_VerifyFinal;
            v240->C_VerifyRecoverInit = &C_VerifyRecoverInit;
            v240->C_VerifyRecover = &C_VerifyRecover;
            v240->C_DigestEncryptUpdate = &C_DigestEncryptUpdate;
            v240->C_DecryptDigestUpdate = &C_DecryptDigestUpdate;
            v240->C_SignEncryptUpdate = &C_SignEncryptUpdate;
            v240->C_DecryptVerifyUpdate = &C_DecryptVerifyUpdate;
            v240->C_GenerateKey = &C_GenerateKey;
            v240->C_GenerateKeyPair = &C_GenerateKeyPair;
            v240->C_WrapKey = &C_WrapKey;
            v240->C_UnwrapKey = &C_UnwrapKey;
            v240->C_DeriveKey = &C_DeriveKey;
            v240->C_SeedRandom = &C_SeedRandom;
            v240->C_GenerateRandom = &C_GenerateRandom;
            v240->C_GetFunctionStatus = &C_GetFunctionStatus;
            v240->C_CancelFunction = &C_CancelFunction;
            v240->C_WaitForSlotEvent = &C_WaitForSlotEvent;

            var v300 = (CK_FUNCTION_LIST_3_0*)NativeMemory.AllocZeroed((nuint)sizeof(CK_FUNCTION_LIST_3_0));
            v300->version = new CK_VERSION(3, 0);
            v300->C_Initialize = &C_Initialize;
            v300->C_Finalize = &C_Finalize;
            v300->C_GetInfo = &C_GetInfo;
            v300->C_GetFunctionList = &C_GetFunctionList;
            v300->C_GetSlotList = &C_GetSlotList;
            v300->C_GetSlotInfo = &C_GetSlotInfo;
            v300->C_GetTokenInfo = &C_GetTokenInfo;
            v300->C_GetMechanismList = &C_GetMechanismList;
            v300->C_GetMechanismInfo = &C_GetMechanismInfo;
            v300->C_InitToken = &C_InitToken;
            v300->C_InitPIN = &C_InitPIN;
            v300->C_SetPIN = &C_SetPIN;
            v300->C_OpenSession = &C_OpenSession;
            v300->C_CloseSession = &C_CloseSession;
            v300->C_CloseAllSessions = &C_CloseAllSessions;
            v300->C_GetSessionInfo = &C_GetSessionInfo;
            v300->C_GetOperationState = &C_GetOperationState;
            v300->C_SetOperationState = &C_SetOperationState;
            v300->C_Login = &C_Login;
            v300->C_Logout = &C_Logout;
            v300->C_CreateObject = &C_CreateObject;
            v300->C_CopyObject = &C_CopyObject;
            v300->C_DestroyObject = &C_DestroyObject;
            v300->C_GetObjectSize = &C_GetObjectSize;
            v300->C_GetAttributeValue = &C_GetAttributeValue;
            v300->C_SetAttributeValue = &C_SetAttributeValue;
            v300->C_FindObjectsInit = &C_FindObjectsInit;
            v300->C_FindObjects = &C_FindObjects;
            v300->C_FindObjectsFinal = &C_FindObjectsFinal;
            v300->C_EncryptInit = &C_EncryptInit;
            v300->C_Encrypt = &C_Encrypt;
            v300->C_EncryptUpdate = &C_EncryptUpdate;
            v300->C_EncryptFinal = &C_EncryptFinal;
            v300->C_DecryptInit = &C_DecryptInit;
            v300->C_Decrypt = &C_Decrypt;
            v300->C_DecryptUpdate = &C_DecryptUpdate;
            v300->C_DecryptFinal = &C_DecryptFinal;
            v300->C_DigestInit = &C_DigestInit;
            v300->C_Digest = &C_Digest;
            v300->C_DigestUpdate = &C_DigestUpdate;
            v300->C_DigestKey = &C_DigestKey;
            v300->C_DigestFinal = &C_DigestFinal;
            v300->C_SignInit = &C_SignInit;
            v300->C_Sign = &C_Sign;
            v300->C_SignUpdate = &C_SignUpdate;
            v300->C_SignFinal = &C_SignFinal;
            v300->C_SignRecoverInit = &C_SignRecoverInit;
            v300->C_SignRecover = &C_SignRecover;
            v300->C_VerifyInit = &C_VerifyInit;
            v300->C_Verify = &C_Verify;
            v300->C_VerifyUpdate = &C_VerifyUpdate;
            v300->C_VerifyFinal = &C_VerifyFinal;
            v300->C_VerifyRecoverInit = &C_VerifyRecoverInit;
            v300->C_VerifyRecover = &C_VerifyRecover;
            v300->C_DigestEncryptUpdate = &C_DigestEncryptUpdate;
            v300->C_DecryptDigestUpdate = &C_DecryptDigestUpdate;
            v300->C_SignEncryptUpdate = &C_SignEncryptUpdate;
            v300->C_DecryptVerifyUpdate = &C_DecryptVerifyUpdate;
            v300->C_GenerateKey = &C_GenerateKey;
            v300->C_GenerateKeyPair = &C_GenerateKeyPair;
            v300->C_WrapKey = &C_WrapKey;
            v300->C_UnwrapKey = &C_UnwrapKey;
            v300->C_DeriveKey = &C_DeriveKey;
            v300->C_SeedRandom = &C_SeedRandom;
            v300->C_GenerateRandom = &C_GenerateRandom;
            v300->C_GetFunctionStatus = &C_GetFunctionStatus;
            v300->C_CancelFunction = &C_CancelFunction;
            v300->C_WaitForSlotEvent = &C_WaitForSlotEvent;
            v300->C_GetInterfaceList = &C_GetInterfaceList;
            v300->C_GetInterface = &C_GetInterface;
            v300->C_LoginUser = &C_LoginUser;
            v300->C_SessionCancel = &C_SessionCancel;
            v300->C_MessageEncryptInit = &C_MessageEncryptInit;
            v300->C_EncryptMessage = &C_EncryptMessage;
            v300->C_EncryptMessageBegin = &C_EncryptMessageBegin;
            v300->C_EncryptMessageNext = &C_EncryptMessageNext;
            v300->C_MessageEncryptFinal = &C_MessageEncryptFinal;
            v300->C_MessageDecryptInit = &C_MessageDecryptInit;
            v300->C_DecryptMessage = &C_DecryptMessage;
            v300->C_DecryptMessageBegin = &C_DecryptMessageBegin;
            v300->C_DecryptMessageNext = &C_DecryptMessageNext;
            v300->C_MessageDecryptFinal = &C_MessageDecryptFinal;
            v300->C_MessageSignInit = &C_MessageSignInit;
            v300->C_SignMessage = &C_SignMessage;
            v300->C_SignMessageBegin = &C_SignMessageBegin;
            v300->C_SignMessageNext = &C_SignMessageNext;
            v300->C_MessageSignFinal = &C_MessageSignFinal;
            v300->C_MessageVerifyInit = &C_MessageVerifyInit;
            v300->C_VerifyMessage = &C_VerifyMessage;
            v300->C_VerifyMessageBegin = &C_VerifyMessageBegin;
            v300->C_VerifyMessageNext = &C_VerifyMessageNext;
            v300->C_MessageVerifyFinal = &C_MessageVerifyFinal;

            // "PKCS 11" and its NUL, shared by both interfaces.
            byte* name = (byte*)NativeMemory.AllocZeroed((nuint)StandardInterfaceName.Length + 1);
            StandardInterfaceName.CopyTo(new Span<byte>(name, StandardInterfaceName.Length));

            var interfaces = (CK_INTERFACE*)NativeMemory.AllocZeroed((nuint)(InterfaceCount * sizeof(CK_INTERFACE)));
            interfaces[0] = new CK_INTERFACE { pInterfaceName = name, pFunctionList = v300, flags = 0 };
            interfaces[1] = new CK_INTERFACE { pInterfaceName = name, pFunctionList = v240, flags = 0 };

            V240 = v240;
            V300 = v300;
            Interfaces = interfaces;
        }
    }

    /// <summary>C_GetFunctionList: the v2.40 function table.</summary>
    [UnmanagedCallersOnly(EntryPoint = "C_GetFunctionList")]
    public static nuint C_GetFunctionList(CK_FUNCTION_LIST** ppFunctionList)
    {
        try
        {
            if (ppFunctionList == null)
            {
                return CKR.ARGUMENTS_BAD;
            }
            *ppFunctionList = Tables.V240;
            return CKR.OK;
        }
        catch (Exception e) { return Failed(e); }
    }

    /// <summary>
    /// C_GetInterfaceList (v3.0): "PKCS 11" 3.0, then "PKCS 11" 2.40, both with flags 0.
    /// A NULL list asks for the count only; a count that is too small gets the needed count and CKR_BUFFER_TOO_SMALL.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "C_GetInterfaceList")]
    public static nuint C_GetInterfaceList(CK_INTERFACE* pInterfacesList, nuint* pulCount)
    {
        try
        {
            if (pulCount == null)
            {
                return CKR.ARGUMENTS_BAD;
            }
            if (pInterfacesList == null)
            {
                *pulCount = Tables.InterfaceCount;
                return CKR.OK;
            }
            if (*pulCount < Tables.InterfaceCount)
            {
                *pulCount = Tables.InterfaceCount;
                return CKR.BUFFER_TOO_SMALL;
            }
            for (int i = 0; i < Tables.InterfaceCount; i++)
            {
                pInterfacesList[i] = Tables.Interfaces[i];
            }
            *pulCount = Tables.InterfaceCount;
            return CKR.OK;
        }
        catch (Exception e) { return Failed(e); }
    }

    /// <summary>
    /// C_GetInterface (v3.0): the first interface, in the order of C_GetInterfaceList, whose name is pInterfaceName
    /// (any, if NULL), whose version is *pVersion (any, if NULL; so the default is 3.0) and whose flags include all of
    /// <paramref name="flags"/>.
    /// </summary>
    /// <remarks>
    /// When no interface matches, the answer is CKR_ARGUMENTS_BAD. The v3.0 specification (section 5.4, C_GetInterface)
    /// names no dedicated code for "not found": its return values are CKR_BUFFER_TOO_SMALL, CKR_ARGUMENTS_BAD,
    /// CKR_FUNCTION_FAILED, CKR_GENERAL_ERROR, CKR_HOST_MEMORY and CKR_OK. Of these, CKR_ARGUMENTS_BAD ("the arguments
    /// supplied to the function are in some way not appropriate") is the one that fits a request that names an interface,
    /// version or flags that the library does not offer, and it is what the p11-kit proxy and other v3.0 modules answer,
    /// so applications that probe for an interface expect it. *ppInterface is left untouched on failure.
    /// </remarks>
    [UnmanagedCallersOnly(EntryPoint = "C_GetInterface")]
    public static nuint C_GetInterface(byte* pInterfaceName, CK_VERSION* pVersion, CK_INTERFACE** ppInterface, nuint flags)
    {
        try
        {
            if (ppInterface == null)
            {
                return CKR.ARGUMENTS_BAD;
            }
            for (int i = 0; i < Tables.InterfaceCount; i++)
            {
                CK_INTERFACE* candidate = &Tables.Interfaces[i];
                if (pInterfaceName != null
                    && !MemoryMarshal.CreateReadOnlySpanFromNullTerminated(pInterfaceName).SequenceEqual(StandardInterfaceName))
                {
                    continue;
                }
                CK_VERSION* offered = (CK_VERSION*)candidate->pFunctionList;
                if (pVersion != null && (pVersion->major != offered->major || pVersion->minor != offered->minor))
                {
                    continue;
                }
                if ((candidate->flags & flags) != flags)
                {
                    continue;
                }
                *ppInterface = candidate;
                return CKR.OK;
            }
            return CKR.ARGUMENTS_BAD;
        }
        catch (Exception e) { return Failed(e); }
    }
}
