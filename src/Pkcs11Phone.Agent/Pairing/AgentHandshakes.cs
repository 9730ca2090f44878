using System.Security.Cryptography;
using System.Text;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Agent.Pairing;

/// <summary>
/// The computer's side of the link's first steps (docs/protocol.md, "Secure link"): echo off and version
/// selection in plaintext, then the pairing (AT+P11PAIR, Noise XXpsk3) or reconnection (AT+P11HS, Noise
/// KKpsk2) handshake. The computer is always the Noise initiator.
/// </summary>
public static class AgentHandshakes
{
    /// <summary>ATE0 (answer not checked), then AT+P11VER with the newest version; returns it.</summary>
    public static async Task<ulong> SelectVersionAsync(PlainLink link, TimeSpan timeout, CancellationToken ct)
    {
        await link.ExchangeAsync(new AtCommandLine("E", AtForm.Set, [AtValue.Of(0)]), timeout, ct).ConfigureAwait(false);
        ulong version = AtCommands.Versions[^1];
        var answer = await link.ExchangeAsync(AtCommandLine.Set(AtCommands.Ver, version), timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            var offered = await link.ExchangeAsync(AtCommandLine.Test(AtCommands.Ver), timeout, ct).ConfigureAwait(false);
            throw new AtProtocolException($"the phone refused protocol version {version} (it offers {string.Join(" ", offered.Lines)})");
        }
        return version;
    }

    /// <summary>
    /// Runs the reconnection handshake with a paired phone and returns the session's keys. Throws
    /// <see cref="LinkSecurityException"/> when the phone refuses this computer or is not the pinned phone.
    /// </summary>
    public static async Task<SecureTransport> ReconnectAsync(PlainLink link, NoiseKeyPair computerKey, PairedPeer phone, ulong version, TimeSpan timeout, CancellationToken ct)
    {
        using var hs = ChannelHandshakes.CreateReconnect(true, computerKey, phone.PublicKey, phone.ReconnectPsk, SecureLinkProtocol.Prologue(version));
        var first = hs.WriteMessage([]);
        var answer = await link.ExchangeAsync(AtCommandLine.Set(AtCommands.Handshake, 1, Convert.ToBase64String(first)), timeout, ct, expect: AtCommands.Handshake)
            .ConfigureAwait(false);
        if (!answer.IsOk)
        {
            throw new LinkSecurityException(answer.Final.CmeCode == (ulong)AtCmeError.OperationNotAllowed
                ? $"the phone refused the secure session (+CME ERROR: 3): it does not know this computer, or it is not the phone paired as '{phone.Name}' " +
                  $"(pinned key {phone.Fingerprint}); see the phone's log, or pair again with p11phone pair"
                : $"the phone answered the secure handshake with {answer.Final}");
        }
        var message = Message(answer, AtCommands.Handshake, 2);
        try
        {
            hs.ReadMessage(message);
        }
        catch (NoiseException)
        {
            throw new LinkSecurityException(
                $"refused the phone: its handshake answer does not verify, so it is not the phone paired as '{phone.Name}' " +
                $"(its static key is not the pinned one, {phone.Fingerprint}, or its reconnection key differs)");
        }
        return SecureTransport.FromHandshake(hs);
    }

    /// <summary>
    /// Pairs with a phone that shows <paramref name="code"/>: runs XXpsk3, checks the phone's confirmation,
    /// and returns the pins to record (nothing is written here). Throws <see cref="LinkSecurityException"/>
    /// when the phone refuses or the code does not match.
    /// </summary>
    public static async Task<PairedPeer> PairAsync(PlainLink link, NoiseKeyPair computerKey, PairingCode code, string phoneName, string computerName, string? address,
        ulong version, TimeSpan timeout, CancellationToken ct)
    {
        using var hs = ChannelHandshakes.CreatePairing(true, computerKey, code, SecureLinkProtocol.Prologue(version));
        var first = hs.WriteMessage([]);
        var answer = await link.ExchangeAsync(AtCommandLine.Set(AtCommands.Pair, 1, Convert.ToBase64String(first)), timeout, ct, expect: AtCommands.Pair)
            .ConfigureAwait(false);
        if (!answer.IsOk)
        {
            throw new LinkSecurityException(answer.Final.CmeCode == (ulong)AtCmeError.OperationNotAllowed
                ? "the phone refused to pair (+CME ERROR: 3): it is not waiting for a pairing; start it with p11phone device --pair (see its log)"
                : $"the phone answered the pairing with {answer.Final}");
        }
        try
        {
            hs.ReadMessage(Message(answer, AtCommands.Pair, 2));
        }
        catch (NoiseException e)
        {
            throw new LinkSecurityException("the phone's pairing answer is malformed: " + e.Message);
        }
        var third = hs.WriteMessage(Encoding.UTF8.GetBytes(computerName));
        var phoneKey = hs.RemoteStaticPublicKey!;
        var psk = ChannelHandshakes.DeriveReconnectPsk(hs.HandshakeHash);
        using var transport = SecureTransport.FromHandshake(hs);
        answer = await link.ExchangeAsync(AtCommandLine.Set(AtCommands.Pair, 3, Convert.ToBase64String(third)), timeout, ct, expect: AtCommands.Pair)
            .ConfigureAwait(false);
        if (!answer.IsOk)
        {
            CryptographicOperations.ZeroMemory(psk);
            throw new LinkSecurityException(answer.Final.CmeCode == (ulong)AtCmeError.OperationNotAllowed
                ? "pairing failed: the phone refused the code (it does not match the code the phone shows)"
                : $"pairing failed: the phone answered {answer.Final}");
        }
        try
        {
            var confirmation = transport.Open(Message(answer, AtCommands.Pair, 4));
            if (!confirmation.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(SecureLinkProtocol.PairingConfirmation))) throw new NoiseException("unexpected confirmation");
        }
        catch (NoiseException)
        {
            CryptographicOperations.ZeroMemory(psk);
            throw new LinkSecurityException("pairing failed: the phone's confirmation does not verify (the code does not match, or another device answered)");
        }
        return new PairedPeer(phoneName, phoneKey, psk, DateTimeOffset.UtcNow, address);
    }

    /// <summary>This computer's name as the phone shows it: user@host.</summary>
    public static string ComputerName() => LinkKeyFiles.CleanName($"{Environment.UserName}@{Environment.MachineName}", "computer");

    private static byte[] Message(AtResponse answer, string name, ulong step)
    {
        var line = answer.Info(name).LastOrDefault();
        if (line is null || line.Values.Count != 2 || line.Values[0].Kind != AtValueKind.Number || line.Values[0].Number != step
            || line.Values[1].Kind != AtValueKind.String)
            throw new LinkSecurityException($"the phone's {name} answer is malformed: {answer}");
        try
        {
            return Convert.FromBase64String(line.Values[1].Text);
        }
        catch (FormatException)
        {
            throw new LinkSecurityException($"the phone's {name} answer is not base64");
        }
    }
}
