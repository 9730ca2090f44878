using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Pkcs11Phone.Protocol;
using CKA = Pkcs11Phone.Interop.CKA;
using CKG = Pkcs11Phone.Interop.CKG;
using CKK = Pkcs11Phone.Interop.CKK;
using CKZ = Pkcs11Phone.Interop.CKZ;
using CKF = Pkcs11Phone.Interop.CKF;
using CKM = Pkcs11Phone.Interop.CKM;
using CKO = Pkcs11Phone.Interop.CKO;
using CKR = Pkcs11Phone.Interop.CKR;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// Translations between the phone's canonical values (<see cref="P11Attribute"/>, <see cref="P11Mechanism"/>)
/// and Pkcs11Interop's objects, and the backend's policy on what it reads and offers.
/// The canonical encoding (CK_ULONG as 8 bytes little-endian, CK_BBOOL as 1 byte) is the native layout of a
/// 64-bit little-endian Unix PKCS#11 library, so attribute values pass through as raw bytes.
/// </summary>
internal static class Pkcs11Mapping
{
    /// <summary>Whether raw attribute bytes of the library are already canonical (64-bit little-endian CK_ULONG).</summary>
    public static bool NativeIsCanonical => BitConverter.IsLittleEndian && Platform.NativeULongSize == 8;

    /// <summary>
    /// The attributes read for the object listing. PKCS#11 has no call that lists an object's attributes, so the
    /// backend asks for every attribute a storage object of the kinds a phone holds can have (data objects,
    /// certificates, public/private/secret keys, OTP keys). Array attributes holding nested templates
    /// (CKA_WRAP_TEMPLATE, ...) have no canonical encoding and are left out.
    /// </summary>
    public static readonly ulong[] ListedAttributes =
    [
        CKA.CLASS, CKA.TOKEN, CKA.PRIVATE, CKA.LABEL, CKA.UNIQUE_ID, CKA.APPLICATION, CKA.VALUE, CKA.OBJECT_ID,
        CKA.CERTIFICATE_TYPE, CKA.ISSUER, CKA.SERIAL_NUMBER, CKA.AC_ISSUER, CKA.OWNER, CKA.ATTR_TYPES, CKA.TRUSTED,
        CKA.CERTIFICATE_CATEGORY, CKA.JAVA_MIDP_SECURITY_DOMAIN, CKA.URL, CKA.HASH_OF_SUBJECT_PUBLIC_KEY,
        CKA.HASH_OF_ISSUER_PUBLIC_KEY, CKA.NAME_HASH_ALGORITHM, CKA.CHECK_VALUE,
        CKA.KEY_TYPE, CKA.SUBJECT, CKA.ID, CKA.SENSITIVE, CKA.ENCRYPT, CKA.DECRYPT, CKA.WRAP, CKA.UNWRAP, CKA.SIGN,
        CKA.SIGN_RECOVER, CKA.VERIFY, CKA.VERIFY_RECOVER, CKA.DERIVE, CKA.START_DATE, CKA.END_DATE,
        CKA.MODULUS, CKA.MODULUS_BITS, CKA.PUBLIC_EXPONENT, CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2,
        CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT, CKA.PUBLIC_KEY_INFO, CKA.PRIME, CKA.SUBPRIME, CKA.BASE,
        CKA.PRIME_BITS, CKA.SUBPRIME_BITS, CKA.VALUE_BITS, CKA.VALUE_LEN, CKA.EXTRACTABLE, CKA.LOCAL,
        CKA.NEVER_EXTRACTABLE, CKA.ALWAYS_SENSITIVE, CKA.KEY_GEN_MECHANISM, CKA.MODIFIABLE, CKA.COPYABLE,
        CKA.DESTROYABLE, CKA.EC_PARAMS, CKA.EC_POINT, CKA.ALWAYS_AUTHENTICATE, CKA.WRAP_WITH_TRUSTED,
        CKA.ALLOWED_MECHANISMS,
        CKA.OTP_FORMAT, CKA.OTP_LENGTH, CKA.OTP_TIME_INTERVAL, CKA.OTP_USER_FRIENDLY_MODE,
        CKA.OTP_CHALLENGE_REQUIREMENT, CKA.OTP_TIME_REQUIREMENT, CKA.OTP_COUNTER_REQUIREMENT,
        CKA.OTP_PIN_REQUIREMENT, CKA.OTP_USER_IDENTIFIER, CKA.OTP_SERVICE_IDENTIFIER, CKA.OTP_SERVICE_LOGO,
        CKA.OTP_SERVICE_LOGO_TYPE, CKA.OTP_COUNTER, CKA.OTP_TIME,
        CKA.GOSTR3410_PARAMS, CKA.GOSTR3411_PARAMS, CKA.GOST28147_PARAMS,
    ];

