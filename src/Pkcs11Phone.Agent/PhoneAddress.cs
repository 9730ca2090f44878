using System.Globalization;
using System.Net;

namespace Pkcs11Phone.Agent;

/// <summary>How the agent reaches a phone: "serial:/dev/rfcomm0[,BAUD]" or "tcp:127.0.0.1:7000".</summary>
public abstract record PhoneAddress
{
    public sealed record Serial(string Path, int BaudRate) : PhoneAddress
    {
        public override string ToString() => $"serial:{Path}";
    }

    public sealed record Tcp(string Host, int Port) : PhoneAddress
    {
        public override string ToString() => $"tcp:{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
    }

    public const int DefaultBaudRate = 115200;

    public static bool TryParse(string text, out PhoneAddress address, out string error)
    {
        address = new Serial("", DefaultBaudRate);
        error = "";
        if (text.StartsWith("serial:", StringComparison.Ordinal))
        {
            var rest = text["serial:".Length..];
            int baud = DefaultBaudRate;
            int comma = rest.LastIndexOf(',');
            if (comma >= 0)
            {
                if (!int.TryParse(rest[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out baud) || baud <= 0)
                {
                    error = $"'{text}': bad baud rate";
                    return false;
                }
                rest = rest[..comma];
            }
            if (!rest.StartsWith('/')) { error = $"'{text}': a serial address needs an absolute device path"; return false; }
            address = new Serial(rest, baud);
            return true;
        }
        if (text.StartsWith("tcp:", StringComparison.Ordinal))
        {
            var rest = text["tcp:".Length..];
            int colon = rest.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is <= 0 or > 65535)
            {
                error = $"'{text}': expected tcp:HOST:PORT";
                return false;
            }
            var host = rest[..colon].Trim('[', ']');
            if (host.Length == 0) { error = $"'{text}': empty host"; return false; }
            address = new Tcp(host, port);
            return true;
        }
        error = $"'{text}': unknown address kind (expected serial:PATH or tcp:HOST:PORT)";
        return false;
    }

    public static IPEndPoint? LoopbackOrNull(string host, int port) =>
        IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : null;
}
