namespace Pkcs11Phone.Interop;

// The module's side of the C exports (interop/Exports): the implementation that every C_ function forwards to.
public static partial class CryptokiExports
{
    private static partial ICryptoki CreateImplementation() => new Pkcs11Phone.Module.PhoneCryptoki();

    static partial void OnException(string function, Exception exception) =>
        Pkcs11Phone.Module.Trace.Call(function.StartsWith("C_", StringComparison.Ordinal) ? function[2..] : function, CKR.GENERAL_ERROR, exception.GetType().Name + ": " + exception.Message);
}
