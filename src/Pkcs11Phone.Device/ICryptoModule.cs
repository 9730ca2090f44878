using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>
/// The phone's cryptographic module: the keystore it already uses for its own secure communication
/// (a software keystore, a SIM/secure element reached through PKCS#11, ...). It holds the private keys.
/// Backends: <see cref="SoftwareCryptoModule"/> (BouncyCastle keys stored encrypted) and a PKCS#11 token backend.
/// </summary>
public interface ICryptoModule : IDisposable
{
    /// <summary>The tokens this module offers; each becomes a slot on the computer.</summary>
    IReadOnlyList<IPhoneToken> Tokens { get; }
}

/// <summary>
/// One token of the phone's crypto module. Every operation returns a CK_RV (0 = CKR_OK) and never throws
/// for bad input. <paramref name="client"/> names the computer-side application (the agent's client ID):
/// login state is kept per client, as PKCS#11 keeps it per application. PINs are given as UTF-8 bytes
/// and are never logged. The token is safe for concurrent calls.
/// </summary>
public interface IPhoneToken
{
    /// <summary>Token information; the flags include the PIN counter flags (CKF_USER_PIN_COUNT_LOW, _FINAL_TRY, _LOCKED, and SO).</summary>
    P11TokenInfo Info { get; }

    /// <summary>What the phone itself performs: key-pair generation, and sign/decrypt/unwrap with private keys.</summary>
    IReadOnlyList<P11MechanismInfo> Mechanisms { get; }

    /// <summary>Changes whenever an object, the token info or a PIN state changes, so the computer refreshes only then.</summary>
    ulong Generation { get; }

    /// <summary>Every token object with its non-sensitive attributes (private objects included; the computer hides them until login).</summary>
    IReadOnlyList<P11Object> Objects { get; }

    /// <summary>Whether this client is logged in, and as whom (CKU_USER or CKU_SO), or null.</summary>
    ulong? LoggedInAs(string client);

    /// <summary>C_Login: CKU_USER, CKU_SO or CKU_CONTEXT_SPECIFIC. Counts wrong PINs; locks at the limit (CKR_PIN_LOCKED).</summary>
    ulong Login(string client, ulong userType, ReadOnlySpan<byte> pin);

    ulong Logout(string client);

    /// <summary>The client is gone (its connection closed): log it out and drop its session objects (CKA_TOKEN=false).</summary>
    void EndClient(string client);

    /// <summary>C_InitToken: with the SO PIN (sets it on a fresh token); destroys every object; sets the label.</summary>
    ulong InitToken(ReadOnlySpan<byte> soPin, string label);

    /// <summary>C_InitPIN: the client is logged in as SO; sets (or resets, after a lockout) the user PIN without losing keys.</summary>
    ulong InitPin(string client, ReadOnlySpan<byte> pin);

    /// <summary>C_SetPIN: changes the PIN of whoever the client is logged in as (or the user's when not logged in).</summary>
    ulong SetPin(string client, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin);

    /// <summary>C_GenerateKeyPair on the phone: CKM_RSA_PKCS_KEY_PAIR_GEN, CKM_EC_KEY_PAIR_GEN, CKM_EC_EDWARDS_KEY_PAIR_GEN.</summary>
    P11Result<(ulong PublicKey, ulong PrivateKey)> GenerateKeyPair(string client, P11Mechanism mechanism,
        IReadOnlyList<P11Attribute> publicTemplate, IReadOnlyList<P11Attribute> privateTemplate);

    /// <summary>
    /// C_CreateObject: certificates, data objects, public keys, and private-key import. CKA_TOKEN=false makes a
    /// session object of this client (kept in memory until <see cref="EndClient"/>); it is listed in <see cref="Objects"/> too.
    /// </summary>
    P11Result<ulong> CreateObject(string client, IReadOnlyList<P11Attribute> template);

    ulong DestroyObject(string client, ulong handle);

    /// <summary>
    /// C_CopyObject on the phone: a new object with the original's attributes (key material included, which
    /// never leaves the phone) changed by <paramref name="template"/>; CKA_TOKEN, CKA_PRIVATE (never from true
    /// to false), CKA_MODIFIABLE and CKA_DESTROYABLE may be set, the rest as C_SetAttributeValue allows.
    /// </summary>
    P11Result<ulong> CopyObject(string client, ulong handle, IReadOnlyList<P11Attribute> template);

    ulong SetAttributes(string client, ulong handle, IReadOnlyList<P11Attribute> template);

    /// <summary>
    /// A private-key signature over data the computer prepared: CKM_RSA_PKCS (DigestInfo or raw data),
    /// CKM_RSA_X_509, CKM_RSA_PKCS_PSS (the hash, with its parameters), CKM_ECDSA (the hash), CKM_EDDSA (the message).
    /// </summary>
    P11Result<byte[]> Sign(string client, ulong key, P11Mechanism mechanism, ReadOnlySpan<byte> data);

    /// <summary>A private-key decryption: CKM_RSA_PKCS, CKM_RSA_X_509, CKM_RSA_PKCS_OAEP (hash, MGF, source, label).</summary>
    P11Result<byte[]> Decrypt(string client, ulong key, P11Mechanism mechanism, ReadOnlySpan<byte> data);

    P11Result<byte[]> GenerateRandom(int length);
}
