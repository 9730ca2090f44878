using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>Once per test run: Pkcs11Interop asks for "libdl", which Debian only has as libdl.so.2.</summary>
[SetUpFixture]
public sealed class NativeSetup
{
    [OneTimeSetUp]
    public void ResolveLibdl()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, _, _) =>
                name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // Already set in this process.
        }
    }
}

/// <summary>The live process environment, which the module reads with getenv (.NET's own copy is not what native code sees).</summary>
public static partial class ProcessEnvironment
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);

    public static void Set(string name, string? value)
    {
        if (value is null) unsetenv(name);
        else setenv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }
}
