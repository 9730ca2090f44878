using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// The function tables of PKCS#11. Every slot is a typed unmanaged function pointer, so that the exports
// (interop/Exports) can only be stored in a slot whose C signature they match: CK_RV is nuint, every
// CK_ULONG / CK_FLAGS / handle is nuint, CK_BBOOL is byte, CK_UTF8CHAR* / CK_BYTE* are byte*.
// The slot order is the order of pkcs11.h; the tests compare every offset and every slot's type with the C headers.

/// <summary>CK_FUNCTION_LIST: the v2.40 function table returned by C_GetFunctionList (version, then 68 functions).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_FUNCTION_LIST
{
    public CK_VERSION version;
    public delegate* unmanaged<void*, nuint> C_Initialize;
    public delegate* unmanaged<void*, nuint> C_Finalize;
    public delegate* unmanaged<CK_INFO*, nuint> C_GetInfo;
    public delegate* unmanaged<CK_FUNCTION_LIST**, nuint> C_GetFunctionList;
    public delegate* unmanaged<byte, nuint*, nuint*, nuint> C_GetSlotList;
    public delegate* unmanaged<nuint, CK_SLOT_INFO*, nuint> C_GetSlotInfo;
    public delegate* unmanaged<nuint, CK_TOKEN_INFO*, nuint> C_GetTokenInfo;
    public delegate* unmanaged<nuint, nuint*, nuint*, nuint> C_GetMechanismList;
    public delegate* unmanaged<nuint, nuint, CK_MECHANISM_INFO*, nuint> C_GetMechanismInfo;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint> C_InitToken;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_InitPIN;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint, nuint> C_SetPIN;
    public delegate* unmanaged<nuint, nuint, void*, delegate* unmanaged<nuint, nuint, void*, nuint>, nuint*, nuint> C_OpenSession;
    public delegate* unmanaged<nuint, nuint> C_CloseSession;
    public delegate* unmanaged<nuint, nuint> C_CloseAllSessions;
    public delegate* unmanaged<nuint, CK_SESSION_INFO*, nuint> C_GetSessionInfo;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_GetOperationState;
    public delegate* unmanaged<nuint, byte*, nuint, nuint, nuint, nuint> C_SetOperationState;
    public delegate* unmanaged<nuint, nuint, byte*, nuint, nuint> C_Login;
    public delegate* unmanaged<nuint, nuint> C_Logout;
    public delegate* unmanaged<nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_CreateObject;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_CopyObject;
    public delegate* unmanaged<nuint, nuint, nuint> C_DestroyObject;
    public delegate* unmanaged<nuint, nuint, nuint*, nuint> C_GetObjectSize;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint> C_GetAttributeValue;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint> C_SetAttributeValue;
    public delegate* unmanaged<nuint, CK_ATTRIBUTE*, nuint, nuint> C_FindObjectsInit;
    public delegate* unmanaged<nuint, nuint*, nuint, nuint*, nuint> C_FindObjects;
    public delegate* unmanaged<nuint, nuint> C_FindObjectsFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_EncryptInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Encrypt;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_EncryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_EncryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_DecryptInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Decrypt;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_DecryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint> C_DigestInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Digest;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_DigestUpdate;
    public delegate* unmanaged<nuint, nuint, nuint> C_DigestKey;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_DigestFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_SignInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Sign;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_SignUpdate;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_SignFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_SignRecoverInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_SignRecover;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_VerifyInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint, nuint> C_Verify;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_VerifyUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_VerifyFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_VerifyRecoverInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_VerifyRecover;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DigestEncryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptDigestUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_SignEncryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptVerifyUpdate;
    public delegate* unmanaged<nuint, CK_MECHANISM*, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_GenerateKey;
    public delegate* unmanaged<nuint, CK_MECHANISM*, CK_ATTRIBUTE*, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint*, nuint> C_GenerateKeyPair;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint, byte*, nuint*, nuint> C_WrapKey;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, byte*, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_UnwrapKey;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_DeriveKey;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_SeedRandom;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_GenerateRandom;
    public delegate* unmanaged<nuint, nuint> C_GetFunctionStatus;
    public delegate* unmanaged<nuint, nuint> C_CancelFunction;
    public delegate* unmanaged<nuint, nuint*, void*, nuint> C_WaitForSlotEvent;
}

