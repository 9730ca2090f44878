using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Message digesting (PKCS#11 v2.40 section 5.11): SHA-1 and SHA-2 on the computer. Length queries and a buffer
/// that is too small keep the operation; the digest is made only when it can be returned.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    public nuint DigestInit(nuint hSession, CK_MECHANISM* pMechanism) => Run(() =>
    {
        var state = State;
        if (pMechanism is null) throw new CkException(CKR.ARGUMENTS_BAD);
        nuint mechanism = pMechanism->mechanism;
        BeginOperation(state, hSession, s => s.Digest, (s, op) => s.Digest = op, _ =>
        {
            if (Array.IndexOf(MechanismRules.Digests, mechanism) < 0) throw new CkException(CKR.MECHANISM_INVALID);
            if (pMechanism->ulParameterLen != 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            return new CryptoOperation(mechanism, P11Mechanism.Plain(mechanism), 0)
            {
                Hash = LocalCrypto.NewDigest(mechanism),
                HashMechanism = mechanism,
            };
        });
    });

    public nuint Digest(nuint hSession, byte* pData, nuint ulDataLen, byte* pDigest, nuint* pulDigestLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Digest);
        if (op.MultiPart) throw new CkException(CKR.OPERATION_ACTIVE);
        bool keep = false;
        try
        {
            if (pulDigestLen is null || (pData is null && ulDataLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
            if (!DigestFits(op, pDigest, pulDigestLen, ref keep)) return;
            Absorb(op, pData, ulDataLen, CKR.DATA_LEN_RANGE);
            WriteDigest(op, pDigest, pulDigestLen);
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    public nuint DigestUpdate(nuint hSession, byte* pPart, nuint ulPartLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Digest);
        bool keep = false;
        try
        {
            if (pPart is null && ulPartLen > 0) throw new CkException(CKR.ARGUMENTS_BAD);
            op.MultiPart = true;
            Absorb(op, pPart, ulPartLen, CKR.DATA_LEN_RANGE);
            keep = true;
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    /// <summary>
    /// C_DigestKey: the value of a secret key kept on the computer goes into the digest. Keys on the phone never
    /// reveal their value (CKR_KEY_INDIGESTIBLE), nor do objects that are not secret keys.
    /// </summary>
    public nuint DigestKey(nuint hSession, nuint hKey) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Digest);
        bool keep = false;
        try
        {
            IReadOnlyList<P11Attribute> key;
            if (ModuleState.IsLocalHandle(hKey))
            {
                lock (state.Gate)
                {
                    try { key = ObjectAttributes(state, session, hKey); }
                    catch (CkException) { throw new CkException(CKR.KEY_HANDLE_INVALID); }
                }
            }
            else
            {
                (_, key) = KeyObject(state, hSession, hKey);
            }
            var cls = Templates.ULong(key, CKA.CLASS);
            if (cls != CKO.SECRET_KEY && cls != CKO.PRIVATE_KEY && cls != CKO.PUBLIC_KEY) throw new CkException(CKR.KEY_HANDLE_INVALID);
            if (!ModuleState.IsLocalHandle(hKey) || cls != CKO.SECRET_KEY || Templates.Find(key, CKA.VALUE) is not { } value)
                throw new CkException(CKR.KEY_INDIGESTIBLE);
            op.MultiPart = true;
            op.Hash!.BlockUpdate(value.Value);
            keep = true;
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    public nuint DigestFinal(nuint hSession, byte* pDigest, nuint* pulDigestLen) => Run(() =>
    {
        var state = State;
        var (session, op) = Operation(state, hSession, s => s.Digest);
        bool keep = false;
        try
        {
            if (pulDigestLen is null) throw new CkException(CKR.ARGUMENTS_BAD);
            if (!DigestFits(op, pDigest, pulDigestLen, ref keep)) return;
            WriteDigest(op, pDigest, pulDigestLen);
        }
        finally
        {
            if (!keep) EndOperation(state, session, op);
        }
    });

    /// <summary>Answers a length query (false: nothing more to do), or fails with CKR_BUFFER_TOO_SMALL; both keep the operation.</summary>
    private static bool DigestFits(CryptoOperation op, byte* pDigest, nuint* pulDigestLen, ref bool keep)
    {
        var size = (nuint)op.Hash!.GetDigestSize();
        if (pDigest is null)
        {
            *pulDigestLen = size;
            keep = true;
            return false;
        }
        if (*pulDigestLen < size)
        {
            *pulDigestLen = size;
            keep = true;
            throw new CkException(CKR.BUFFER_TOO_SMALL);
        }
        return true;
    }

    private static void WriteDigest(CryptoOperation op, byte* pDigest, nuint* pulDigestLen)
    {
        var digest = LocalCrypto.Finish(op.Hash!);
        digest.CopyTo(new Span<byte>(pDigest, digest.Length));
        *pulDigestLen = (nuint)digest.Length;
    }
}
