using System.Runtime.InteropServices;

namespace Pkcs11Phone.Interop;

// The PKCS#11 structures with the exact C layout of Linux x86-64 (LP64):
// CK_ULONG, CK_FLAGS and every handle type are 64-bit (nuint), pointers are 64-bit,
// and structures use natural alignment (they are NOT packed, unlike on Windows).
// Field names are the C names. The layout of every structure here is checked against
// the C compiler's view of the system PKCS#11 headers by the tests (tests/Pkcs11Phone.Tests/Interop).

/// <summary>CK_VERSION (2 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CK_VERSION
{
    public byte major;
    public byte minor;

    public CK_VERSION(byte major, byte minor)
    {
        this.major = major;
        this.minor = minor;
    }

    public override readonly string ToString() => $"{major}.{minor}";
}

/// <summary>CK_INFO: general information about the library (C_GetInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_INFO
{
    public CK_VERSION cryptokiVersion;
    public fixed byte manufacturerID[32];
    public nuint flags;
    public fixed byte libraryDescription[32];
    public CK_VERSION libraryVersion;
}

/// <summary>CK_SLOT_INFO (C_GetSlotInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_SLOT_INFO
{
    public fixed byte slotDescription[64];
    public fixed byte manufacturerID[32];
    public nuint flags;
    public CK_VERSION hardwareVersion;
    public CK_VERSION firmwareVersion;
}

/// <summary>CK_TOKEN_INFO (C_GetTokenInfo); 208 bytes on x86-64.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_TOKEN_INFO
{
    public fixed byte label[32];
    public fixed byte manufacturerID[32];
    public fixed byte model[16];
    public fixed byte serialNumber[16];
    public nuint flags;
    public nuint ulMaxSessionCount;
    public nuint ulSessionCount;
    public nuint ulMaxRwSessionCount;
    public nuint ulRwSessionCount;
    public nuint ulMaxPinLen;
    public nuint ulMinPinLen;
    public nuint ulTotalPublicMemory;
    public nuint ulFreePublicMemory;
    public nuint ulTotalPrivateMemory;
    public nuint ulFreePrivateMemory;
    public CK_VERSION hardwareVersion;
    public CK_VERSION firmwareVersion;
    public fixed byte utcTime[16];
}

/// <summary>CK_SESSION_INFO (C_GetSessionInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CK_SESSION_INFO
{
    public nuint slotID;
    public nuint state;
    public nuint flags;
    public nuint ulDeviceError;
}

/// <summary>CK_MECHANISM_INFO (C_GetMechanismInfo).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CK_MECHANISM_INFO
{
    public nuint ulMinKeySize;
    public nuint ulMaxKeySize;
    public nuint flags;
}

/// <summary>CK_MECHANISM: a mechanism type and its parameter.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_MECHANISM
{
    public nuint mechanism;
    public void* pParameter;
    public nuint ulParameterLen;
}

/// <summary>CK_ATTRIBUTE: one entry of an attribute template.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_ATTRIBUTE
{
    public nuint type;
    public void* pValue;
    public nuint ulValueLen;
}

/// <summary>CK_DATE: "YYYY", "MM", "DD" as ASCII digits, no terminator.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_DATE
{
    public fixed byte year[4];
    public fixed byte month[2];
    public fixed byte day[2];
}

/// <summary>CK_C_INITIALIZE_ARGS: the optional argument of C_Initialize.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_C_INITIALIZE_ARGS
{
    /// <summary>CK_CREATEMUTEX: CK_RV (*)(CK_VOID_PTR_PTR ppMutex).</summary>
    public delegate* unmanaged<void**, nuint> CreateMutex;
    /// <summary>CK_DESTROYMUTEX: CK_RV (*)(CK_VOID_PTR pMutex).</summary>
    public delegate* unmanaged<void*, nuint> DestroyMutex;
    /// <summary>CK_LOCKMUTEX: CK_RV (*)(CK_VOID_PTR pMutex).</summary>
    public delegate* unmanaged<void*, nuint> LockMutex;
    /// <summary>CK_UNLOCKMUTEX: CK_RV (*)(CK_VOID_PTR pMutex).</summary>
    public delegate* unmanaged<void*, nuint> UnlockMutex;
    public nuint flags;
    public void* pReserved;
}

/// <summary>CK_INTERFACE (v3.0): a named function list offered by C_GetInterfaceList / C_GetInterface.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_INTERFACE
{
    /// <summary>NUL-terminated name, "PKCS 11" for the standard interface.</summary>
    public byte* pInterfaceName;
    /// <summary>Points to a function list that starts with a CK_VERSION.</summary>
    public void* pFunctionList;
    public nuint flags;
}

/// <summary>CK_RSA_PKCS_PSS_PARAMS (CKM_RSA_PKCS_PSS and the CKM_SHA*_RSA_PKCS_PSS family).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CK_RSA_PKCS_PSS_PARAMS
{
    public nuint hashAlg;
    public nuint mgf;
    public nuint sLen;
}

/// <summary>CK_RSA_PKCS_OAEP_PARAMS (CKM_RSA_PKCS_OAEP).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_RSA_PKCS_OAEP_PARAMS
{
    public nuint hashAlg;
    public nuint mgf;
    public nuint source;
    public void* pSourceData;
    public nuint ulSourceDataLen;
}

/// <summary>CK_GCM_PARAMS (CKM_AES_GCM), the v2.40-errata / v3.0 layout that has ulIvBits.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_GCM_PARAMS
{
    public byte* pIv;
    public nuint ulIvLen;
    public nuint ulIvBits;
    public byte* pAAD;
    public nuint ulAADLen;
    public nuint ulTagBits;
}

/// <summary>CK_ECDH1_DERIVE_PARAMS (CKM_ECDH1_DERIVE, CKM_ECDH1_COFACTOR_DERIVE).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CK_ECDH1_DERIVE_PARAMS
{
    public nuint kdf;
    public nuint ulSharedDataLen;
    public byte* pSharedData;
    public nuint ulPublicDataLen;
    public byte* pPublicData;
}
