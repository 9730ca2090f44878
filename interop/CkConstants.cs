namespace Pkcs11Phone.Interop;

// The smaller PKCS#11 constant families (v2.40 and v3.0), one static class per C prefix, members without the prefix:
// CKO.PRIVATE_KEY is CKO_PRIVATE_KEY. The large families are in CkReturnValues.cs (CKR), CkFlags.cs (CKF),
// CkAttributes.cs (CKA) and CkMechanisms.cs (CKM). The tests compare every value with the C headers.
//
// Values of 2^31 and more (the CKx_VENDOR_DEFINED bases, CKF_EXTENSION, CK_UNAVAILABLE_INFORMATION) are static readonly
// fields, not consts. A `const nuint` is stored in metadata as a 32-bit constant, and the C# compiler (as of .NET 10)
// sign-extends one of 0x80000000 or more when another assembly uses it: CKR.VENDOR_DEFINED would read as
// 0xFFFFFFFF80000000 in the module. Everything below 2^31 is a const and can be used in switch cases.

/// <summary>Constants whose C name starts with CK_ (CK_INVALID_HANDLE, CK_UNAVAILABLE_INFORMATION, ...).</summary>
public static class CK
{
    /// <summary>CK_UNAVAILABLE_INFORMATION, ~0UL: all ones in the 64-bit CK_ULONG (not a const: see the note above).</summary>
    public static readonly nuint UNAVAILABLE_INFORMATION = nuint.MaxValue;
    public const nuint EFFECTIVELY_INFINITE = 0;
    public const nuint INVALID_HANDLE = 0;

    /// <summary>CK_TRUE (a CK_BBOOL, one byte).</summary>
    public const byte TRUE = 1;
    /// <summary>CK_FALSE (a CK_BBOOL, one byte).</summary>
    public const byte FALSE = 0;

    // CKA_CERTIFICATE_CATEGORY values
    public const nuint CERTIFICATE_CATEGORY_UNSPECIFIED = 0;
    public const nuint CERTIFICATE_CATEGORY_TOKEN_USER = 1;
    public const nuint CERTIFICATE_CATEGORY_AUTHORITY = 2;
    public const nuint CERTIFICATE_CATEGORY_OTHER_ENTITY = 3;

    // CKA_JAVA_MIDP_SECURITY_DOMAIN values
    public const nuint SECURITY_DOMAIN_UNSPECIFIED = 0;
    public const nuint SECURITY_DOMAIN_MANUFACTURER = 1;
    public const nuint SECURITY_DOMAIN_OPERATOR = 2;
    public const nuint SECURITY_DOMAIN_THIRD_PARTY = 3;

    // CKA_OTP_FORMAT values
    public const nuint OTP_FORMAT_DECIMAL = 0;
    public const nuint OTP_FORMAT_HEXADECIMAL = 1;
    public const nuint OTP_FORMAT_ALPHANUMERIC = 2;
    public const nuint OTP_FORMAT_BINARY = 3;

    // CKA_OTP_*_REQUIREMENT values
    public const nuint OTP_PARAM_IGNORED = 0;
    public const nuint OTP_PARAM_OPTIONAL = 1;
    public const nuint OTP_PARAM_MANDATORY = 2;

    // CK_OTP_PARAM.type values
    public const nuint OTP_VALUE = 0;
    public const nuint OTP_PIN = 1;
    public const nuint OTP_CHALLENGE = 2;
    public const nuint OTP_TIME = 3;
    public const nuint OTP_COUNTER = 4;
    public const nuint OTP_FLAGS = 5;
    public const nuint OTP_OUTPUT_LENGTH = 6;
    public const nuint OTP_OUTPUT_FORMAT = 7;

