using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Verification (PKCS#11 v2.40 section 5.13), entirely on the computer: the public components of the key
/// (a public key, or the public attributes of a private key) are in the synced catalogue, so the phone is never asked.
/// Every signing mechanism the module offers has its verifying half here, single- and multi-part.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    /// <summary>Most data a local operation gathers (multi-part EdDSA and raw-data mechanisms keep the whole message).</summary>
    private const int MaxLocalData = 64 * 1024 * 1024;

    public nuint VerifyInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => Run(() =>
    {
        var state = State;
        if (pMechanism is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var (_, key) = KeyObject(state, hSession, hKey);
        BeginOperation(state, hSession, s => s.Verify, (s, op) => s.Verify = op, session => NewVerifyOperation(state, session, pMechanism, hKey, key));
    });

    /// <summary>A verification, done on the computer with the public key: the mechanism, the key's use and type, and the PSS salt length are checked first.</summary>
    private static CryptoOperation NewVerifyOperation(ModuleState state, Session session, CK_MECHANISM* pMechanism, nuint hKey, IReadOnlyList<P11Attribute> key)
    {
        nuint mechanism = pMechanism->mechanism;
        var offered = Mechanisms(state, session.SlotId).FirstOrDefault(m => m.Mechanism == (ulong)mechanism);
        if (offered is null || (offered.Flags & (ulong)CKF.VERIFY) == 0) throw new CkException(CKR.MECHANISM_INVALID);
        CheckPublicUse(key, CKA.VERIFY, CKA.SIGN);
        if (MechanismRules.KeyType(mechanism) is not { } keyType || Templates.ULong(key, CKA.KEY_TYPE) != keyType)
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
        PublicKeys.Check(key, keyType);
        var parameters = PhoneParameters(pMechanism, out var hash);
        if (parameters.Type == (ulong)CKM.RSA_PKCS_PSS)
        {
            // The salt must fit in the encoded message (RFC 8017 9.1.2): emLen >= hLen + sLen + 2.
            int emLen = (LocalCrypto.ModulusBits(key) - 1 + 7) / 8;
            if (parameters.Numbers[2] > (ulong)Math.Max(0, emLen - LocalCrypto.HashLength((nuint)parameters.Numbers[0]) - 2))
                throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        }
        var op = new CryptoOperation(mechanism, parameters, hKey);
        if (hash is { } h)
        {
            op.Hash = LocalCrypto.NewDigest(h);
            op.HashMechanism = h;
        }
        return op;
    }

    public nuint Verify(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint ulSignatureLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Verify);
        if (op.MultiPart) throw new CkException(CKR.OPERATION_ACTIVE);
        // C_Verify always ends the operation: there is no length query and no buffer to be too small.
        try
        {
            if ((pData is null && ulDataLen > 0) || (pSignature is null && ulSignatureLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
            Absorb(op, pData, ulDataLen, CKR.DATA_LEN_RANGE);
            FinishVerify(state, session, op, pSignature, ulSignatureLen);
        }
        finally
        {
            EndOperation(state, session, op);
        }
    });

    public nuint VerifyUpdate(nuint hSession, byte* pPart, nuint ulPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Verify);
        bool done = true;
        try
        {
            if (pPart is null && ulPartLen > 0) throw new CkException(CKR.ARGUMENTS_BAD);
            op.MultiPart = true;
            Absorb(op, pPart, ulPartLen, CKR.DATA_LEN_RANGE);
            done = false;
        }
        finally
        {
            if (done) EndOperation(state, session, op);
        }
    });

    public nuint VerifyFinal(nuint hSession, byte* pSignature, nuint ulSignatureLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Verify);
        try
        {
            if (pSignature is null && ulSignatureLen > 0) throw new CkException(CKR.ARGUMENTS_BAD);
            FinishVerify(state, session, op, pSignature, ulSignatureLen);
        }
        finally
        {
            EndOperation(state, session, op);
        }
    });

    private static void FinishVerify(ModuleState state, Session session, CryptoOperation op, byte* pSignature, nuint ulSignatureLen)
    {
        var key = OperationKey(state, session, op);
        int length = LocalCrypto.SignatureLength(key);
        // The same input the phone signs: a DigestInfo, a digest, or the data, with each mechanism's length rules.
        var input = PhoneInput(op, key, length);
        if (ulSignatureLen > int.MaxValue) throw new CkException(CKR.SIGNATURE_LEN_RANGE);
        PublicKeys.Verify(key, op.Parameters, input, new ReadOnlySpan<byte>(pSignature, (int)ulSignatureLen));
    }

    /// <summary>
    /// Checks that a key may be used for a public-key operation (verify, encrypt): a public key needs the usage
    /// attribute; a private key, which stands for its public components, needs it too when it has one, else the
    /// attribute of the matching private operation (sign, decrypt).
    /// </summary>
    private static void CheckPublicUse(IReadOnlyList<P11Attribute> key, nuint usage, nuint privateUsage)
    {
        var cls = Templates.ULong(key, CKA.CLASS);
        bool? allowed;
        if (cls == CKO.PUBLIC_KEY) allowed = Templates.Bool(key, usage);
        else if (cls == CKO.PRIVATE_KEY) allowed = Templates.Bool(key, usage) ?? Templates.Bool(key, privateUsage);
        else throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
        if (allowed != true) throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED);
    }

    /// <summary>The attributes of an operation's key as they are now (it may have been destroyed since Init).</summary>
    private static IReadOnlyList<P11Attribute> OperationKey(ModuleState state, Session session, CryptoOperation op)
    {
        try
        {
            lock (state.Gate) return ObjectAttributes(state, session, op.Key);
        }
        catch (CkException)
        {
            throw new CkException(CKR.KEY_HANDLE_INVALID);
        }
    }

    /// <summary>Adds data to a local operation: into its running hash, or into its buffer (up to <see cref="MaxLocalData"/>).</summary>
    private static void Absorb(CryptoOperation op, byte* data, nuint length, nuint tooLong)
    {
        if (length == 0) return;
        if (op.Hash is { } h)
        {
            // Large parts are hashed in slices (a span is at most 2 GiB).
            for (nuint done = 0; done < length;)
            {
                int n = (int)Math.Min(1 << 30, (ulong)(length - done));
                h.BlockUpdate(new ReadOnlySpan<byte>(data + done, n));
                done += (nuint)n;
            }
            return;
        }
        if ((ulong)op.Buffer.Length + length > MaxLocalData) throw new CkException(tooLong);
        op.Buffer.Write(new ReadOnlySpan<byte>(data, (int)length));
    }

    /// <summary>Ends this operation, wherever it is in its session (a later Init may have replaced it: that one stays).</summary>
    private static void EndOperation(ModuleState state, Session session, CryptoOperation op)
    {
        lock (state.Gate)
        {
            if (ReferenceEquals(session.Verify, op)) session.Verify = null;
            if (ReferenceEquals(session.Encrypt, op)) session.Encrypt = null;
            if (ReferenceEquals(session.Decrypt, op)) session.Decrypt = null;
            if (ReferenceEquals(session.Digest, op)) session.Digest = null;
        }
    }
}
