using System.Runtime.InteropServices;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Starts `p11phone agent` when no agent answers. The agent runs detached (setsid -f) with its output
/// in the runtime directory's agent.log, and without any of the host's file descriptors, so it can
/// never hold the host's pipes open. No SIGCHLD handler is installed in the host.
/// </summary>
internal static unsafe partial class AgentLauncher
{
    private const int O_WRONLY = 1, O_CREAT = 0x40, O_APPEND = 0x400, O_RDONLY = 0, WNOHANG = 1;

    public static string? FindExecutable()
    {
        if (Native.GetEnv(EnvironmentNames.AgentExecutable) is { Length: > 0 } configured) return configured;
        var dir = ModuleDirectory();
        if (dir is null) return null;
        foreach (var candidate in new[] { Path.Combine(dir, "p11phone"), Path.Combine(dir, "..", "bin", "p11phone") })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        return null;
    }

    /// <summary>Spawns the agent and reaps the short-lived setsid parent. Returns false with a reason on failure.</summary>
    public static bool TryStart(string executable, AgentPaths paths, out string error)
    {
        error = "";
        Directory.CreateDirectory(paths.Directory);
        File.SetUnixFileMode(paths.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var actions = stackalloc byte[256]; // posix_spawn_file_actions_t is 80 bytes in glibc
        if (posix_spawn_file_actions_init(actions) != 0) { error = "posix_spawn_file_actions_init failed"; return false; }
        var argv = new[] { "/usr/bin/setsid", "-f", executable, "agent" };
        var argvPtrs = stackalloc nint[argv.Length + 1];
        try
        {
            for (int i = 0; i < argv.Length; i++) argvPtrs[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            argvPtrs[argv.Length] = 0;
            if (posix_spawn_file_actions_addclosefrom_np(actions, 3) != 0
                || posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0) != 0
                || posix_spawn_file_actions_addopen(actions, 1, paths.Log, O_WRONLY | O_CREAT | O_APPEND, 0x180) != 0
                || posix_spawn_file_actions_adddup2(actions, 1, 2) != 0)
            {
                error = "posix_spawn file actions failed";
                return false;
            }
            int pid;
            int rc = posix_spawn(&pid, argv[0], actions, null, argvPtrs, Environ());
            if (rc != 0) { error = $"posix_spawn {argv[0]} failed: errno {rc}"; return false; }
            // setsid -f forks and exits at once; reap it (never waitpid(-1): other children are the host's).
            for (int i = 0; i < 200; i++)
            {
                int status;
                int r = waitpid(pid, &status, WNOHANG);
                if (r != 0) break;
                Thread.Sleep(10);
            }
            return true;
        }
        finally
        {
            for (int i = 0; i < argv.Length; i++) if (argvPtrs[i] != 0) Marshal.FreeCoTaskMem(argvPtrs[i]);
            posix_spawn_file_actions_destroy(actions);
        }
    }

    private static nint* Environ()
    {
        var libc = NativeLibrary.Load("libc.so.6");
        return *(nint**)NativeLibrary.GetExport(libc, "environ");
    }

    [UnmanagedCallersOnly]
    private static void Anchor() { }

    /// <summary>The directory of libpkcs11phone.so itself (not the host's: AppContext.BaseDirectory is the host's there).</summary>
    public static string? ModuleDirectory()
    {
        DlInfo info;
        delegate* unmanaged<void> anchor = &Anchor;
        if (dladdr((void*)anchor, &info) == 0 || info.dli_fname == 0) return null;
        var file = Marshal.PtrToStringUTF8(info.dli_fname);
        return file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public nint dli_fname, dli_fbase, dli_sname, dli_saddr;
    }

    [LibraryImport("libc")]
    private static partial int dladdr(void* addr, DlInfo* info);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int flags, uint mode);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn(int* pid, string path, void* actions, void* attr, nint* argv, nint* envp);

    [LibraryImport("libc")]
    private static partial int waitpid(int pid, int* status, int options);
}
