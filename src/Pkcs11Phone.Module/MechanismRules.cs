using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// What the module offers on top of the phone: hash-and-sign variants (the computer hashes, the phone
/// signs the digest), digests, and the public-key halves (verify, encrypt) that the computer performs.
/// </summary>
internal static class MechanismRules
{
    /// <summary>A hash-and-sign mechanism: the hash the computer computes and the mechanism the phone performs.</summary>
    public sealed record HashAndSign(nuint Hash, nuint PhoneMechanism);

    public static readonly IReadOnlyDictionary<nuint, HashAndSign> HashAndSignRules = new Dictionary<nuint, HashAndSign>
    {
        [CKM.SHA1_RSA_PKCS] = new(CKM.SHA_1, CKM.RSA_PKCS),
        [CKM.SHA224_RSA_PKCS] = new(CKM.SHA224, CKM.RSA_PKCS),
        [CKM.SHA256_RSA_PKCS] = new(CKM.SHA256, CKM.RSA_PKCS),
        [CKM.SHA384_RSA_PKCS] = new(CKM.SHA384, CKM.RSA_PKCS),
        [CKM.SHA512_RSA_PKCS] = new(CKM.SHA512, CKM.RSA_PKCS),
        [CKM.SHA1_RSA_PKCS_PSS] = new(CKM.SHA_1, CKM.RSA_PKCS_PSS),
        [CKM.SHA224_RSA_PKCS_PSS] = new(CKM.SHA224, CKM.RSA_PKCS_PSS),
        [CKM.SHA256_RSA_PKCS_PSS] = new(CKM.SHA256, CKM.RSA_PKCS_PSS),
        [CKM.SHA384_RSA_PKCS_PSS] = new(CKM.SHA384, CKM.RSA_PKCS_PSS),
        [CKM.SHA512_RSA_PKCS_PSS] = new(CKM.SHA512, CKM.RSA_PKCS_PSS),
        [CKM.ECDSA_SHA1] = new(CKM.SHA_1, CKM.ECDSA),
        [CKM.ECDSA_SHA224] = new(CKM.SHA224, CKM.ECDSA),
        [CKM.ECDSA_SHA256] = new(CKM.SHA256, CKM.ECDSA),
        [CKM.ECDSA_SHA384] = new(CKM.SHA384, CKM.ECDSA),
        [CKM.ECDSA_SHA512] = new(CKM.SHA512, CKM.ECDSA),
    };

    public static readonly nuint[] Digests = [CKM.SHA_1, CKM.SHA224, CKM.SHA256, CKM.SHA384, CKM.SHA512];

    /// <summary>The key type a signing mechanism needs.</summary>
    public static nuint? KeyType(nuint mechanism)
    {
        var m = HashAndSignRules.TryGetValue(mechanism, out var rule) ? rule.PhoneMechanism : mechanism;
        if (m == CKM.RSA_PKCS || m == CKM.RSA_X_509 || m == CKM.RSA_PKCS_PSS || m == CKM.RSA_PKCS_OAEP) return CKK.RSA;
        if (m == CKM.ECDSA) return CKK.EC;
        if (m == CKM.EDDSA) return CKK.EC_EDWARDS;
        return null;
    }

    /// <summary>Flags the computer adds to a phone mechanism because it does that half itself.</summary>
    private static nuint LocalFlags(nuint mechanism, nuint phoneFlags)
    {
        nuint add = 0;
        if ((phoneFlags & CKF.SIGN) != 0) add |= CKF.VERIFY;
        if ((phoneFlags & CKF.DECRYPT) != 0) add |= CKF.ENCRYPT;
        return add;
    }

    /// <summary>The module's mechanism list for a token: the phone's, widened with what the computer does.</summary>
    public static List<P11MechanismInfo> For(IReadOnlyList<P11MechanismInfo> phone)
    {
        var list = new List<P11MechanismInfo>();
        foreach (var m in phone) list.Add(m with { Flags = m.Flags | LocalFlags((nuint)m.Mechanism, (nuint)m.Flags) });
        foreach (var (mechanism, rule) in HashAndSignRules)
        {
            var basis = phone.FirstOrDefault(p => p.Mechanism == rule.PhoneMechanism && (p.Flags & CKF.SIGN) != 0);
            if (basis is null || list.Any(l => l.Mechanism == mechanism)) continue;
            var keep = basis.Flags & ~(ulong)(CKF.DECRYPT | CKF.ENCRYPT | CKF.UNWRAP | CKF.WRAP);
            list.Add(new P11MechanismInfo(mechanism, basis.MinKeySize, basis.MaxKeySize, keep | CKF.VERIFY));
        }
        foreach (var d in Digests)
            if (!list.Any(l => l.Mechanism == d)) list.Add(new P11MechanismInfo(d, 0, 0, CKF.DIGEST));
        foreach (var a in AesMechanisms)
            if (!list.Any(l => l.Mechanism == a)) list.Add(new P11MechanismInfo(a, AesMinKeyBytes, AesMaxKeyBytes, CKF.ENCRYPT | CKF.DECRYPT));
        return list;
    }

    /// <summary>AES with session secret keys (unwrapped or created here): the computer does these itself.</summary>
    public static readonly nuint[] AesMechanisms = [CKM.AES_ECB, CKM.AES_CBC, CKM.AES_CBC_PAD, CKM.AES_GCM];

    /// <summary>AES key sizes, in bytes (PKCS#11 gives AES key sizes in bytes).</summary>
    public const int AesMinKeyBytes = 16, AesMaxKeyBytes = 32;

    public static bool IsAes(nuint mechanism) => Array.IndexOf(AesMechanisms, mechanism) >= 0;

    /// <summary>The RSA encryption mechanisms: the computer encrypts with the public key, the phone decrypts and unwraps.</summary>
    public static bool IsRsaCipher(nuint mechanism) => mechanism == CKM.RSA_PKCS || mechanism == CKM.RSA_X_509 || mechanism == CKM.RSA_PKCS_OAEP;
}
