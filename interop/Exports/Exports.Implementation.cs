using System.Runtime.CompilerServices;

namespace Pkcs11Phone.Interop;

/// <summary>
/// The C entry points of the PKCS#11 module (C_Initialize ... C_MessageVerifyFinal, C_GetFunctionList,
/// C_GetInterfaceList, C_GetInterface). These files are compiled into the module (src/Pkcs11Phone.Module),
/// because NativeAOT exports only the [UnmanagedCallersOnly] methods of the assembly it publishes.
/// Each export forwards its raw C arguments to the <see cref="ICryptoki"/> that the module supplies through
/// <see cref="CreateImplementation"/>, and no exception ever crosses the C ABI: any exception becomes CKR_GENERAL_ERROR.
/// </summary>
public static unsafe partial class CryptokiExports
{
    /// <summary>
    /// Supplied by the module: creates the implementation. Called once, on the first call of a C function that needs it
    /// (C_GetFunctionList, C_GetInterfaceList and C_GetInterface do not). Nothing runs at load time: module initializers
    /// do not run in a NativeAOT shared library.
    /// </summary>
    private static partial ICryptoki CreateImplementation();

    /// <summary>
    /// Optional hook for the module: told of every exception that an export turned into CKR_GENERAL_ERROR
    /// (<paramref name="function"/> is the C name, like "C_Login"). Without an implementation the calls vanish.
    /// It must not throw; if it does, that exception is swallowed.
    /// </summary>
    static partial void OnException(string function, Exception exception);

    private static readonly Lock s_implementationGate = new();
    private static ICryptoki? s_implementation;
    private static Exception? s_implementationFailure;

    /// <summary>The implementation, created once and thread-safely; throws (inside the exports' try) if creation failed.</summary>
    private static ICryptoki Impl => Volatile.Read(ref s_implementation) ?? CreateImplementationOnce();

    private static ICryptoki CreateImplementationOnce()
    {
        lock (s_implementationGate)
        {
            if (s_implementation is { } existing)
            {
                return existing;
            }
            // A failed creation is not retried: every later call fails the same way, with the first cause attached.
            if (s_implementationFailure is { } failure)
            {
                throw new InvalidOperationException("The PKCS#11 implementation could not be created.", failure);
            }
            try
            {
                ICryptoki created = CreateImplementation()
                    ?? throw new InvalidOperationException("CreateImplementation returned null.");
                Volatile.Write(ref s_implementation, created);
                return created;
            }
            catch (Exception e)
            {
                s_implementationFailure = e;
                throw;
            }
        }
    }

    /// <summary>The answer of an export whose call threw: reports the exception, returns CKR_GENERAL_ERROR.</summary>
    private static nuint Failed(Exception exception, [CallerMemberName] string function = "")
    {
        try
        {
            OnException(function, exception);
        }
        catch
        {
            // The hook must not let anything cross the ABI either.
        }
        return CKR.GENERAL_ERROR;
    }
}
