namespace Pkcs11Phone.Interop;

/// <summary>
/// CK_FLAGS bit values (CKF_*), PKCS#11 v2.40 and v3.0, for every structure and function that takes flags.
/// C has one flat namespace, so all of them are here and several share a value.
/// </summary>
public static class CKF
{
    // CK_SLOT_INFO.flags
    public const nuint TOKEN_PRESENT = 0x00000001;
    public const nuint REMOVABLE_DEVICE = 0x00000002;
    public const nuint HW_SLOT = 0x00000004;

    // CK_TOKEN_INFO.flags
    public const nuint RNG = 0x00000001;
    public const nuint WRITE_PROTECTED = 0x00000002;
    public const nuint LOGIN_REQUIRED = 0x00000004;
    public const nuint USER_PIN_INITIALIZED = 0x00000008;
    public const nuint RESTORE_KEY_NOT_NEEDED = 0x00000020;
    public const nuint CLOCK_ON_TOKEN = 0x00000040;
    public const nuint PROTECTED_AUTHENTICATION_PATH = 0x00000100;
    public const nuint DUAL_CRYPTO_OPERATIONS = 0x00000200;
    public const nuint TOKEN_INITIALIZED = 0x00000400;
    public const nuint SECONDARY_AUTHENTICATION = 0x00000800;
    public const nuint USER_PIN_COUNT_LOW = 0x00010000;
    public const nuint USER_PIN_FINAL_TRY = 0x00020000;
    public const nuint USER_PIN_LOCKED = 0x00040000;
    public const nuint USER_PIN_TO_BE_CHANGED = 0x00080000;
    public const nuint SO_PIN_COUNT_LOW = 0x00100000;
    public const nuint SO_PIN_FINAL_TRY = 0x00200000;
    public const nuint SO_PIN_LOCKED = 0x00400000;
    public const nuint SO_PIN_TO_BE_CHANGED = 0x00800000;
    public const nuint ERROR_STATE = 0x01000000;

    // CK_SESSION_INFO.flags and C_OpenSession
    public const nuint RW_SESSION = 0x00000002;
    public const nuint SERIAL_SESSION = 0x00000004;

    // Attribute types that hold an array of CK_ATTRIBUTE (CKA_WRAP_TEMPLATE, ...)
    public const nuint ARRAY_ATTRIBUTE = 0x40000000;

    // CK_MECHANISM_INFO.flags (the operation bits are also the flags of C_SessionCancel)
    public const nuint HW = 0x00000001;
    public const nuint MESSAGE_ENCRYPT = 0x00000002;
    public const nuint MESSAGE_DECRYPT = 0x00000004;
    public const nuint MESSAGE_SIGN = 0x00000008;
    public const nuint MESSAGE_VERIFY = 0x00000010;
    public const nuint MULTI_MESSAGE = 0x00000020;
    /// <summary>The v3.0 header's misspelt alias of <see cref="MULTI_MESSAGE"/>.</summary>
    public const nuint MULTI_MESSGE = 0x00000020;
    public const nuint FIND_OBJECTS = 0x00000040;
    public const nuint ENCRYPT = 0x00000100;
    public const nuint DECRYPT = 0x00000200;
    public const nuint DIGEST = 0x00000400;
    public const nuint SIGN = 0x00000800;
    public const nuint SIGN_RECOVER = 0x00001000;
    public const nuint VERIFY = 0x00002000;
    public const nuint VERIFY_RECOVER = 0x00004000;
    public const nuint GENERATE = 0x00008000;
    public const nuint GENERATE_KEY_PAIR = 0x00010000;
    public const nuint WRAP = 0x00020000;
    public const nuint UNWRAP = 0x00040000;
    public const nuint DERIVE = 0x00080000;
    public const nuint EC_F_P = 0x00100000;
    public const nuint EC_F_2M = 0x00200000;
    public const nuint EC_ECPARAMETERS = 0x00400000;
    public const nuint EC_OID = 0x00800000;
    /// <summary>The v2.40 name of <see cref="EC_OID"/>.</summary>
    public const nuint EC_NAMEDCURVE = 0x00800000;
    public const nuint EC_UNCOMPRESS = 0x01000000;
    public const nuint EC_COMPRESS = 0x02000000;
    public const nuint EC_CURVENAME = 0x04000000;
    public static readonly nuint EXTENSION = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs

    // CK_C_INITIALIZE_ARGS.flags
    public const nuint LIBRARY_CANT_CREATE_OS_THREADS = 0x00000001;
    public const nuint OS_LOCKING_OK = 0x00000002;

    // C_WaitForSlotEvent
    public const nuint DONT_BLOCK = 0x00000001;

    // CK_OTP_PARAMS / OTP mechanisms
    public const nuint NEXT_OTP = 0x00000001;
    public const nuint EXCLUDE_TIME = 0x00000002;
    public const nuint EXCLUDE_COUNTER = 0x00000004;
    public const nuint EXCLUDE_CHALLENGE = 0x00000008;
    public const nuint EXCLUDE_PIN = 0x00000010;
    public const nuint USER_FRIENDLY_OTP = 0x00000020;

    // CK_INTERFACE.flags (v3.0)
    public const nuint INTERFACE_FORK_SAFE = 0x00000001;

    // C_EncryptMessageNext / C_DecryptMessageNext (v3.0)
    public const nuint END_OF_MESSAGE = 0x00000001;

    // CK_HKDF_PARAMS.ulSaltType (v3.0)
    public const nuint HKDF_SALT_NULL = 0x00000001;
    public const nuint HKDF_SALT_DATA = 0x00000002;
    public const nuint HKDF_SALT_KEY = 0x00000004;
}
