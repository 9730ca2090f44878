using System.CommandLine;
using System.Net;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Device;

namespace Pkcs11Phone.Cli;

/// <summary>`p11phone device`: the phone's security manager (also the emulated phone of the demo and tests).</summary>
internal static class DeviceCommand
{
    public static Command Create()
    {
        var serial = new Option<string?>("--serial") { Description = "Serve on this serial device (RFCOMM, USB ACM or a pseudo-terminal).", HelpName = "PATH" };
        var listen = new Option<string?>("--listen") { Description = "Serve on TCP instead, e.g. tcp:127.0.0.1:7000.", HelpName = "tcp:HOST:PORT" };
        var data = new Option<DirectoryInfo>("--data") { Description = "The phone's data directory, where its tokens are kept.", Required = true, HelpName = "DIR" };
        var label = new Option<string?>("--label") { Description = "Set the software token's label (32 bytes at most).", HelpName = "LABEL" };
        var tokenSerial = new Option<string?>("--token-serial") { Description = "Set the software token's serial number (16 characters at most).", HelpName = "SERIAL" };
        var pap = new Option<bool?>("--protected-auth-path") { Description = "Whether PINs are entered on the phone (CKF_PROTECTED_AUTHENTICATION_PATH).", HelpName = "true|false" };
        var command = new Command("device", "Run the phone's security manager: answer AT+ commands on a link with the phone's crypto module.")
        {
            serial, listen, data, label, tokenSerial, pap,
        };
        command.Validators.Add(result =>
        {
            bool hasSerial = result.GetValue(serial) is not null, hasListen = result.GetValue(listen) is not null;
            if (hasSerial == hasListen) result.AddError("give exactly one of --serial PATH or --listen tcp:HOST:PORT");
            if (result.GetValue(label) is { } l && System.Text.Encoding.UTF8.GetByteCount(l) > 32) result.AddError("--label: at most 32 bytes");
            if (result.GetValue(tokenSerial) is { } s && (s.Length > 16 || s.Any(c => c < 0x20 || c > 0x7E))) result.AddError("--token-serial: at most 16 printable ASCII characters");
            if (result.GetValue(listen) is { } t && (!PhoneAddress.TryParse(t, out var a, out var why) || a is not PhoneAddress.Tcp tcp || PhoneAddress.LoopbackOrNull(tcp.Host, tcp.Port) is null))
                result.AddError($"--listen: expected tcp:IP:PORT with a literal address ({t})");
        });
        command.SetAction(async (parse, ct) =>
        {
            DeviceEndpoint endpoint;
            if (parse.GetValue(serial) is { } path) endpoint = new DeviceEndpoint.Serial(path);
            else
            {
                PhoneAddress.TryParse(parse.GetValue(listen)!, out var a, out _);
                var tcp = (PhoneAddress.Tcp)a;
                endpoint = new DeviceEndpoint.Tcp(new IPEndPoint(IPAddress.Parse(tcp.Host), tcp.Port));
            }
            var log = TextWriter.Synchronized(Console.Error);
            try
            {
                using var crypto = new SoftwareCryptoModule(parse.GetValue(data)!.FullName,
                    new TokenSettings(parse.GetValue(label), parse.GetValue(tokenSerial), parse.GetValue(pap)));
                var manager = new SecurityManager(crypto, Versions.Software);
                await new DeviceServer(manager, log).RunAsync(endpoint, ct).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Net.Sockets.SocketException)
            {
                await log.WriteLineAsync("p11phone device: " + e.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}

internal static class Versions
{
    public static string Software => typeof(Versions).Assembly.GetName().Version?.ToString(3) ?? "0";
}