    /// <summary>
    /// Key material of private and secret keys. The listing never carries these, even when the token would
    /// release them (a key with CKA_SENSITIVE=false): the phone's keys stay on the phone.
    /// </summary>
    public static readonly HashSet<ulong> SecretComponents =
    [
        CKA.VALUE, CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2, CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT,
    ];

    /// <summary>Attributes whose value is a nested template (an array of CK_ATTRIBUTE): no canonical form.</summary>
    public static bool IsNestedTemplate(ulong type) =>
        type == CKA.WRAP_TEMPLATE || type == CKA.UNWRAP_TEMPLATE || type == CKA.DERIVE_TEMPLATE;

    public static bool HoldsKeyMaterial(ulong objectClass) => objectClass == CKO.PRIVATE_KEY || objectClass == CKO.SECRET_KEY
        || objectClass == CKO.OTP_KEY;

    /// <summary>Operation flags of CK_MECHANISM_INFO (as opposed to capability flags such as CKF_HW or CKF_EC_*).</summary>
    private const ulong OperationFlags = CKF.ENCRYPT | CKF.DECRYPT | CKF.DIGEST | CKF.SIGN | CKF.SIGN_RECOVER | CKF.VERIFY
        | CKF.VERIFY_RECOVER | CKF.GENERATE | CKF.GENERATE_KEY_PAIR | CKF.WRAP | CKF.UNWRAP | CKF.DERIVE
        | CKF.MESSAGE_ENCRYPT | CKF.MESSAGE_DECRYPT | CKF.MESSAGE_SIGN | CKF.MESSAGE_VERIFY | CKF.MULTI_MESSAGE
        | CKF.FIND_OBJECTS;

    /// <summary>
    /// The mechanisms the phone performs and which of their operations: key-pair generation, and
    /// sign/decrypt/unwrap with a private key over data the computer prepared.
    /// </summary>
    public static readonly Dictionary<ulong, ulong> PhoneOperations = new()
    {
        [CKM.RSA_PKCS_KEY_PAIR_GEN] = CKF.GENERATE_KEY_PAIR,
        [CKM.EC_KEY_PAIR_GEN] = CKF.GENERATE_KEY_PAIR,
        [CKM.EC_EDWARDS_KEY_PAIR_GEN] = CKF.GENERATE_KEY_PAIR,
        [CKM.RSA_PKCS] = CKF.SIGN | CKF.DECRYPT | CKF.UNWRAP,
        [CKM.RSA_X_509] = CKF.SIGN | CKF.DECRYPT | CKF.UNWRAP,
        [CKM.RSA_PKCS_PSS] = CKF.SIGN,
        [CKM.RSA_PKCS_OAEP] = CKF.DECRYPT | CKF.UNWRAP,
        [CKM.ECDSA] = CKF.SIGN,
        [CKM.EDDSA] = CKF.SIGN,
    };

