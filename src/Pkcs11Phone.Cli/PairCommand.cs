using System.CommandLine;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Agent.Pairing;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Cli;

/// <summary>
/// `p11phone pair`: pairs this computer with a phone that runs `p11phone device --pair`. It runs the
/// XXpsk3 handshake with the code the phone shows, checks the phone's confirmation, then records the
/// phone's pinned key and the reconnection PSK (keys/phones.json, 0600) and adds the phone to the agent's
/// configuration if it is not there. A wrong code fails the handshake and writes nothing.
/// </summary>
internal static class PairCommand
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var phone = new Option<string>("--phone") { Description = "The phone's address: serial:/dev/rfcomm0[,BAUD] or tcp:HOST:PORT.", Required = true, HelpName = "ADDRESS" };
        var name = new Option<string?>("--name") { Description = "The phone's name in the agent's configuration (default: its configured name, else \"phone\").", HelpName = "NAME" };
        var code = new Option<string?>("--code") { Description = "The pairing code the phone shows (visible to other users in the process list: prefer --code-file or typing it).", HelpName = "CODE" };
        var codeFile = new Option<FileInfo?>("--code-file") { Description = "Read the pairing code from this file (p11phone device --pairing-code-file).", HelpName = "PATH" };
        var command = new Command("pair", "Pair this computer with a phone that waits for a pairing (p11phone device --pair): type the code it shows.")
        {
            phone, name, code, codeFile,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(code) is not null && result.GetValue(codeFile) is not null) result.AddError("give at most one of --code and --code-file");
            if (result.GetValue(phone) is { } a && !PhoneAddress.TryParse(a, out _, out var why)) result.AddError("--phone: " + why);
            if (result.GetValue(name) is { } n && (n.Length is 0 or > 64 || n.Any(char.IsControl))) result.AddError("--name: 1 to 64 printable characters");
        });
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(parse.GetValue(phone)!, parse.GetValue(name), parse.GetValue(code), parse.GetValue(codeFile), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is LinkSecurityException or TimeoutException or IOException or UnauthorizedAccessException
                                          or InvalidDataException or AtProtocolException or ConfigException or System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync("p11phone pair: " + e.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string addressText, string? name, string? codeText, FileInfo? codeFile, CancellationToken ct)
    {
        PhoneAddress.TryParse(addressText, out var address, out _);
        Func<string, string?> getenv = Environment.GetEnvironmentVariable;

        if (codeFile is not null) codeText = (await File.ReadAllTextAsync(codeFile.FullName, ct).ConfigureAwait(false)).Trim();
        if (codeText is null)
        {
            if (Console.IsInputRedirected)
            {
                await Console.Error.WriteLineAsync("p11phone pair: give --code or --code-file, or run it on a terminal to type the code").ConfigureAwait(false);
                return 2;
            }
            await Console.Error.WriteAsync("Pairing code shown on the phone: ").ConfigureAwait(false);
            codeText = Console.ReadLine() ?? "";
        }
        if (!PairingCode.TryParse(codeText, out var pairingCode))
        {
            await Console.Error.WriteLineAsync("p11phone pair: that is not a valid pairing code (28 symbols in groups of four, with a check symbol at the end: check for a typo)").ConfigureAwait(false);
            return 2;
        }

        var configPath = AgentConfig.WritablePath(getenv);
        name ??= DefaultName(configPath, address);

        var keys = AgentKeys.For(getenv);
        using var computerKey = keys.LoadOrCreateStaticKey(out bool created);
        if (created) Console.WriteLine($"Made this computer's link key ({keys.KeyPath}, key {LinkKeyFiles.Fingerprint(computerKey.PublicKey)}).");

        PairedPeer paired;
        await using (var connection = await LinkTransport.OpenAsync(address, OpenTimeout, ct).ConfigureAwait(false))
        {
            var link = new PlainLink(connection.Stream, new LinkLineReader(connection.Stream, AtSyntax.MaxLineLength));
            var version = await AgentHandshakes.SelectVersionAsync(link, StepTimeout, ct).ConfigureAwait(false);
            paired = await AgentHandshakes.PairAsync(link, computerKey, pairingCode, name, AgentHandshakes.ComputerName(), address.ToString(), version, StepTimeout, ct)
                .ConfigureAwait(false);
        }

        keys.Save(paired);
        Console.WriteLine($"Paired with phone '{paired.Name}' at {address} (phone key {paired.Fingerprint}); the pins are in {keys.PhonesPath}.");
        if (getenv(EnvironmentNames.Phone) is { Length: > 0 })
        {
            Console.WriteLine($"{EnvironmentNames.Phone} is set: the agent uses that address and this pairing (by name '{paired.Name}' or by address).");
        }
        else if (AgentConfig.AddPhone(configPath, paired.Name, address))
        {
            Console.WriteLine($"Added '{paired.Name}' to {configPath}. A running agent reads its configuration when it starts: restart it to use the new phone.");
        }
        return 0;
    }

    /// <summary>The configured name of the phone at this address, else "phone" (or "phone N" when that is taken).</summary>
    private static string DefaultName(string configPath, PhoneAddress address)
    {
        var phones = new List<PhoneConfig>();
        try
        {
            if (File.Exists(configPath)) phones.AddRange(AgentConfig.Parse(File.ReadAllText(configPath), configPath).Phones);
        }
        catch (ConfigException)
        {
            // AddPhone reports it.
        }
        if (phones.FirstOrDefault(p => p.Address == address) is { } known) return known.Name;
        var name = "phone";
        for (int i = 2; phones.Any(p => p.Name == name); i++) name = $"phone {i}";
        return name;
    }
}
