namespace Pkcs11Phone.Interop;

/// <summary>
/// The PKCS#11 module's implementation, called by the C exports (interop/Exports) with the raw C arguments.
/// One method per PKCS#11 function (v2.40 and v3.0), named like the C function without "C_", taking exactly the
/// C parameters (CK_ULONG, CK_FLAGS and handles as nuint, CK_BBOOL as byte, pointers as pointers) and returning CK_RV.
/// C_GetFunctionList, C_GetInterfaceList and C_GetInterface are answered by the exports themselves.
/// Every method has a default implementation returning CKR_FUNCTION_NOT_SUPPORTED (CKR_FUNCTION_NOT_PARALLEL for the
/// legacy GetFunctionStatus and CancelFunction), so an implementation overrides only what it has.
/// Calls come from any application thread, concurrently: an implementation must be thread-safe.
/// Implementations may throw: the exports turn any exception into CKR_GENERAL_ERROR.
/// </summary>
public unsafe interface ICryptoki
{
    // ---- v2.40 ----

    /// <summary>C_Initialize: Initializes the library; pInitArgs is NULL or a CK_C_INITIALIZE_ARGS*.</summary>
    nuint Initialize(void* pInitArgs) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Finalize: Finalizes the library; pReserved must be NULL.</summary>
    nuint Finalize(void* pReserved) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetInfo: General information about the library.</summary>
    nuint GetInfo(CK_INFO* pInfo) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetSlotList: Slot IDs (CK_SLOT_ID); tokenPresent is a CK_BBOOL.</summary>
    nuint GetSlotList(byte tokenPresent, nuint* pSlotList, nuint* pulCount) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetSlotInfo: Information about a slot.</summary>
    nuint GetSlotInfo(nuint slotID, CK_SLOT_INFO* pInfo) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetTokenInfo: Information about the token in a slot.</summary>
    nuint GetTokenInfo(nuint slotID, CK_TOKEN_INFO* pInfo) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetMechanismList: Mechanism types (CK_MECHANISM_TYPE) supported by a token.</summary>
    nuint GetMechanismList(nuint slotID, nuint* pMechanismList, nuint* pulCount) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetMechanismInfo: Information about one mechanism.</summary>
    nuint GetMechanismInfo(nuint slotID, nuint type, CK_MECHANISM_INFO* pInfo) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_InitToken: Initializes a token; pLabel is 32 blank-padded bytes.</summary>
    nuint InitToken(nuint slotID, byte* pPin, nuint ulPinLen, byte* pLabel) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_InitPIN: Initializes the normal user's PIN.</summary>
    nuint InitPIN(nuint hSession, byte* pPin, nuint ulPinLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SetPIN: Changes the PIN of the logged-in user.</summary>
    nuint SetPIN(nuint hSession, byte* pOldPin, nuint ulOldLen, byte* pNewPin, nuint ulNewLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_OpenSession: Opens a session; Notify is a CK_NOTIFY callback or NULL.</summary>
    nuint OpenSession(nuint slotID, nuint flags, void* pApplication, delegate* unmanaged<nuint, nuint, void*, nuint> Notify, nuint* phSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_CloseSession: Closes a session.</summary>
    nuint CloseSession(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_CloseAllSessions: Closes all sessions with a token.</summary>
    nuint CloseAllSessions(nuint slotID) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetSessionInfo: Information about a session.</summary>
    nuint GetSessionInfo(nuint hSession, CK_SESSION_INFO* pInfo) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetOperationState: Saves the cryptographic operations state of a session.</summary>
    nuint GetOperationState(nuint hSession, byte* pOperationState, nuint* pulOperationStateLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SetOperationState: Restores a saved operations state.</summary>
    nuint SetOperationState(nuint hSession, byte* pOperationState, nuint ulOperationStateLen, nuint hEncryptionKey, nuint hAuthenticationKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Login: Logs a user into a token.</summary>
    nuint Login(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Logout: Logs a user out of a token.</summary>
    nuint Logout(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_CreateObject: Creates an object.</summary>
    nuint CreateObject(nuint hSession, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phObject) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_CopyObject: Copies an object.</summary>
    nuint CopyObject(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phNewObject) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DestroyObject: Destroys an object.</summary>
    nuint DestroyObject(nuint hSession, nuint hObject) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetObjectSize: Size of an object in bytes.</summary>
    nuint GetObjectSize(nuint hSession, nuint hObject, nuint* pulSize) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetAttributeValue: Reads attribute values of an object.</summary>
    nuint GetAttributeValue(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SetAttributeValue: Modifies attribute values of an object.</summary>
    nuint SetAttributeValue(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_FindObjectsInit: Starts an object search.</summary>
    nuint FindObjectsInit(nuint hSession, CK_ATTRIBUTE* pTemplate, nuint ulCount) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_FindObjects: Continues an object search.</summary>
    nuint FindObjects(nuint hSession, nuint* phObject, nuint ulMaxObjectCount, nuint* pulObjectCount) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_FindObjectsFinal: Ends an object search.</summary>
    nuint FindObjectsFinal(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_EncryptInit: Starts an encryption.</summary>
    nuint EncryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Encrypt: Encrypts single-part data.</summary>
    nuint Encrypt(nuint hSession, byte* pData, nuint ulDataLen, byte* pEncryptedData, nuint* pulEncryptedDataLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_EncryptUpdate: Continues a multi-part encryption.</summary>
    nuint EncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_EncryptFinal: Finishes a multi-part encryption.</summary>
    nuint EncryptFinal(nuint hSession, byte* pLastEncryptedPart, nuint* pulLastEncryptedPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptInit: Starts a decryption.</summary>
    nuint DecryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Decrypt: Decrypts single-part data.</summary>
    nuint Decrypt(nuint hSession, byte* pEncryptedData, nuint ulEncryptedDataLen, byte* pData, nuint* pulDataLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptUpdate: Continues a multi-part decryption.</summary>
    nuint DecryptUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptFinal: Finishes a multi-part decryption.</summary>
    nuint DecryptFinal(nuint hSession, byte* pLastPart, nuint* pulLastPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DigestInit: Starts a digest.</summary>
    nuint DigestInit(nuint hSession, CK_MECHANISM* pMechanism) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Digest: Digests single-part data.</summary>
    nuint Digest(nuint hSession, byte* pData, nuint ulDataLen, byte* pDigest, nuint* pulDigestLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DigestUpdate: Continues a multi-part digest.</summary>
    nuint DigestUpdate(nuint hSession, byte* pPart, nuint ulPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DigestKey: Digests the value of a secret key.</summary>
    nuint DigestKey(nuint hSession, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DigestFinal: Finishes a multi-part digest.</summary>
    nuint DigestFinal(nuint hSession, byte* pDigest, nuint* pulDigestLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignInit: Starts a signature.</summary>
    nuint SignInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Sign: Signs single-part data.</summary>
    nuint Sign(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignUpdate: Continues a multi-part signature.</summary>
    nuint SignUpdate(nuint hSession, byte* pPart, nuint ulPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignFinal: Finishes a multi-part signature.</summary>
    nuint SignFinal(nuint hSession, byte* pSignature, nuint* pulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignRecoverInit: Starts a signature with data recovery.</summary>
    nuint SignRecoverInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignRecover: Signs data so that it can be recovered from the signature.</summary>
    nuint SignRecover(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyInit: Starts a verification.</summary>
    nuint VerifyInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_Verify: Verifies a single-part signature.</summary>
    nuint Verify(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyUpdate: Continues a multi-part verification.</summary>
    nuint VerifyUpdate(nuint hSession, byte* pPart, nuint ulPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyFinal: Finishes a multi-part verification.</summary>
    nuint VerifyFinal(nuint hSession, byte* pSignature, nuint ulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyRecoverInit: Starts a verification with data recovery.</summary>
    nuint VerifyRecoverInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyRecover: Verifies a signature and recovers the data.</summary>
    nuint VerifyRecover(nuint hSession, byte* pSignature, nuint ulSignatureLen, byte* pData, nuint* pulDataLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DigestEncryptUpdate: Continues a digest and an encryption together.</summary>
    nuint DigestEncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptDigestUpdate: Continues a decryption and a digest together.</summary>
    nuint DecryptDigestUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignEncryptUpdate: Continues a signature and an encryption together.</summary>
    nuint SignEncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptVerifyUpdate: Continues a decryption and a verification together.</summary>
    nuint DecryptVerifyUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GenerateKey: Generates a secret key.</summary>
    nuint GenerateKey(nuint hSession, CK_MECHANISM* pMechanism, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GenerateKeyPair: Generates a public/private key pair.</summary>
    nuint GenerateKeyPair(nuint hSession, CK_MECHANISM* pMechanism, CK_ATTRIBUTE* pPublicKeyTemplate, nuint ulPublicKeyAttributeCount, CK_ATTRIBUTE* pPrivateKeyTemplate, nuint ulPrivateKeyAttributeCount, nuint* phPublicKey, nuint* phPrivateKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_WrapKey: Wraps (encrypts) a key.</summary>
    nuint WrapKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hWrappingKey, nuint hKey, byte* pWrappedKey, nuint* pulWrappedKeyLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_UnwrapKey: Unwraps (decrypts) a wrapped key into a new key object.</summary>
    nuint UnwrapKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hUnwrappingKey, byte* pWrappedKey, nuint ulWrappedKeyLen, CK_ATTRIBUTE* pTemplate, nuint ulAttributeCount, nuint* phKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DeriveKey: Derives a key from a base key.</summary>
    nuint DeriveKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hBaseKey, CK_ATTRIBUTE* pTemplate, nuint ulAttributeCount, nuint* phKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SeedRandom: Mixes seed material into the token's random number generator.</summary>
    nuint SeedRandom(nuint hSession, byte* pSeed, nuint ulSeedLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GenerateRandom: Generates random data.</summary>
    nuint GenerateRandom(nuint hSession, byte* pRandomData, nuint ulRandomLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_GetFunctionStatus: Legacy parallel-function status; CKR_FUNCTION_NOT_PARALLEL by default.</summary>
    nuint GetFunctionStatus(nuint hSession) => CKR.FUNCTION_NOT_PARALLEL;

    /// <summary>C_CancelFunction: Legacy parallel-function cancel; CKR_FUNCTION_NOT_PARALLEL by default.</summary>
    nuint CancelFunction(nuint hSession) => CKR.FUNCTION_NOT_PARALLEL;

    /// <summary>C_WaitForSlotEvent: Waits for a slot event (token insertion or removal).</summary>
    nuint WaitForSlotEvent(nuint flags, nuint* pSlot, void* pReserved) => CKR.FUNCTION_NOT_SUPPORTED;

    // ---- v3.0: user login, session cancel, message-based functions ----

    /// <summary>C_LoginUser: Logs a named user into a token.</summary>
    nuint LoginUser(nuint hSession, nuint userType, byte* pPin, nuint ulPinLen, byte* pUsername, nuint ulUsernameLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SessionCancel: Cancels the session's active operations selected by flags (CKF_ENCRYPT, CKF_SIGN, ...).</summary>
    nuint SessionCancel(nuint hSession, nuint flags) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageEncryptInit: Starts a message-based encryption.</summary>
    nuint MessageEncryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_EncryptMessage: Encrypts one message.</summary>
    nuint EncryptMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen, byte* pPlaintext, nuint ulPlaintextLen, byte* pCiphertext, nuint* pulCiphertextLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_EncryptMessageBegin: Begins a multi-part message encryption.</summary>
    nuint EncryptMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_EncryptMessageNext: Continues a multi-part message encryption (CKF_END_OF_MESSAGE ends it).</summary>
    nuint EncryptMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pPlaintextPart, nuint ulPlaintextPartLen, byte* pCiphertextPart, nuint* pulCiphertextPartLen, nuint flags) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageEncryptFinal: Ends a message-based encryption.</summary>
    nuint MessageEncryptFinal(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageDecryptInit: Starts a message-based decryption.</summary>
    nuint MessageDecryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptMessage: Decrypts one message.</summary>
    nuint DecryptMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen, byte* pCiphertext, nuint ulCiphertextLen, byte* pPlaintext, nuint* pulPlaintextLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptMessageBegin: Begins a multi-part message decryption.</summary>
    nuint DecryptMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pAssociatedData, nuint ulAssociatedDataLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_DecryptMessageNext: Continues a multi-part message decryption (CKF_END_OF_MESSAGE ends it).</summary>
    nuint DecryptMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pCiphertextPart, nuint ulCiphertextPartLen, byte* pPlaintextPart, nuint* pulPlaintextPartLen, nuint flags) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageDecryptFinal: Ends a message-based decryption.</summary>
    nuint MessageDecryptFinal(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageSignInit: Starts a message-based signature.</summary>
    nuint MessageSignInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignMessage: Signs one message.</summary>
    nuint SignMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignMessageBegin: Begins a multi-part message signature.</summary>
    nuint SignMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_SignMessageNext: Continues (or, with pulSignatureLen set, finishes) a multi-part message signature.</summary>
    nuint SignMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageSignFinal: Ends a message-based signature.</summary>
    nuint MessageSignFinal(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageVerifyInit: Starts a message-based verification.</summary>
    nuint MessageVerifyInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyMessage: Verifies the signature of one message.</summary>
    nuint VerifyMessage(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyMessageBegin: Begins a multi-part message verification.</summary>
    nuint VerifyMessageBegin(nuint hSession, void* pParameter, nuint ulParameterLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_VerifyMessageNext: Continues (or, with pSignature set, finishes) a multi-part message verification.</summary>
    nuint VerifyMessageNext(nuint hSession, void* pParameter, nuint ulParameterLen, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen) => CKR.FUNCTION_NOT_SUPPORTED;

    /// <summary>C_MessageVerifyFinal: Ends a message-based verification.</summary>
    nuint MessageVerifyFinal(nuint hSession) => CKR.FUNCTION_NOT_SUPPORTED;
}
