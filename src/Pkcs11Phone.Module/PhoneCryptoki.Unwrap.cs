using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Key unwrapping (PKCS#11 v2.40 section 5.14): a secret key wrapped with the public half of an RSA key on the phone
/// (CKM_RSA_PKCS, CKM_RSA_PKCS_OAEP). The phone decrypts it once; the computer keeps it as a session secret key
/// (CKK_AES or CKK_GENERIC_SECRET), which the AES mechanisms here then use. This is how S/MIME mail is decrypted.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    public nuint UnwrapKey(nuint hSession, CK_MECHANISM* pMechanism, nuint hUnwrappingKey, byte* pWrappedKey, nuint ulWrappedKeyLen,
        CK_ATTRIBUTE* pTemplate, nuint ulAttributeCount, nuint* phKey) => Run(() =>
    {
        var state = State;
        if (pMechanism is null || phKey is null || (pWrappedKey is null && ulWrappedKeyLen > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
        var template = Templates.Read(pTemplate, ulAttributeCount);
        Session session;
        IReadOnlyList<P11Attribute> key;
        try
        {
            (session, key) = KeyObject(state, hSession, hUnwrappingKey);
        }
        catch (CkException e) when (e.Rv == CKR.KEY_HANDLE_INVALID)
        {
            throw new CkException(CKR.UNWRAPPING_KEY_HANDLE_INVALID);
        }
        nuint mechanism = pMechanism->mechanism;
        var offered = Mechanisms(state, session.SlotId).FirstOrDefault(m => m.Mechanism == (ulong)mechanism);
        if (offered is null || (offered.Flags & (ulong)CKF.UNWRAP) == 0 || !MechanismRules.IsRsaCipher(mechanism))
            throw new CkException(CKR.MECHANISM_INVALID);
        if (Templates.ULong(key, CKA.CLASS) != CKO.PRIVATE_KEY || Templates.ULong(key, CKA.KEY_TYPE) != CKK.RSA)
            throw new CkException(CKR.UNWRAPPING_KEY_TYPE_INCONSISTENT);
        if (Templates.Bool(key, CKA.UNWRAP) != true) throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED);
        var parameters = RsaCipherParameters(pMechanism, key);
        SecretKeys.CheckUnwrapTemplate(template);
        lock (state.Gate)
        {
            bool isPrivate = Templates.Bool(template, CKA.PRIVATE) ?? true;
            if (isPrivate && state.Slot(session.SlotId).LoggedInAs != CKU.USER) throw new CkException(CKR.USER_NOT_LOGGED_IN);
        }
        int k = PublicKeys.RsaLength(key);
        if (ulWrappedKeyLen != (nuint)k) throw new CkException(CKR.WRAPPED_KEY_LEN_RANGE);
        var wrapped = new ReadOnlySpan<byte>(pWrappedKey, k).ToArray();

        byte[] value;
        try
        {
            value = PhoneDecrypt(state, session.SlotId, hUnwrappingKey, parameters, wrapped, k);
        }
        catch (CkException e) when (e.Rv == CKR.ENCRYPTED_DATA_INVALID || e.Rv == CKR.ENCRYPTED_DATA_LEN_RANGE)
        {
            throw new CkException(e.Rv == CKR.ENCRYPTED_DATA_INVALID ? CKR.WRAPPED_KEY_INVALID : CKR.WRAPPED_KEY_LEN_RANGE);
        }
        List<P11Attribute> attributes;
        try
        {
            attributes = SecretKeys.UnwrappedKey(template, value);
        }
        catch (CkException)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(value);
            throw;
        }
        lock (state.Gate)
        {
            // The session may have closed while the phone worked: then its objects are gone too.
            _ = state.Session(hSession);
            var handle = state.NewLocalObjectHandle();
            state.Slot(session.SlotId).LocalObjects[handle] = new LocalObject(handle, hSession, attributes);
            *phKey = handle;
        }
    });
}