    /// <summary>
    /// The token's mechanism info restricted to the phone's operations: operation flags the phone does not
    /// perform are dropped, every other flag (CKF_HW, CKF_EC_*) is kept as the token reports it.
    /// Null when none of the phone's operations remain.
    /// </summary>
    public static P11MechanismInfo? Restrict(ulong mechanism, ulong minKey, ulong maxKey, ulong flags)
    {
        if (!PhoneOperations.TryGetValue(mechanism, out var allowed)) return null;
        ulong operations = flags & allowed;
        if (operations == 0) return null;
        return new P11MechanismInfo(mechanism, minKey, maxKey, (flags & ~OperationFlags) | operations);
    }

    /// <summary>Converts a template to Pkcs11Interop attributes; CKR_OK or the CK_RV that refuses it.</summary>
    public static ulong ToTemplate(Pkcs11InteropFactories factories, IReadOnlyList<P11Attribute>? template, out List<IObjectAttribute> result)
    {
        result = [];
        if (template is null) return CKR.OK;
        foreach (var attribute in template)
        {
            if (attribute is null) { Dispose(result); result = []; return CKR.ARGUMENTS_BAD; }
            if (IsNestedTemplate(attribute.Type)) { Dispose(result); result = []; return CKR.ATTRIBUTE_VALUE_INVALID; }
            result.Add(factories.ObjectAttributeFactory.Create(attribute.Type, attribute.Value ?? []));
        }
        return CKR.OK;
    }

    public static void Dispose(List<IObjectAttribute> attributes)
    {
        foreach (var a in attributes) a.Dispose();
    }

    /// <summary>A boolean of a template, or null when the template does not set it (or sets it oddly).</summary>
    public static bool? FindBool(IReadOnlyList<P11Attribute>? template, ulong type)
    {
        if (template is null) return null;
        foreach (var a in template)
            if (a is not null && a.Type == type && a.Value is { Length: 1 } v) return v[0] != 0;
        return null;
    }

    /// <summary>
    /// Builds the Pkcs11Interop mechanism. PSS takes Numbers = [hashAlg, mgf, sLen] (CK_RSA_PKCS_PSS_PARAMS);
    /// OAEP takes Numbers = [hashAlg, mgf, source] and the label (source data) in Data (CK_RSA_PKCS_OAEP_PARAMS).
    /// Any other mechanism with Data and no Numbers passes Data as its raw parameter.
    /// </summary>
    public static ulong ToMechanism(Pkcs11InteropFactories factories, P11Mechanism? mechanism, out IMechanism? result)
    {
        result = null;
        if (mechanism is null) return CKR.ARGUMENTS_BAD;
        ulong[] numbers = mechanism.Numbers ?? [];
        byte[] data = mechanism.Data ?? [];
        if (IsPss(mechanism.Type))
        {
            if (numbers.Length == 0 && data.Length == 0) { result = factories.MechanismFactory.Create(mechanism.Type); return CKR.OK; }
            if (numbers.Length != 3 || data.Length != 0) return CKR.MECHANISM_PARAM_INVALID;
            var pss = factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(numbers[0], numbers[1], numbers[2]);
            result = factories.MechanismFactory.Create(mechanism.Type, pss);
            return CKR.OK;
        }
        if (mechanism.Type == CKM.RSA_PKCS_OAEP)
        {
            if (numbers.Length == 0 && data.Length == 0) { result = factories.MechanismFactory.Create(mechanism.Type); return CKR.OK; }
            if (numbers.Length != 3) return CKR.MECHANISM_PARAM_INVALID;
            var oaep = factories.MechanismParamsFactory.CreateCkRsaPkcsOaepParams(numbers[0], numbers[1], numbers[2],
                data.Length == 0 ? null : data);
            result = factories.MechanismFactory.Create(mechanism.Type, oaep);
            return CKR.OK;
        }
        if (numbers.Length != 0) return CKR.MECHANISM_PARAM_INVALID;
        result = data.Length == 0
            ? factories.MechanismFactory.Create(mechanism.Type)
            : factories.MechanismFactory.Create(mechanism.Type, data);
        return CKR.OK;
    }

