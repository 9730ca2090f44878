using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Pkcs11Phone.Agent;

/// <summary>Checks who is on the other end of a Unix socket (SO_PEERCRED).</summary>
public static partial class PeerCredentials
{
    private const int SOL_SOCKET = 1, SO_PEERCRED = 17;

    [LibraryImport("libc")]
    private static partial uint getuid();

    public static uint CurrentUid => getuid();

    public static bool IsSameUser(Socket socket, out string why) => IsSameUser(socket, out why, out _);

    public static bool IsSameUser(Socket socket, out string why, out int pid)
    {
        pid = 0;
        Span<byte> cred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        try
        {
            int n = socket.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, cred);
            if (n < 12) { why = "no peer credentials"; return false; }
        }
        catch (SocketException e)
        {
            why = "no peer credentials: " + e.Message;
            return false;
        }
        pid = MemoryMarshal.Read<int>(cred);
        uint uid = MemoryMarshal.Read<uint>(cred[4..]);
        why = uid == CurrentUid ? "" : $"peer uid {uid} is not {CurrentUid}";
        return uid == CurrentUid;
    }
}
