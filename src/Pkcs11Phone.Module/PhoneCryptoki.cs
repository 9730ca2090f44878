using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// The PKCS#11 implementation behind the exports, one file per function group (PhoneCryptoki.*.cs).
/// Each public method checks its arguments, runs, and maps a <see cref="CkException"/> to its CK_RV;
/// the exports turn anything else into CKR_GENERAL_ERROR.
/// </summary>
public sealed unsafe partial class PhoneCryptoki : ICryptoki
{
    private readonly Lock _stateLock = new();
    private ModuleState? _state;

    /// <summary>Runs a function body, mapping CkException to its return value, and traces the call when asked to.</summary>
    private static nuint Run(Action body, [System.Runtime.CompilerServices.CallerMemberName] string function = "")
    {
        try
        {
            body();
            Trace.Call(function, CKR.OK);
            return CKR.OK;
        }
        catch (CkException e)
        {
            Trace.Call(function, e.Rv, e.Message);
            return e.Rv;
        }
    }

    /// <summary>The state made by C_Initialize in this process (a child after fork must initialize again).</summary>
    private ModuleState State
    {
        get
        {
            var s = _state;
            if (s is null || s.Pid != Native.getpid()) throw new CkException(CKR.CRYPTOKI_NOT_INITIALIZED);
            return s;
        }
    }
}

