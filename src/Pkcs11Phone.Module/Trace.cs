using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Module;

/// <summary>
/// An optional call trace, on when PKCS11PHONE_TRACE names a file: one line per PKCS#11 call with its result.
/// Only function names, results and the module's own messages are written: never arguments, so never
/// PINs, keys or data.
/// </summary>
internal static class Trace
{
    public const string Variable = "PKCS11PHONE_TRACE";
    private static readonly Lock Gate = new();
    private static string? s_path;

    /// <summary>Reads the setting (at C_Initialize; the environment may change between initializations).</summary>
    public static void Configure() => s_path = Native.GetEnv(Variable) is { Length: > 0 } p ? p : null;

    public static bool On => s_path is not null;

    public static void Call(string function, nuint rv, string? detail = null)
    {
        if (s_path is not { } path) return;
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {Native.getpid()} C_{function} -> {CkNames.ReturnValue(rv)}{(detail is null ? "" : " (" + detail + ")")}\n";
        try
        {
            lock (Gate) File.AppendAllText(path, line);
        }
        catch (IOException)
        {
            // A trace that cannot be written must not disturb the application.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