    // CK_PRF_DATA_TYPE values of the SP 800-108 KDFs (v3.0)
    public const nuint SP800_108_ITERATION_VARIABLE = 1;
    public const nuint SP800_108_COUNTER = 2;
    public const nuint SP800_108_OPTIONAL_COUNTER = 2;
    public const nuint SP800_108_DKM_LENGTH = 3;
    public const nuint SP800_108_BYTE_ARRAY = 4;

    // CK_SP800_108_DKM_LENGTH_METHOD values (v3.0)
    public const nuint SP800_108_DKM_LENGTH_SUM_OF_KEYS = 1;
    public const nuint SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS = 2;
}

/// <summary>
/// CKP_* values: CK_PROFILE_ID (v3.0, CKA_PROFILE_ID of CKO_PROFILE objects) and
/// CK_PKCS5_PBKDF2_PSEUDO_RANDOM_FUNCTION_TYPE (the PRF of CKM_PKCS5_PBKD2). The two families share values.
/// </summary>
public static class CKP
{
    public const nuint INVALID_ID = 0x00000000;
    public const nuint BASELINE_PROVIDER = 0x00000001;
    public const nuint EXTENDED_PROVIDER = 0x00000002;
    public const nuint AUTHENTICATION_TOKEN = 0x00000003;
    public const nuint PUBLIC_CERTIFICATES_TOKEN = 0x00000004;
    public static readonly nuint VENDOR_DEFINED = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs

    public const nuint PKCS5_PBKD2_HMAC_SHA1 = 0x00000001;
    public const nuint PKCS5_PBKD2_HMAC_GOSTR3411 = 0x00000002;
    public const nuint PKCS5_PBKD2_HMAC_SHA224 = 0x00000003;
    public const nuint PKCS5_PBKD2_HMAC_SHA256 = 0x00000004;
    public const nuint PKCS5_PBKD2_HMAC_SHA384 = 0x00000005;
    public const nuint PKCS5_PBKD2_HMAC_SHA512 = 0x00000006;
    public const nuint PKCS5_PBKD2_HMAC_SHA512_224 = 0x00000007;
    public const nuint PKCS5_PBKD2_HMAC_SHA512_256 = 0x00000008;
}

/// <summary>CK_OBJECT_CLASS values (CKO_*).</summary>
public static class CKO
{
    public const nuint DATA = 0x00000000;
    public const nuint CERTIFICATE = 0x00000001;
    public const nuint PUBLIC_KEY = 0x00000002;
    public const nuint PRIVATE_KEY = 0x00000003;
    public const nuint SECRET_KEY = 0x00000004;
    public const nuint HW_FEATURE = 0x00000005;
    public const nuint DOMAIN_PARAMETERS = 0x00000006;
    public const nuint MECHANISM = 0x00000007;
    public const nuint OTP_KEY = 0x00000008;
    public const nuint PROFILE = 0x00000009;
    public static readonly nuint VENDOR_DEFINED = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs
}