/// <summary>CK_FUNCTION_LIST_3_0: the v3.0 function table (version, the 68 v2.40 functions, then the 24 v3.0 ones).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_FUNCTION_LIST_3_0
{
    public CK_VERSION version;
    public delegate* unmanaged<void*, nuint> C_Initialize;
    public delegate* unmanaged<void*, nuint> C_Finalize;
    public delegate* unmanaged<CK_INFO*, nuint> C_GetInfo;
    public delegate* unmanaged<CK_FUNCTION_LIST**, nuint> C_GetFunctionList;
    public delegate* unmanaged<byte, nuint*, nuint*, nuint> C_GetSlotList;
    public delegate* unmanaged<nuint, CK_SLOT_INFO*, nuint> C_GetSlotInfo;
    public delegate* unmanaged<nuint, CK_TOKEN_INFO*, nuint> C_GetTokenInfo;
    public delegate* unmanaged<nuint, nuint*, nuint*, nuint> C_GetMechanismList;
    public delegate* unmanaged<nuint, nuint, CK_MECHANISM_INFO*, nuint> C_GetMechanismInfo;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint> C_InitToken;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_InitPIN;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint, nuint> C_SetPIN;
    public delegate* unmanaged<nuint, nuint, void*, delegate* unmanaged<nuint, nuint, void*, nuint>, nuint*, nuint> C_OpenSession;
    public delegate* unmanaged<nuint, nuint> C_CloseSession;
    public delegate* unmanaged<nuint, nuint> C_CloseAllSessions;
    public delegate* unmanaged<nuint, CK_SESSION_INFO*, nuint> C_GetSessionInfo;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_GetOperationState;
    public delegate* unmanaged<nuint, byte*, nuint, nuint, nuint, nuint> C_SetOperationState;
    public delegate* unmanaged<nuint, nuint, byte*, nuint, nuint> C_Login;
    public delegate* unmanaged<nuint, nuint> C_Logout;
    public delegate* unmanaged<nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_CreateObject;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_CopyObject;
    public delegate* unmanaged<nuint, nuint, nuint> C_DestroyObject;
    public delegate* unmanaged<nuint, nuint, nuint*, nuint> C_GetObjectSize;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint> C_GetAttributeValue;
    public delegate* unmanaged<nuint, nuint, CK_ATTRIBUTE*, nuint, nuint> C_SetAttributeValue;
    public delegate* unmanaged<nuint, CK_ATTRIBUTE*, nuint, nuint> C_FindObjectsInit;
    public delegate* unmanaged<nuint, nuint*, nuint, nuint*, nuint> C_FindObjects;
    public delegate* unmanaged<nuint, nuint> C_FindObjectsFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_EncryptInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Encrypt;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_EncryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_EncryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_DecryptInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Decrypt;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_DecryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint> C_DigestInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Digest;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_DigestUpdate;
    public delegate* unmanaged<nuint, nuint, nuint> C_DigestKey;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_DigestFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_SignInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_Sign;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_SignUpdate;
    public delegate* unmanaged<nuint, byte*, nuint*, nuint> C_SignFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_SignRecoverInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_SignRecover;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_VerifyInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint, nuint> C_Verify;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_VerifyUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_VerifyFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_VerifyRecoverInit;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_VerifyRecover;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DigestEncryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptDigestUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_SignEncryptUpdate;
    public delegate* unmanaged<nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptVerifyUpdate;
    public delegate* unmanaged<nuint, CK_MECHANISM*, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_GenerateKey;
    public delegate* unmanaged<nuint, CK_MECHANISM*, CK_ATTRIBUTE*, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint*, nuint> C_GenerateKeyPair;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint, byte*, nuint*, nuint> C_WrapKey;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, byte*, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_UnwrapKey;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, CK_ATTRIBUTE*, nuint, nuint*, nuint> C_DeriveKey;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_SeedRandom;
    public delegate* unmanaged<nuint, byte*, nuint, nuint> C_GenerateRandom;
    public delegate* unmanaged<nuint, nuint> C_GetFunctionStatus;
    public delegate* unmanaged<nuint, nuint> C_CancelFunction;
    public delegate* unmanaged<nuint, nuint*, void*, nuint> C_WaitForSlotEvent;

    // v3.0 additions
    public delegate* unmanaged<CK_INTERFACE*, nuint*, nuint> C_GetInterfaceList;
    public delegate* unmanaged<byte*, CK_VERSION*, CK_INTERFACE**, nuint, nuint> C_GetInterface;
    public delegate* unmanaged<nuint, nuint, byte*, nuint, byte*, nuint, nuint> C_LoginUser;
    public delegate* unmanaged<nuint, nuint, nuint> C_SessionCancel;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_MessageEncryptInit;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint, byte*, nuint*, nuint> C_EncryptMessage;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, nuint> C_EncryptMessageBegin;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint*, nuint, nuint> C_EncryptMessageNext;
    public delegate* unmanaged<nuint, nuint> C_MessageEncryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_MessageDecryptInit;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint, byte*, nuint*, nuint> C_DecryptMessage;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, nuint> C_DecryptMessageBegin;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint*, nuint, nuint> C_DecryptMessageNext;
    public delegate* unmanaged<nuint, nuint> C_MessageDecryptFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_MessageSignInit;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint*, nuint> C_SignMessage;
    public delegate* unmanaged<nuint, void*, nuint, nuint> C_SignMessageBegin;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint*, nuint> C_SignMessageNext;
    public delegate* unmanaged<nuint, nuint> C_MessageSignFinal;
    public delegate* unmanaged<nuint, CK_MECHANISM*, nuint, nuint> C_MessageVerifyInit;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint, nuint> C_VerifyMessage;
    public delegate* unmanaged<nuint, void*, nuint, nuint> C_VerifyMessageBegin;
    public delegate* unmanaged<nuint, void*, nuint, byte*, nuint, byte*, nuint, nuint> C_VerifyMessageNext;
    public delegate* unmanaged<nuint, nuint> C_MessageVerifyFinal;
}