    /// <summary>The digest length of a CKM_ hash mechanism named in PSS and OAEP parameters, or null.</summary>
    public static int? HashLength(ulong hash) => hash switch
    {
        (ulong)CKM.SHA_1 => 20,
        (ulong)CKM.SHA224 or (ulong)CKM.SHA3_224 => 28,
        (ulong)CKM.SHA256 or (ulong)CKM.SHA3_256 => 32,
        (ulong)CKM.SHA384 or (ulong)CKM.SHA3_384 => 48,
        (ulong)CKM.SHA512 or (ulong)CKM.SHA3_512 => 64,
        _ => null,
    };

    private static bool IsMgf(ulong mgf) => mgf >= CKG.MGF1_SHA1 && mgf <= CKG.MGF1_SHA3_512;

    /// <summary>The key type a mechanism of the phone needs, or null when it is not one of them.</summary>
    public static ulong? KeyTypeFor(ulong mechanism) => mechanism switch
    {
        (ulong)CKM.RSA_PKCS or (ulong)CKM.RSA_X_509 or (ulong)CKM.RSA_PKCS_PSS or (ulong)CKM.RSA_PKCS_OAEP => CKK.RSA,
        (ulong)CKM.ECDSA => CKK.EC,
        (ulong)CKM.EDDSA => CKK.EC_EDWARDS,
        _ => null,
    };

    /// <summary>
    /// Checks the parameters of a private-key operation before the token sees them (PKCS#11 v2.40 section 2.1):
    /// PSS and OAEP name a known hash and MGF1, OAEP's source is CKZ_DATA_SPECIFIED, PSS signs one hash of that
    /// hash's length with a salt that fits the modulus (<paramref name="modulusBytes"/>, when known).
    /// </summary>
    public static ulong CheckParameters(P11Mechanism mechanism, int dataLength, int? modulusBytes)
    {
        ulong[] n = mechanism.Numbers ?? [];
        if (mechanism.Type == CKM.RSA_PKCS_PSS)
        {
            if (n.Length != 3 || HashLength(n[0]) is not { } hLen || !IsMgf(n[1])) return CKR.MECHANISM_PARAM_INVALID;
            if (modulusBytes is { } k && n[2] > (ulong)Math.Max(0, k - hLen - 2)) return CKR.MECHANISM_PARAM_INVALID;
            if (dataLength != hLen) return CKR.DATA_LEN_RANGE;
        }
        if (mechanism.Type == CKM.ECDSA && dataLength == 0) return CKR.DATA_LEN_RANGE; // no hash is empty
        if (mechanism.Type == CKM.ECDSA && dataLength == 0) return CKR.DATA_LEN_RANGE; // no hash is empty
        if (mechanism.Type == CKM.RSA_PKCS_OAEP)
        {
            if (n.Length != 3 || HashLength(n[0]) is null || !IsMgf(n[1])) return CKR.MECHANISM_PARAM_INVALID;
            if (n[2] != CKZ.DATA_SPECIFIED && !(n[2] == 0 && (mechanism.Data ?? []).Length == 0)) return CKR.MECHANISM_PARAM_INVALID;
        }
        return CKR.OK;
    }

    private static bool IsPss(ulong type) => type == CKM.RSA_PKCS_PSS || type == CKM.SHA1_RSA_PKCS_PSS
        || type == CKM.SHA224_RSA_PKCS_PSS || type == CKM.SHA256_RSA_PKCS_PSS || type == CKM.SHA384_RSA_PKCS_PSS
        || type == CKM.SHA512_RSA_PKCS_PSS;

    /// <summary>Length of a fixed-size token-info text field, without the blank padding Pkcs11Interop already removed.</summary>
    public static string Text(string? s) => (s ?? "").TrimEnd(' ', '\0');
}
