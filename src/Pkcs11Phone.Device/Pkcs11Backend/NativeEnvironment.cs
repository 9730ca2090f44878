using System.Runtime.InteropServices;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// Sets environment variables where native code reads them. PKCS#11 libraries take their configuration from the
/// C environment (SoftHSMv2 reads SOFTHSM2_CONF at C_Initialize), and on Linux .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only the runtime's own copy, which
/// getenv(3) does not see. Call before the library is loaded (before the first <see cref="Pkcs11CryptoModule"/>).
/// </summary>
public static partial class NativeEnvironment
{
    /// <summary>setenv(3), overwriting; also updates .NET's copy so both agree.</summary>
    public static void Set(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('=')) throw new ArgumentException("An environment variable name cannot contain '='.", nameof(name));
        if (SetEnv(name, value, 1) != 0)
            throw new InvalidOperationException("setenv failed for " + name + ": errno " + Marshal.GetLastPInvokeError());
        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
