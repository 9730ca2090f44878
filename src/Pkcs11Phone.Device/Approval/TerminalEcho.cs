using System.Runtime.InteropServices;

namespace Pkcs11Phone.Device.Approval;

/// <summary>The echo of a terminal, turned off while a secret is typed (tcgetattr/tcsetattr on libc, Linux).</summary>
internal static partial class TerminalEcho
{
    private const uint Echo = 0x8; // ECHO in c_lflag
    private const int SetNow = 0; // TCSANOW

    /// <summary>struct termios of Linux (glibc, NCCS = 32).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Termios
    {
        public uint IFlag, OFlag, CFlag, LFlag;
        public byte Line;
        public fixed byte ControlChars[32];
        public uint ISpeed, OSpeed;
    }

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static unsafe partial int TcGetAttr(int fd, Termios* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static unsafe partial int TcSetAttr(int fd, int actions, Termios* termios);

    public static bool IsTerminal(int fd) => IsATty(fd) == 1;

    /// <summary>Whether the terminal on <paramref name="fd"/> echoes what is typed (null when it is no terminal).</summary>
    public static unsafe bool? Echoes(int fd)
    {
        Termios t;
        return TcGetAttr(fd, &t) == 0 ? (t.LFlag & Echo) != 0 : null;
    }

    /// <summary>Turns the echo off on <paramref name="fd"/> when it is a terminal; disposing the result puts the settings back as they were.</summary>
    public static unsafe IDisposable? Off(int? fd)
    {
        if (fd is not { } f) return null;
        Termios saved;
        if (TcGetAttr(f, &saved) != 0) return null;
        var quiet = saved;
        quiet.LFlag &= ~Echo;
        if (TcSetAttr(f, SetNow, &quiet) != 0) return null;
        var restore = new Restore(f, saved);
        // A process that ends while a secret is typed (Ctrl-C, SIGTERM) gives the terminal its echo back too.
        AppDomain.CurrentDomain.ProcessExit += restore.OnExit;
        return restore;
    }

    private sealed class Restore(int fd, Termios saved) : IDisposable
    {
        private int _done;

        public void OnExit(object? sender, EventArgs e) => Dispose();

        public unsafe void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            var t = saved;
            _ = TcSetAttr(fd, SetNow, &t);
        }
    }
}
