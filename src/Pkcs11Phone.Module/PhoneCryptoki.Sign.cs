using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Signing (PKCS#11 v2.40 section 5.12). Checks and length queries are answered on the computer; the data
/// is hashed here for hash-and-sign mechanisms, gathered here for multi-part calls, and the phone is asked
/// exactly once, for the private-key operation itself.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    /// <summary>Most data a sign operation gathers before the phone signs it.</summary>
    private const int MaxSignData = P11Binary.MaxBlob;

    public nuint SignInit(nuint hSession, CK_MECHANISM* pMechanism, nuint hKey) => Run(() =>
    {
        var state = State;
        if (pMechanism is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var (_, key) = KeyObject(state, hSession, hKey);
        BeginOperation(state, hSession, s => s.Sign, (s, op) => s.Sign = op,
            session => NewOperation(state, session, pMechanism, hKey, key, CKF.SIGN, CKA.SIGN, CKO.PRIVATE_KEY));
    });

    /// <summary>The key's attributes, or CKR_KEY_HANDLE_INVALID.</summary>
    private static (Session Session, IReadOnlyList<P11Attribute> Key) KeyObject(ModuleState state, nuint hSession, nuint hKey)
    {
        try
        {
            return SessionObject(state, hSession, hKey);
        }
        catch (CkException e) when (e.Rv == CKR.OBJECT_HANDLE_INVALID)
        {
            throw new CkException(CKR.KEY_HANDLE_INVALID);
        }
    }

    /// <summary>Checks mechanism, key and parameters for an operation, and prepares it (PKCS#11's Init rules).</summary>
    private static CryptoOperation NewOperation(ModuleState state, Session session, CK_MECHANISM* pMechanism, nuint hKey,
        IReadOnlyList<P11Attribute> key, nuint usage, nuint usageAttribute, nuint keyClass)
    {
        nuint mechanism = pMechanism->mechanism;
        var offered = MechanismRules.For(PhoneMechanisms(state, session.SlotId)).FirstOrDefault(m => m.Mechanism == (ulong)mechanism);
        if (offered is null || (offered.Flags & (ulong)usage) == 0) throw new CkException(CKR.MECHANISM_INVALID);
        if (Templates.ULong(key, CKA.CLASS) != keyClass) throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
        if (Templates.Bool(key, usageAttribute) != true) throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED);
        if (MechanismRules.KeyType(mechanism) is not { } keyType || Templates.ULong(key, CKA.KEY_TYPE) != keyType)
            throw new CkException(CKR.KEY_TYPE_INCONSISTENT);
        var parameters = PhoneParameters(pMechanism, out var hash);
        var op = new CryptoOperation(mechanism, parameters, hKey);
        if (hash is { } h)
        {
            op.Hash = LocalCrypto.NewDigest(h);
            op.HashMechanism = h;
        }
        return op;
    }

    /// <summary>The mechanism the phone performs, with its parameters, and the hash the computer computes first.</summary>
    private static P11Mechanism PhoneParameters(CK_MECHANISM* m, out nuint? hash)
    {
        hash = null;
        nuint mechanism = m->mechanism;
        nuint phone = mechanism;
        if (MechanismRules.HashAndSignRules.TryGetValue(mechanism, out var rule))
        {
            hash = rule.Hash;
            phone = rule.PhoneMechanism;
        }
        if (phone == CKM.RSA_PKCS_PSS)
        {
            if (m->pParameter is null || m->ulParameterLen != (nuint)sizeof(CK_RSA_PKCS_PSS_PARAMS)) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            var p = (CK_RSA_PKCS_PSS_PARAMS*)m->pParameter;
            if (!LocalCrypto.IsHash(p->hashAlg) || (hash is { } h && p->hashAlg != h)) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            if (LocalCrypto.MgfFor(p->hashAlg) == 0 || !MechanismRules.Digests.Any(d => LocalCrypto.MgfFor(d) == p->mgf)) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            return new P11Mechanism(phone, [p->hashAlg, p->mgf, p->sLen], []);
        }
        if (m->pParameter is not null || m->ulParameterLen != 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        return P11Mechanism.Plain(phone);
    }

    private static List<P11MechanismInfo> PhoneMechanisms(ModuleState state, nuint slotId)
    {
        var r = Phone(state, AtCommands.Mech, (ulong)slotId);
        var list = new List<P11MechanismInfo>();
        foreach (var line in r.Info(AtCommands.Mech))
            if (P11MechanismInfo.TryParse(line.Values, 2, out var m)) list.Add(m);
        return list;
    }

    public nuint Sign(nuint hSession, byte* pData, nuint ulDataLen, byte* pSignature, nuint* pulSignatureLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Sign);
        if (op.MultiPart) throw new CkException(CKR.OPERATION_ACTIVE);
        if (pData is null && ulDataLen > 0) { EndSign(state, session); throw new CkException(CKR.ARGUMENTS_BAD); }
        Gather(state, session, op, pData, ulDataLen, peek: true);
        FinishSign(state, session, op, pData, ulDataLen, pSignature, pulSignatureLen);
    });

    public nuint SignUpdate(nuint hSession, byte* pPart, nuint ulPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Sign);
        if (pPart is null && ulPartLen > 0) { EndSign(state, session); throw new CkException(CKR.ARGUMENTS_BAD); }
        op.MultiPart = true;
        Gather(state, session, op, pPart, ulPartLen, peek: false);
    });

    public nuint SignFinal(nuint hSession, byte* pSignature, nuint* pulSignatureLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Sign);
        FinishSign(state, session, op, null, 0, pSignature, pulSignatureLen);
    });

    /// <summary>
    /// Starts an operation in one of the session's slots (sign, verify, encrypt, decrypt, digest):
    /// CKR_OPERATION_ACTIVE when one is active there, checked before the operation is made (which may ask
    /// the agent) and again when it is installed, since another thread may have started one meanwhile.
    /// </summary>
    private static void BeginOperation(ModuleState state, nuint hSession, Func<Session, CryptoOperation?> which,
        Action<Session, CryptoOperation> install, Func<Session, CryptoOperation> make)
    {
        Session session;
        lock (state.Gate)
        {
            session = state.Session(hSession);
            if (which(session) is not null) throw new CkException(CKR.OPERATION_ACTIVE);
        }
        var op = make(session);
        lock (state.Gate)
        {
            session = state.Session(hSession);
            if (which(session) is not null) throw new CkException(CKR.OPERATION_ACTIVE);
            install(session, op);
        }
    }

    private static (Session, CryptoOperation) Operation(ModuleState state, nuint hSession, Func<Session, CryptoOperation?> which)
    {
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            return (session, which(session) ?? throw new CkException(CKR.OPERATION_NOT_INITIALIZED));
        }
    }

    private static void EndSign(ModuleState state, Session session)
    {
        lock (state.Gate) session.Sign = null;
    }

    /// <summary>Adds data to an operation: into the running hash, or into the buffer the phone will sign. A peek only checks the size.</summary>
    private static void Gather(ModuleState state, Session session, CryptoOperation op, byte* data, nuint length, bool peek)
    {
        if (op.Hash is null && (ulong)op.Buffer.Length + length > MaxSignData)
        {
            EndSign(state, session);
            throw new CkException(CKR.DATA_LEN_RANGE);
        }
        if (peek || length == 0) return;
        var span = new ReadOnlySpan<byte>(data, (int)length);
        if (op.Hash is { } h) h.BlockUpdate(span);
        else op.Buffer.Write(span);
    }

    private static void FinishSign(ModuleState state, Session session, CryptoOperation op, byte* data, nuint dataLen, byte* pSignature, nuint* pulSignatureLen)
    {
        if (pulSignatureLen is null) { EndSign(state, session); throw new CkException(CKR.ARGUMENTS_BAD); }
        IReadOnlyList<P11Attribute> key;
        try
        {
            lock (state.Gate) key = ObjectAttributes(state, session, op.Key);
        }
        catch (CkException)
        {
            EndSign(state, session);
            throw new CkException(CKR.KEY_HANDLE_INVALID);
        }
        int length = LocalCrypto.SignatureLength(key);
        if (pSignature is null) { *pulSignatureLen = (nuint)length; return; }
        if (*pulSignatureLen < (nuint)length)
        {
            *pulSignatureLen = (nuint)length;
            throw new CkException(CKR.BUFFER_TOO_SMALL);
        }
        try
        {
            if (dataLen > 0) Gather(state, session, op, data, dataLen, peek: false);
            var input = PhoneInput(op, key, length);
            if (Templates.Bool(key, CKA.ALWAYS_AUTHENTICATE) == true && !op.ContextAuthenticated) throw new CkException(CKR.USER_NOT_LOGGED_IN);
            var mechanism = P11Binary.EncodeMechanism(op.Parameters);
            var r = state.Agent.Send(AtCommands.Sign,
                [(ulong)session.SlotId, "", (ulong)op.Key, (ulong)mechanism.Length, P11Binary.ToBase64(mechanism), 0, ""], input, 5);
            CheckPhoneLogin(state, session.SlotId, r);
            var line = r.Info(AtCommands.Sign).FirstOrDefault();
            if (line is null || !AtBlobs.TryRead(r, line, 1, out var signature) || signature.Length > length)
                throw new CkException(CKR.DEVICE_ERROR, "malformed signature answer");
            signature.CopyTo(new Span<byte>(pSignature, signature.Length));
            *pulSignatureLen = (nuint)signature.Length;
        }
        finally
        {
            EndSign(state, session);
        }
    }

    /// <summary>What the phone signs: a DigestInfo, a digest, or the data itself, with the length rules of each mechanism.</summary>
    private static byte[] PhoneInput(CryptoOperation op, IReadOnlyList<P11Attribute> key, int signatureLength)
    {
        if (op.Hash is { } h)
        {
            var digest = LocalCrypto.Finish(h);
            return op.Parameters.Type == (ulong)CKM.RSA_PKCS ? LocalCrypto.DigestInfo(op.HashMechanism, digest) : digest;
        }
        var data = op.Buffer.ToArray();
        nuint m = op.Mechanism;
        bool fits = m switch
        {
            _ when m == CKM.RSA_PKCS => data.Length <= signatureLength - 11,
            _ when m == CKM.RSA_X_509 => data.Length <= signatureLength,
            _ when m == CKM.RSA_PKCS_PSS => data.Length == LocalCrypto.HashLength((nuint)op.Parameters.Numbers[0]),
            _ when m == CKM.ECDSA => data.Length is > 0 and <= 1024,
            _ => true,
        };
        return fits ? data : throw new CkException(CKR.DATA_LEN_RANGE);
    }
}
