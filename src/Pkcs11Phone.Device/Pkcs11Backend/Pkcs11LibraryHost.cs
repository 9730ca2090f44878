using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using LowLevel = Net.Pkcs11Interop.LowLevelAPI80;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// One loaded PKCS#11 library, shared by every <see cref="Pkcs11CryptoModule"/> of this process that names the
/// same file. A PKCS#11 library is initialized once per process (C_Initialize / C_Finalize are process-wide),
/// so modules take a reference and the last one to let go finalizes it.
/// </summary>
internal sealed class Pkcs11LibraryHost
{
    private static readonly Lock Registry = new();
    private static readonly Dictionary<string, Pkcs11LibraryHost> Loaded = new(StringComparer.Ordinal);
    private static bool _resolverInstalled;

    private int _references;

    private Pkcs11LibraryHost(string path, Pkcs11InteropFactories factories, IPkcs11Library library, LowLevel.Pkcs11Library? lowLevel)
    {
        Path = path;
        Factories = factories;
        Library = library;
        LowLevel = lowLevel;
    }

    public string Path { get; }

    public Pkcs11InteropFactories Factories { get; }

    public IPkcs11Library Library { get; }

    /// <summary>
    /// The same library through Pkcs11Interop's low-level API, for the one sequence the high-level API lacks
    /// (C_DecryptInit, C_Login(CKU_CONTEXT_SPECIFIC), C_Decrypt). Null where CK_ULONG is not 8 bytes with
    /// natural struct packing (that is, anywhere but 64-bit Unix).
    /// </summary>
    public LowLevel.Pkcs11Library? LowLevel { get; }

    /// <summary>Loads (or shares) the library and initializes it for a multi-threaded application (C_Initialize with CKF_OS_LOCKING_OK).</summary>
    public static Pkcs11LibraryHost Acquire(string libraryPath)
    {
        // A bare file name is left to the dynamic loader's search path; anything else is a file here.
        bool bare = !libraryPath.Contains('/');
        string path = bare ? libraryPath : System.IO.Path.GetFullPath(libraryPath);
        lock (Registry)
        {
            InstallDlResolver();
            if (!Loaded.TryGetValue(path, out var host))
            {
                if (!bare && !File.Exists(path)) throw new FileNotFoundException("PKCS#11 library not found", path);
                var factories = new Pkcs11InteropFactories();
                var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
                LowLevel.Pkcs11Library? lowLevel = null;
                try
                {
                    if (Platform.NativeULongSize == 8 && Platform.StructPackingSize == 0)
                        lowLevel = new LowLevel.Pkcs11Library(path, true);
                }
                catch (Exception)
                {
                    lowLevel = null; // context-specific decryption is then refused; everything else still works
                }
                host = new Pkcs11LibraryHost(path, factories, library, lowLevel);
                Loaded.Add(path, host);
            }
            host._references++;
            return host;
        }
    }

    /// <summary>Drops one reference; the last one finalizes and unloads the library.</summary>
    public void Release()
    {
        lock (Registry)
        {
            if (--_references > 0) return;
            Loaded.Remove(Path);
            try { LowLevel?.Dispose(); } catch (Exception) { /* unloading only */ }
            try { Library.Dispose(); } catch (Exception) { /* C_Finalize failing leaves nothing to do */ }
        }
    }

    /// <summary>
    /// Pkcs11Interop imports dlopen and friends from "libdl", which current glibc systems (Debian 12 and later)
    /// ship only as libdl.so.2 unless a -dev package adds the unversioned name. Maps it once; if some other code
    /// already installed a resolver for Pkcs11Interop, that one is kept.
    /// </summary>
    private static void InstallDlResolver()
    {
        if (_resolverInstalled) return;
        _resolverInstalled = true;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveDl);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for this assembly (by another component): leave it.
        }
    }

    private static IntPtr ResolveDl(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libdl") return IntPtr.Zero;
        foreach (var candidate in (string[])["libdl.so.2", "libdl.so", "libc.so.6"])
            if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        return IntPtr.Zero;
    }
}
