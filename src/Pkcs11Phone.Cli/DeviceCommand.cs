using System.CommandLine;
using System.Net;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Device;
using Pkcs11Phone.Device.Approval;
using Pkcs11Phone.Device.Pairing;

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
        var pair = new Option<bool>("--pair") { Description = "Accept one pairing: show a one-time code on the terminal and wait for `p11phone pair` on the computer (serving as usual meanwhile)." };
        var codeFile = new Option<FileInfo?>("--pairing-code-file") { Description = "With --pair: also write the code to this file (mode 0600, deleted after the pairing), for automation.", HelpName = "PATH" };
        var approve = new Option<ApprovalPolicy>("--approve")
        {
            Description = "Each use of a private key: prompt (ask on this terminal), auto (allow), deny (refuse).",
            DefaultValueFactory = _ => ApprovalPolicy.Prompt,
            HelpName = "prompt|auto|deny",
        };
        var approvalTimeout = new Option<int>("--approval-timeout")
        {
            Description = "Seconds to wait for an answer at the approval prompt before declining.",
            DefaultValueFactory = _ => 30,
            HelpName = "SECONDS",
        };
        var logoutAfter = new Option<int?>("--logout-after")
        {
            Description = "Log out an application of the computer that has sent nothing for this many seconds (the computer is told; it logs in again). Off by default.",
            HelpName = "SECONDS",
        };
        var pinTimeout = new Option<int>("--pin-timeout")
        {
            Description = "Seconds to wait for a PIN typed on this terminal (tokens with a protected authentication path) before cancelling.",
            DefaultValueFactory = _ => 60,
            HelpName = "SECONDS",
        };
        var pkcs11Module = new Option<FileInfo?>("--pkcs11-module")
        {
            Description = "Also offer the tokens of this PKCS#11 module (the phone's SIM or secure element, or SoftHSM as a stand-in), each as a further slot.",
            HelpName = "PATH",
        };
        var pkcs11Token = new Option<string?>("--pkcs11-token") { Description = "With --pkcs11-module: only the token with this label.", HelpName = "LABEL" };
        var insecure = new Option<bool>("--insecure-plaintext") { Description = "DEBUGGING ONLY: also answer commands without a secure session. Only with --listen on a loopback address." };
        var command = new Command("device", "Run the phone's security manager: answer AT+ commands on a link with the phone's crypto module.")
        {
            serial, listen, data, label, tokenSerial, pap, pair, codeFile, approve, approvalTimeout, pinTimeout, logoutAfter, pkcs11Module, pkcs11Token, insecure,
        };
        command.Validators.Add(result =>
        {
            bool hasSerial = result.GetValue(serial) is not null, hasListen = result.GetValue(listen) is not null;
            if (hasSerial == hasListen) result.AddError("give exactly one of --serial PATH or --listen tcp:HOST:PORT");
            if (result.GetValue(label) is { } l && System.Text.Encoding.UTF8.GetByteCount(l) > 32) result.AddError("--label: at most 32 bytes");
            if (result.GetValue(tokenSerial) is { } s && (s.Length > 16 || s.Any(c => c < 0x20 || c > 0x7E))) result.AddError("--token-serial: at most 16 printable ASCII characters");
            if (result.GetValue(listen) is { } t && (!PhoneAddress.TryParse(t, out var a, out var why) || a is not PhoneAddress.Tcp tcp || PhoneAddress.LoopbackOrNull(tcp.Host, tcp.Port) is null))
                result.AddError($"--listen: expected tcp:IP:PORT with a literal address ({t})");
            if (result.GetValue(codeFile) is not null && !result.GetValue(pair)) result.AddError("--pairing-code-file needs --pair");
            if (result.GetResult(approvalTimeout) is { Implicit: false } && result.GetValue(approvalTimeout) is < 1 or > 600)
                result.AddError("--approval-timeout: 1 to 600 seconds");
            if (result.GetValue(logoutAfter) is < 1 or > 86400) result.AddError("--logout-after: 1 to 86400 seconds");
            if (result.GetResult(pinTimeout) is { Implicit: false } && result.GetValue(pinTimeout) is < 1 or > 600)
                result.AddError("--pin-timeout: 1 to 600 seconds");
            if (result.GetValue(pkcs11Token) is not null && result.GetValue(pkcs11Module) is null) result.AddError("--pkcs11-token needs --pkcs11-module");
            if (result.GetValue(pkcs11Module) is { Exists: false } m) result.AddError($"--pkcs11-module: {m.FullName} does not exist");
            if (result.GetValue(insecure))
            {
                if (hasSerial) result.AddError("--insecure-plaintext is refused with --serial: a plaintext link is for debugging on loopback only");
                else if (result.GetValue(listen) is { } lt0 && PhoneAddress.TryParse(lt0, out var la, out _) && la is PhoneAddress.Tcp lt
                         && PhoneAddress.LoopbackOrNull(lt.Host, lt.Port) is { } ep && !IPAddress.IsLoopback(ep.Address))
                    result.AddError("--insecure-plaintext needs --listen on a loopback address (127.0.0.1 or ::1)");
            }
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
            PairingWindow? window = null;
            try
            {
                var dataDir = parse.GetValue(data)!.FullName;
                var modules = new List<ICryptoModule>
                {
                    new SoftwareCryptoModule(dataDir, new TokenSettings(parse.GetValue(label), parse.GetValue(tokenSerial), parse.GetValue(pap))),
                };
                try
                {
                    if (parse.GetValue(pkcs11Module) is { } library)
                        modules.Add(new Pkcs11Phone.Device.Pkcs11Backend.Pkcs11CryptoModule(library.FullName, parse.GetValue(pkcs11Token)));
                }
                catch
                {
                    foreach (var m in modules) m.Dispose();
                    throw;
                }
                using var crypto = new CompositeCryptoModule(modules);
                log.WriteLine($"device: {crypto.Tokens.Count} token(s); approval: {parse.GetValue(approve).ToString().ToLowerInvariant()}");
                // One terminal for everything the phone asks its user (approvals, PINs): one question at a time.
                using var terminal = PhoneTerminal.ForConsole();
                using var approver = new PolicyApprover(parse.GetValue(approve), terminal, TimeSpan.FromSeconds(parse.GetValue(approvalTimeout)));
                var pinPad = new TerminalPinPad(terminal, TimeSpan.FromSeconds(parse.GetValue(pinTimeout)));
                if (crypto.Tokens.Any(t => (t.Info.Flags & (ulong)Pkcs11Phone.Interop.CKF.PROTECTED_AUTHENTICATION_PATH) != 0))
                {
                    terminal.Listen();
                    log.WriteLine("device: PINs of tokens with a protected authentication path are typed on this terminal");
                }
                using var keys = PhoneKeys.Open(dataDir, out bool created);
                log.WriteLine($"device: link key {keys.Fingerprint}{(created ? " (new)" : "")}; {keys.Computers().Count} paired computer(s)");
                if (PairingWindow.RemoveLeftover(keys.PairingCodeRecordPath) is { } leftover)
                    log.WriteLine($"device: removed {leftover}, the pairing code file of an earlier run");
                if (parse.GetValue(pair))
                {
                    window = PairingWindow.Open(parse.GetValue(codeFile)?.FullName, keys.PairingCodeRecordPath);
                    ShowCode(window, endpoint, log);
                }
                bool plaintext = parse.GetValue(insecure);
                if (plaintext)
                    log.WriteLine("device: WARNING: --insecure-plaintext: commands are answered without a secure session; anyone on this link can use the tokens. Debugging only.");
                var manager = new SecurityManager(crypto, Versions.Software) { Approver = approver, PinPad = pinPad, LogoutAfter = parse.GetValue(logoutAfter) is int idle ? TimeSpan.FromSeconds(idle) : null };
                await new DeviceServer(manager, log, new LinkSecurity(keys, plaintext, window)).RunAsync(endpoint, ct).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Net.Sockets.SocketException
                or Net.Pkcs11Interop.Common.Pkcs11Exception or Net.Pkcs11Interop.Common.UnmanagedException)
            {
                await log.WriteLineAsync("p11phone device: " + e.Message).ConfigureAwait(false);
                return 1;
            }
            finally
            {
                // An unused code dies with the process, and so does its file.
                window?.Close();
            }
        });
        return command;
    }

    /// <summary>Shows the pairing code on the terminal only (never in the log, which is standard error).</summary>
    private static void ShowCode(PairingWindow window, DeviceEndpoint endpoint, TextWriter log)
    {
        var where = endpoint switch
        {
            DeviceEndpoint.Tcp t => $"tcp:{t.EndPoint}",
            DeviceEndpoint.Serial => "serial:<the computer's end of this link>",
            _ => "ADDRESS",
        };
        if (!Console.IsOutputRedirected)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"  Pairing code:  {window.Code}");
            Console.Out.WriteLine();
            Console.Out.WriteLine($"  On the computer:  p11phone pair --phone {where}   (and type the code)");
            Console.Out.WriteLine();
        }
        else if (window.CodeFile is null)
        {
            log.WriteLine("device: --pair: the code is shown only on a terminal, and standard output is not one; use --pairing-code-file");
        }
        log.WriteLine($"device: waiting for one computer to pair{(window.CodeFile is { } f ? $" (code in {f})" : " (code on the terminal)")}");
    }
}

internal static class Versions
{
    public static string Software => typeof(Versions).Assembly.GetName().Version?.ToString(3) ?? "0";
}