/// <summary>CK_KEY_TYPE values (CKK_*). Where two names share a value, the current name comes first.</summary>
public static class CKK
{
    public const nuint RSA = 0x00000000;
    public const nuint DSA = 0x00000001;
    public const nuint DH = 0x00000002;
    public const nuint EC = 0x00000003;
    public const nuint ECDSA = 0x00000003;
    public const nuint X9_42_DH = 0x00000004;
    public const nuint KEA = 0x00000005;
    public const nuint GENERIC_SECRET = 0x00000010;
    public const nuint RC2 = 0x00000011;
    public const nuint RC4 = 0x00000012;
    public const nuint DES = 0x00000013;
    public const nuint DES2 = 0x00000014;
    public const nuint DES3 = 0x00000015;
    public const nuint CAST = 0x00000016;
    public const nuint CAST3 = 0x00000017;
    public const nuint CAST128 = 0x00000018;
    public const nuint CAST5 = 0x00000018;
    public const nuint RC5 = 0x00000019;
    public const nuint IDEA = 0x0000001A;
    public const nuint SKIPJACK = 0x0000001B;
    public const nuint BATON = 0x0000001C;
    public const nuint JUNIPER = 0x0000001D;
    public const nuint CDMF = 0x0000001E;
    public const nuint AES = 0x0000001F;
    public const nuint BLOWFISH = 0x00000020;
    public const nuint TWOFISH = 0x00000021;
    public const nuint SECURID = 0x00000022;
    public const nuint HOTP = 0x00000023;
    public const nuint ACTI = 0x00000024;
    public const nuint CAMELLIA = 0x00000025;
    public const nuint ARIA = 0x00000026;
    public const nuint MD5_HMAC = 0x00000027;
    public const nuint SHA_1_HMAC = 0x00000028;
    public const nuint RIPEMD128_HMAC = 0x00000029;
    public const nuint RIPEMD160_HMAC = 0x0000002A;
    public const nuint SHA256_HMAC = 0x0000002B;
    public const nuint SHA384_HMAC = 0x0000002C;
    public const nuint SHA512_HMAC = 0x0000002D;
    public const nuint SHA224_HMAC = 0x0000002E;
    public const nuint SEED = 0x0000002F;
    public const nuint GOSTR3410 = 0x00000030;
    public const nuint GOSTR3411 = 0x00000031;
    public const nuint GOST28147 = 0x00000032;
    public const nuint CHACHA20 = 0x00000033;
    public const nuint POLY1305 = 0x00000034;
    public const nuint AES_XTS = 0x00000035;
    public const nuint SHA3_224_HMAC = 0x00000036;
    public const nuint SHA3_256_HMAC = 0x00000037;
    public const nuint SHA3_384_HMAC = 0x00000038;
    public const nuint SHA3_512_HMAC = 0x00000039;
    public const nuint BLAKE2B_160_HMAC = 0x0000003A;
    public const nuint BLAKE2B_256_HMAC = 0x0000003B;
    public const nuint BLAKE2B_384_HMAC = 0x0000003C;
    public const nuint BLAKE2B_512_HMAC = 0x0000003D;
    public const nuint SALSA20 = 0x0000003E;
    public const nuint X2RATCHET = 0x0000003F;
    public const nuint EC_EDWARDS = 0x00000040;
    public const nuint EC_MONTGOMERY = 0x00000041;
    public const nuint HKDF = 0x00000042;
    public const nuint SHA512_224_HMAC = 0x00000043;
    public const nuint SHA512_256_HMAC = 0x00000044;
    public const nuint SHA512_T_HMAC = 0x00000045;
    public static readonly nuint VENDOR_DEFINED = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs
}

/// <summary>CK_CERTIFICATE_TYPE values (CKC_*).</summary>
public static class CKC
{
    public const nuint X_509 = 0x00000000;
    public const nuint X_509_ATTR_CERT = 0x00000001;
    public const nuint WTLS = 0x00000002;
    public static readonly nuint VENDOR_DEFINED = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs
}

/// <summary>CK_HW_FEATURE_TYPE values (CKH_*).</summary>
public static class CKH
{
    public const nuint MONOTONIC_COUNTER = 0x00000001;
    public const nuint CLOCK = 0x00000002;
    public const nuint USER_INTERFACE = 0x00000003;
    public static readonly nuint VENDOR_DEFINED = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs
}

/// <summary>CK_USER_TYPE values (CKU_*).</summary>
public static class CKU
{
    public const nuint SO = 0;
    public const nuint USER = 1;
    public const nuint CONTEXT_SPECIFIC = 2;
}

/// <summary>CK_STATE values (CKS_*), the session states of CK_SESSION_INFO.state.</summary>
public static class CKS
{
    public const nuint RO_PUBLIC_SESSION = 0;
    public const nuint RO_USER_FUNCTIONS = 1;
    public const nuint RW_PUBLIC_SESSION = 2;
    public const nuint RW_USER_FUNCTIONS = 3;
    public const nuint RW_SO_FUNCTIONS = 4;
}

