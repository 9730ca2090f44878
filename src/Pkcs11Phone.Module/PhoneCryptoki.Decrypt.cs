using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Decryption (PKCS#11 v2.40 section 5.9). RSA with a private key: the computer checks everything it can, gathers
/// multi-part input, answers a length query with the modulus length (an upper bound the specification allows), and
/// asks the phone exactly once; a plaintext that does not fit the caller's buffer is kept for the retry. AES with a
/// secret key kept here is done here.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    public nuint DecryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => Run(() =>
    {
        var state = State;
        if (pMechanism is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var (_, key) = KeyObject(state, hSession, hKey);
        BeginOperation(state, hSession, s => s.Decrypt, (s, op) => s.Decrypt = op,
            session => NewCipherOperation(state, session, pMechanism, hKey, key, encrypt: false));
    });

    public nuint Decrypt(nuint hSession, byte* pEncryptedData, nuint ulEncryptedDataLen, byte* pData, nuint* pulDataLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Decrypt);
        if (op.MultiPart) throw new CkException(CKR.OPERATION_ACTIVE);
        bool keep = false;
        try
        {
            if (pulDataLen is null || (pEncryptedData is null && ulEncryptedDataLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
            var data = Input(pEncryptedData, ulEncryptedDataLen, CKR.ENCRYPTED_DATA_LEN_RANGE);
            FinishDecrypt(state, session, op, data, pData, pulDataLen, ref keep);
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    public nuint DecryptUpdate(nuint hSession, byte* pEncryptedPart, nuint ulEncryptedPartLen, byte* pPart, nuint* pulPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Decrypt);
        bool keep = false;
        try
        {
            if (pulPartLen is null || (pEncryptedPart is null && ulEncryptedPartLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
            op.MultiPart = true;
            if (SecretKeys.CipherOf(op) is null)
            {
                // RSA: one block in all, gathered for the one phone call at C_DecryptFinal.
                var key = OperationKey(state, session, op);
                if ((ulong)op.Buffer.Length + ulEncryptedPartLen > (ulong)PublicKeys.RsaLength(key))
                    throw new CkException(CKR.ENCRYPTED_DATA_LEN_RANGE);
            }
            CipherUpdate(op, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen, CKR.ENCRYPTED_DATA_LEN_RANGE, ref keep);
            keep = true;
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    public nuint DecryptFinal(nuint hSession, byte* pLastPart, nuint* pulLastPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Decrypt);
        bool keep = false;
        try
        {
            if (pulLastPartLen is null) throw new CkException(CKR.ARGUMENTS_BAD);
            FinishDecrypt(state, session, op, op.Buffer.ToArray(), pLastPart, pulLastPartLen, ref keep);
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    private static void FinishDecrypt(ModuleState state, Session session, CryptoOperation op, byte[] data, byte* pOut, nuint* pulOut, ref bool keep)
    {
        if (SecretKeys.CipherOf(op) is { } cipher)
        {
            if (op.Pending is null) cipher.CheckFinal(data.Length);
            Produce(op, pOut, pulOut, cipher.FinalSize(data.Length), cipher.FinalSizeExact, () => cipher.Final(data), ref keep);
            return;
        }
        var key = OperationKey(state, session, op);
        int k = PublicKeys.RsaLength(key);
        bool lengthOk = op.Mechanism == CKM.RSA_X_509 ? data.Length is > 0 && data.Length <= k : data.Length == k;
        if (op.Pending is null && !lengthOk) throw new CkException(CKR.ENCRYPTED_DATA_LEN_RANGE);
        Produce(op, pOut, pulOut, k, exact: false, () =>
        {
            if (Templates.Bool(key, CKA.ALWAYS_AUTHENTICATE) == true && !op.ContextAuthenticated) throw new CkException(CKR.USER_NOT_LOGGED_IN);
            return PhoneDecrypt(state, session.SlotId, op.Key, op.Parameters, data, k);
        }, ref keep);
    }

    /// <summary>One private-key decryption on the phone (+P11DECRYPT): the plaintext, at most <paramref name="k"/> bytes.</summary>
    private static byte[] PhoneDecrypt(ModuleState state, nuint slotId, nuint key, P11Mechanism parameters, byte[] data, int k)
    {
        var mechanism = P11Binary.EncodeMechanism(parameters);
        var r = state.Agent.Send(AtCommands.Decrypt,
            [(ulong)slotId, "", (ulong)key, (ulong)mechanism.Length, P11Binary.ToBase64(mechanism), 0, ""], data, 5);
        CheckPhoneLogin(state, slotId, r);
        var line = r.Info(AtCommands.Decrypt).FirstOrDefault();
        if (line is null || !AtBlobs.TryRead(r, line, 1, out var plaintext) || plaintext.Length > k)
            throw new CkException(CKR.DEVICE_ERROR, "malformed decryption answer");
        return plaintext;
    }
}
