using System.Net.Sockets;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Agent;

/// <summary>
/// Runs the agent: takes the per-user lock (so one agent runs per runtime directory), binds the socket
/// with owner-only permissions, starts a link per configured phone, and cleans up on the way out.
/// </summary>
public static class AgentHost
{
    /// <summary>Returns the exit code: 0 after a clean stop, 2 when another agent already runs.</summary>
    public static async Task<int> RunAsync(AgentPaths paths, AgentConfig config, LinkTimings timings, TextWriter log, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Directory);
        File.SetUnixFileMode(paths.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        FileStream lockFile;
        try
        {
            // .NET takes an exclusive flock for FileShare.None: a second agent fails here.
            lockFile = new FileStream(paths.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            log.WriteLine($"agent: another agent is running ({paths.Socket})");
            return 2;
        }
        using (lockFile)
        {
            File.Delete(paths.Socket);
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var oldMask = Umask.Set(0x7F) /* 0177: owner only */;
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(paths.Socket));
            }
            finally
            {
                Umask.Set(oldMask);
            }
            File.SetUnixFileMode(paths.Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(64);
            await File.WriteAllTextAsync(paths.Pid, Environment.ProcessId + "\n", CancellationToken.None).ConfigureAwait(false);
            log.WriteLine($"agent: listening on {paths.Socket}; {config.Phones.Count} phone(s) from {config.Source}");

            var links = config.Phones.Select(p => new PhoneLink(p, timings, log)).ToList();
            var linkTasks = links.Select(l => Task.Run(() => l.RunAsync(ct), CancellationToken.None)).ToList();
            var server = new AgentServer(links, log);
            try
            {
                await server.RunAsync(listener, ct).ConfigureAwait(false);
            }
            finally
            {
                await Task.WhenAll(linkTasks).ConfigureAwait(false);
                File.Delete(paths.Socket);
                File.Delete(paths.Pid);
                log.WriteLine("agent: stopped");
            }
        }
        return 0;
    }
}

internal static partial class Umask
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint umask(uint mask);

    public static uint Set(uint mask) => umask(mask);
}
