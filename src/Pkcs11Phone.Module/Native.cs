using System.Runtime.InteropServices;

namespace Pkcs11Phone.Module;

/// <summary>
/// libc calls the module needs. The environment is read with getenv, not through .NET's copy: the
/// runtime outlives C_Finalize (the library is never unloaded), and each C_Initialize must see the
/// process environment as it is then.
/// </summary>
internal static unsafe partial class Native
{
    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv_raw(string name);

    [LibraryImport("libc")]
    public static partial uint getuid();

    [LibraryImport("libc")]
    public static partial int getpid();

    public static string? GetEnv(string name)
    {
        nint p = getenv_raw(name);
        return p == 0 ? null : Marshal.PtrToStringUTF8(p);
    }
}
