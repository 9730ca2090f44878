using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Encryption (PKCS#11 v2.40 section 5.8), entirely on the computer: RSA with the public components of a key
/// (PKCS#1 v1.5, OAEP, raw), AES with secret keys kept here as session objects. Length queries and a buffer that is
/// too small keep the operation; everything else that fails ends it.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    public nuint EncryptInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => Run(() =>
    {
        var state = State;
        if (pMechanism is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var (_, key) = KeyObject(state, hSession, hKey);
        BeginOperation(state, hSession, s => s.Encrypt, (s, op) => s.Encrypt = op,
            session => NewCipherOperation(state, session, pMechanism, hKey, key, encrypt: true));
    });

    public nuint Encrypt(nuint hSession, byte* pData, nuint ulDataLen, byte* pEncryptedData, nuint* pulEncryptedDataLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Encrypt);
        if (op.MultiPart) throw new CkException(CKR.OPERATION_ACTIVE);
        bool keep = false;
        try
        {
            if (pulEncryptedDataLen is null || (pData is null && ulDataLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
            var data = Input(pData, ulDataLen, CKR.DATA_LEN_RANGE);
            FinishEncrypt(state, session, op, data, pEncryptedData, pulEncryptedDataLen, ref keep);
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    public nuint EncryptUpdate(nuint hSession, byte* pPart, nuint ulPartLen, byte* pEncryptedPart, nuint* pulEncryptedPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Encrypt);
        bool keep = false;
        try
        {
            if (pulEncryptedPartLen is null || (pPart is null && ulPartLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
            op.MultiPart = true;
            CipherUpdate(op, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen, CKR.DATA_LEN_RANGE, ref keep);
            keep = true;
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    public nuint EncryptFinal(nuint hSession, byte* pLastEncryptedPart, nuint* pulLastEncryptedPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Encrypt);
        bool keep = false;
        try
        {
            if (pulLastEncryptedPartLen is null) throw new CkException(CKR.ARGUMENTS_BAD);
            FinishEncrypt(state, session, op, op.Buffer.ToArray(), pLastEncryptedPart, pulLastEncryptedPartLen, ref keep);
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    private static void FinishEncrypt(ModuleState state, Session session, CryptoOperation op, byte[] data, byte* pOut, nuint* pulOut, ref bool keep)
    {
        if (SecretKeys.CipherOf(op) is { } cipher)
        {
            if (op.Pending is null) cipher.CheckFinal(data.Length);
            Produce(op, pOut, pulOut, cipher.FinalSize(data.Length), cipher.FinalSizeExact, () => cipher.Final(data), ref keep);
            return;
        }
        var key = OperationKey(state, session, op);
        int k = PublicKeys.RsaLength(key);
        if (data.Length > PublicKeys.MaxPlaintext(op.Parameters, k)) throw new CkException(CKR.DATA_LEN_RANGE);
        Produce(op, pOut, pulOut, k, exact: true, () => PublicKeys.Encrypt(key, op.Parameters, data), ref keep);
    }

    /// <summary>
    /// Checks mechanism, key and parameters for an encryption or decryption: AES with a secret key kept here, or RSA
    /// (encryption with the public components of a key, decryption with a private key on the phone).
    /// </summary>
    private static CryptoOperation NewCipherOperation(ModuleState state, Session session, CK_MECHANISM* pMechanism, nuint hKey,
        IReadOnlyList<P11Attribute> key, bool encrypt)
    {
        nuint mechanism = pMechanism->mechanism;
        nuint flag = encrypt ? CKF.ENCRYPT : CKF.DECRYPT;
        nuint usage = encrypt ? CKA.ENCRYPT : CKA.DECRYPT;
        var offered = Mechanisms(state, session.SlotId).FirstOrDefault(m => m.Mechanism == (ulong)mechanism);
        if (offered is null || (offered.Flags & (ulong)flag) == 0) throw new CkException(CKR.MECHANISM_INVALID);
        var cls = Templates.ULong(key, CKA.CLASS);
        if (MechanismRules.IsAes(mechanism))
        {
            if (cls != CKO.SECRET_KEY) throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
            // Secret keys made here without the usage attribute get the token's default, which allows it.
            if (Templates.Bool(key, usage) == false) throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED);
            if (Templates.ULong(key, CKA.KEY_TYPE) != CKK.AES || !ModuleState.IsLocalHandle(hKey)) throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
            var cipher = SecretKeys.NewCipher(pMechanism, SecretKeys.AesKey(key), encrypt);
            var aes = new CryptoOperation(mechanism, P11Mechanism.Plain(mechanism), hKey);
            SecretKeys.Attach(aes, cipher);
            return aes;
        }
        if (!MechanismRules.IsRsaCipher(mechanism)) throw new CkException(CKR.MECHANISM_INVALID);
        if (encrypt)
        {
            CheckPublicUse(key, CKA.ENCRYPT, CKA.DECRYPT);
        }
        else
        {
            if (cls != CKO.PRIVATE_KEY) throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
            if (Templates.Bool(key, CKA.DECRYPT) != true) throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED);
        }
        if (Templates.ULong(key, CKA.KEY_TYPE) != CKK.RSA) throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
        if (encrypt) PublicKeys.Check(key, CKK.RSA);
        return new CryptoOperation(mechanism, RsaCipherParameters(pMechanism, key), hKey);
    }

    /// <summary>
    /// The parameters of an RSA encryption mechanism as the phone takes them: none for PKCS#1 v1.5 and raw RSA; for OAEP
    /// Numbers = [hashAlg, mgf, source] and Data = the label. Anything not offered is CKR_MECHANISM_PARAM_INVALID
    /// (never another code: applications such as pkcs11-tool then try other parameters).
    /// </summary>
    private static P11Mechanism RsaCipherParameters(CK_MECHANISM* m, IReadOnlyList<P11Attribute> key)
    {
        nuint mechanism = m->mechanism;
        if (mechanism == CKM.RSA_PKCS || mechanism == CKM.RSA_X_509)
        {
            if (m->ulParameterLen != 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            return P11Mechanism.Plain(mechanism);
        }
        if (mechanism != CKM.RSA_PKCS_OAEP) throw new CkException(CKR.MECHANISM_INVALID);
        if (m->pParameter is null || m->ulParameterLen != (nuint)sizeof(CK_RSA_PKCS_OAEP_PARAMS)) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        var p = (CK_RSA_PKCS_OAEP_PARAMS*)m->pParameter;
        if (!LocalCrypto.IsHash(p->hashAlg) || LocalCrypto.HashForMgf(p->mgf) == 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        if (p->source != CKZ.DATA_SPECIFIED && !(p->source == 0 && p->ulSourceDataLen == 0)) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        if (p->ulSourceDataLen > P11Binary.MaxMechanismData || (p->pSourceData is null && p->ulSourceDataLen > 0))
            throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        var label = p->ulSourceDataLen == 0 ? [] : new ReadOnlySpan<byte>(p->pSourceData, (int)p->ulSourceDataLen).ToArray();
        if (PublicKeys.RsaLength(key) < 2 * LocalCrypto.HashLength(p->hashAlg) + 2) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        return new P11Mechanism(mechanism, [p->hashAlg, p->mgf, p->source], label);
    }

    /// <summary>
    /// An Update of an encryption or decryption. AES gives what it can at once; RSA gathers (one block at Final).
    /// A NULL output buffer asks for the length only: the input is then not taken.
    /// </summary>
    private static void CipherUpdate(CryptoOperation op, byte* pPart, nuint ulPartLen, byte* pOut, nuint* pulOut, nuint tooLong, ref bool keep)
    {
        if (ulPartLen > MaxLocalData) throw new CkException(tooLong);
        var input = new ReadOnlySpan<byte>(pPart, (int)ulPartLen);
        if (SecretKeys.CipherOf(op) is { } cipher)
        {
            var size = (nuint)cipher.UpdateSize(input.Length);
            if (pOut is null)
            {
                *pulOut = size;
                keep = true;
                return;
            }
            if (*pulOut < size)
            {
                *pulOut = size;
                keep = true;
                throw new CkException(CKR.BUFFER_TOO_SMALL);
            }
            var output = cipher.Update(input);
            output.CopyTo(new Span<byte>(pOut, output.Length));
            *pulOut = (nuint)output.Length;
            return;
        }
        if (pOut is not null || ulPartLen == 0) Absorb(op, pPart, ulPartLen, tooLong);
        *pulOut = 0;
    }

    /// <summary>
    /// Gives the result of a single-part call or a Final: the length for a NULL buffer (<paramref name="bound"/>, exact or an
    /// upper bound), CKR_BUFFER_TOO_SMALL for a short one, else the result. A result made for a buffer that turned out too
    /// short is kept in <see cref="CryptoOperation.Pending"/> and given on the retry, never made twice.
    /// </summary>
    private static void Produce(CryptoOperation op, byte* pOut, nuint* pulOut, int bound, bool exact, Func<byte[]> make, ref bool keep)
    {
        if (op.Pending is { } pending)
        {
            bound = pending.Length;
            exact = true;
        }
        if (pOut is null)
        {
            *pulOut = (nuint)bound;
            keep = true;
            return;
        }
        if (exact && *pulOut < (nuint)bound)
        {
            *pulOut = (nuint)bound;
            keep = true;
            throw new CkException(CKR.BUFFER_TOO_SMALL);
        }
        var result = op.Pending ?? make();
        if (*pulOut < (nuint)result.Length)
        {
            op.Pending = result;
            *pulOut = (nuint)result.Length;
            keep = true;
            throw new CkException(CKR.BUFFER_TOO_SMALL);
        }
        result.CopyTo(new Span<byte>(pOut, result.Length));
        *pulOut = (nuint)result.Length;
        op.Pending = null;
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(result);
    }

    /// <summary>A caller's input as an array (single-part calls), within <see cref="MaxLocalData"/>.</summary>
    private static byte[] Input(byte* data, nuint length, nuint tooLong)
    {
        if (length > MaxLocalData) throw new CkException(tooLong);
        return length == 0 ? [] : new ReadOnlySpan<byte>(data, (int)length).ToArray();
    }
}
