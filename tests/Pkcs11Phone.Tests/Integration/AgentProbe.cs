using System.Net.Sockets;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>Asks the running agent, on its own socket, how many link round trips it has made per command.</summary>
public static class AgentProbe
{
    public static Dictionary<string, long> RoundTrips(PhoneHarness phone)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = 5000;
        socket.Connect(new UnixDomainSocketEndPoint(phone.AgentPaths.Socket));
        using var stream = new NetworkStream(socket);
        stream.Write(AtWire.Command(AtCommandLine.Set(AtCommands.Stats, 1)));
        var reader = new AtLineReader(stream);
        var collector = new AtResponseCollector(1);
        while (reader.ReadLine() is { } line)
        {
            if (collector.Feed(AtResponseLine.Parse(line.Text)) is not { } r) continue;
            return r.Info(AtCommands.Stats).GroupBy(l => l.Values[2].Text).ToDictionary(g => g.Key, g => g.Sum(l => (long)l.Values[3].Number));
        }
        throw new IOException("the agent closed the connection");
    }

    /// <summary>Round trips made while <paramref name="action"/> ran, pings left out (they run on their own timer).</summary>
    public static Dictionary<string, long> During(PhoneHarness phone, Action action)
    {
        var before = RoundTrips(phone);
        action();
        var after = RoundTrips(phone);
        return after.Where(kv => kv.Key != AtCommands.Ping)
            .Select(kv => (kv.Key, kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Item2 != 0)
            .ToDictionary(kv => kv.Key, kv => kv.Item2);
    }
}
