namespace Pkcs11Phone.Interop;

// The module's side of the C exports (interop/Exports): the implementation that every C_ function forwards to.
public static partial class CryptokiExports
{
    private static partial ICryptoki CreateImplementation() => new Pkcs11Phone.Module.PhoneCryptoki();
}
