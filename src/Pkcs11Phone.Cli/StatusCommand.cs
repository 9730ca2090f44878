using System.CommandLine;
using System.Net.Sockets;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Cli;

/// <summary>`p11phone status`: what the running agent sees.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show the agent's slots and the phones' tokens.");
        command.SetAction(async (_, ct) =>
        {
            var paths = AgentPaths.For(Environment.GetEnvironmentVariable, PeerCredentials.CurrentUid);
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(paths.Socket), ct).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                await Console.Error.WriteLineAsync($"p11phone status: no agent at {paths.Socket} ({e.Message})").ConfigureAwait(false);
                return 1;
            }
            using var stream = new NetworkStream(socket);
            var reader = new AtLineReader(stream);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            async Task<AtResponse> Ask(string name, params AtValue[] args)
            {
                await stream.WriteAsync(AtWire.Command(AtCommandLine.Set(name, [1, .. args])), timeout.Token).ConfigureAwait(false);
                var collector = new AtResponseCollector(1);
                while (await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
                    if (collector.Feed(AtResponseLine.Parse(line.Text)) is { } r) return r;
                throw new IOException("the agent closed the connection");
            }
            var slots = await Ask(AtCommands.Slots).ConfigureAwait(false);
            foreach (var s in slots.Info(AtCommands.Slots))
            {
                if (!P11SlotInfo.TryParse(s.Values, 2, out var slot)) continue;
                Console.WriteLine($"slot {s.Values[1].Number}: {slot.Description} - {(slot.TokenPresent ? "token present" : "no token")}");
                if (!slot.TokenPresent) continue;
                var token = await Ask(AtCommands.Token, s.Values[1].Number).ConfigureAwait(false);
                foreach (var t in token.Info(AtCommands.Token))
                    if (P11TokenInfo.TryParse(t.Values, 2, out var info))
                        Console.WriteLine($"  token \"{info.Label}\" serial {info.Serial}, model {info.Model}, flags 0x{info.Flags:x}");
            }
            var stats = await Ask(AtCommands.Stats).ConfigureAwait(false);
            var rows = stats.Info(AtCommands.Stats).Where(l => l.Values.Count == 4).ToList();
            var trips = rows.Where(l => l.Values[2].Text.StartsWith("+P11", StringComparison.Ordinal) && !l.Values[2].Text.StartsWith(AtCommands.Event + ":", StringComparison.Ordinal)).ToList();
            var events = rows.Where(l => l.Values[2].Text.StartsWith(AtCommands.Event + ":", StringComparison.Ordinal)).ToList();
            if (trips.Count > 0) Console.WriteLine("link round trips:");
            foreach (var l in trips) Console.WriteLine($"  phone {l.Values[1].Number} {l.Values[2].Text} {l.Values[3].Number}");
            if (events.Count > 0) Console.WriteLine("events from the phones:");
            foreach (var l in events) Console.WriteLine($"  phone {l.Values[1].Number} {l.Values[2].Text[(AtCommands.Event.Length + 1)..]} {l.Values[3].Number}");
            foreach (var l in rows.Where(l => l.Values[2].Text == AgentServer.ApprovalsPending && l.Values[3].Number > 0))
                Console.WriteLine($"phone {l.Values[1].Number}: {l.Values[3].Number} use(s) of a key waiting for approval on the phone");
            return 0;
        });
        return command;
    }
}