/// <summary>CK_NOTIFICATION values (CKN_*) passed to the CK_NOTIFY callback of C_OpenSession.</summary>
public static class CKN
{
    public const nuint SURRENDER = 0;
    public const nuint OTP_CHANGED = 1;
}

/// <summary>
/// CKG_* values: CK_RSA_PKCS_MGF_TYPE (the MGF1 variants of PSS and OAEP) and, in v3.0,
/// CK_GENERATOR_FUNCTION (IV generation of the message-based AEAD parameters).
/// </summary>
public static class CKG
{
    public const nuint MGF1_SHA1 = 0x00000001;
    public const nuint MGF1_SHA256 = 0x00000002;
    public const nuint MGF1_SHA384 = 0x00000003;
    public const nuint MGF1_SHA512 = 0x00000004;
    public const nuint MGF1_SHA224 = 0x00000005;
    public const nuint MGF1_SHA3_224 = 0x00000006;
    public const nuint MGF1_SHA3_256 = 0x00000007;
    public const nuint MGF1_SHA3_384 = 0x00000008;
    public const nuint MGF1_SHA3_512 = 0x00000009;

    public const nuint NO_GENERATE = 0x00000000;
    public const nuint GENERATE = 0x00000001;
    public const nuint GENERATE_COUNTER = 0x00000002;
    public const nuint GENERATE_RANDOM = 0x00000003;
    public const nuint GENERATE_COUNTER_XOR = 0x00000004;
}

/// <summary>CKZ_* values: CK_RSA_PKCS_OAEP_SOURCE_TYPE and the PKCS#5 PBKDF2 salt source.</summary>
public static class CKZ
{
    public const nuint DATA_SPECIFIED = 0x00000001;
    public const nuint SALT_SPECIFIED = 0x00000001;
}

/// <summary>CK_EC_KDF_TYPE / CK_X9_42_DH_KDF_TYPE values (CKD_*), the KDF of CK_ECDH1_DERIVE_PARAMS.kdf.</summary>
public static class CKD
{
    public const nuint NULL = 0x00000001;
    public const nuint SHA1_KDF = 0x00000002;
    public const nuint SHA1_KDF_ASN1 = 0x00000003;
    public const nuint SHA1_KDF_CONCATENATE = 0x00000004;
    public const nuint SHA224_KDF = 0x00000005;
    public const nuint SHA256_KDF = 0x00000006;
    public const nuint SHA384_KDF = 0x00000007;
    public const nuint SHA512_KDF = 0x00000008;
    public const nuint CPDIVERSIFY_KDF = 0x00000009;
    public const nuint SHA3_224_KDF = 0x0000000A;
    public const nuint SHA3_256_KDF = 0x0000000B;
    public const nuint SHA3_384_KDF = 0x0000000C;
    public const nuint SHA3_512_KDF = 0x0000000D;
    public const nuint SHA1_KDF_SP800 = 0x0000000E;
    public const nuint SHA224_KDF_SP800 = 0x0000000F;
    public const nuint SHA256_KDF_SP800 = 0x00000010;
    public const nuint SHA384_KDF_SP800 = 0x00000011;
    public const nuint SHA512_KDF_SP800 = 0x00000012;
    public const nuint SHA3_224_KDF_SP800 = 0x00000013;
    public const nuint SHA3_256_KDF_SP800 = 0x00000014;
    public const nuint SHA3_384_KDF_SP800 = 0x00000015;
    public const nuint SHA3_512_KDF_SP800 = 0x00000016;
    public const nuint BLAKE2B_160_KDF = 0x00000017;
    public const nuint BLAKE2B_256_KDF = 0x00000018;
    public const nuint BLAKE2B_384_KDF = 0x00000019;
    public const nuint BLAKE2B_512_KDF = 0x0000001A;
}
