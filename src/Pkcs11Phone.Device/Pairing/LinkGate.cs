using System.Text;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Device.Pairing;

/// <summary>A secure session the handshake has just set up: its keys, and the computer at the other end.</summary>
public sealed record LinkSession(SecureTransport Transport, PairedPeer Computer);

/// <summary>
/// The phone's side of a link before its secure session: answers the harmless commands through the
/// security manager, runs the pairing (AT+P11PAIR, XXpsk3) and reconnection (AT+P11HS, KKpsk2) handshakes,
/// and refuses everything else with +CME ERROR: 3 (unless plaintext is allowed). One gate per link.
/// </summary>
public sealed class LinkGate(SecurityManager manager, LinkSecurity security, TextWriter log) : IDisposable
{
    private HandshakeState? _pairing;
    private bool _refusalLogged;

    /// <summary>
    /// Answers one line; when it completes a reconnection handshake, also returns the new session. A null
    /// reply (only with plaintext allowed) means the security manager answers the line as on a secure session.
    /// </summary>
    public (IReadOnlyList<AtResponseLine>? Reply, LinkSession? Session) Handle(AtLine line)
    {
        if (!AtReplies.TryAccept(line, AtScope.Link, out var command, out _, out var fault)) return (fault, null);
        if (!command.IsExtended) return (manager.Handle(line), null);
        switch (command.Name)
        {
            case AtCommands.Gcap:
            case AtCommands.Ver:
                return (manager.Handle(line), null);
            case AtCommands.Pair:
                return (Pair(command), null);
            case AtCommands.Handshake:
                return Reconnect(command);
            case AtCommands.Sealed:
                return (NotAllowed("a sealed line arrived outside a secure session"), null);
            default:
                if (security.AllowPlaintext) return (null, null);
                if (!_refusalLogged)
                {
                    _refusalLogged = true;
                    log.WriteLine($"device: refused AT{command.Name} without a secure session (the computer must pair or reconnect first)");
                }
                return (AtReplies.Fault(AtCmeError.OperationNotAllowed), null);
        }
    }

    private List<AtResponseLine> Pair(AtCommandLine c)
    {
        ulong step = c.Args[0].Number;
        if (!TryDecode(c.Args[1].Text, out var message)) return AtReplies.Fault(AtCmeError.IncorrectParameters);
        if (security.Keys is not { } keys) return NotAllowed("a computer asked to pair, but this phone has no link keys");
        if (security.Pairing is not { IsOpen: true } window)
            return NotAllowed("a computer asked to pair, but the phone is not waiting for a pairing (start it with --pair)");
        if (manager.SelectedVersion == 0) return NotAllowed("a computer asked to pair before selecting a protocol version");
        switch (step)
        {
            case 1:
            {
                DropPairing();
                var hs = ChannelHandshakes.CreatePairing(false, keys.StaticKey, window.Code, SecureLinkProtocol.Prologue(manager.SelectedVersion));
                try
                {
                    hs.ReadMessage(message);
                    var reply = hs.WriteMessage([]);
                    _pairing = hs;
                    return [AtResponseLine.Info(AtCommands.Pair, 2, Convert.ToBase64String(reply)), AtResponseLine.Ok];
                }
                catch (NoiseException e)
                {
                    hs.Dispose();
                    return NotAllowed("pairing failed at its first message: " + e.Message);
                }
            }
            case 3:
            {
                var hs = _pairing;
                _pairing = null;
                if (hs is null) return NotAllowed("pairing step 3 without step 1");
                using (hs)
                {
                    byte[] payload;
                    try
                    {
                        payload = hs.ReadMessage(message);
                    }
                    catch (NoiseException)
                    {
                        bool closed = window.Failed();
                        log.WriteLine($"device: pairing refused: the code the computer used does not match the one shown here " +
                            $"(attempt {window.Failures} of {PairingWindow.MaxFailures}{(closed ? "; pairing is now closed" : "")})");
                        return AtReplies.Fault(AtCmeError.OperationNotAllowed);
                    }
                    var name = LinkKeyFiles.CleanName(DecodeName(payload), "computer");
                    var computerKey = hs.RemoteStaticPublicKey!;
                    var psk = ChannelHandshakes.DeriveReconnectPsk(hs.HandshakeHash);
                    using var transport = SecureTransport.FromHandshake(hs);
                    var computer = new PairedPeer(name, computerKey, psk, DateTimeOffset.UtcNow);
                    try
                    {
                        keys.AddComputer(computer);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                    {
                        log.WriteLine($"device: pairing with '{name}' failed: could not record it: {e.Message}");
                        return AtReplies.Fault(AtCmeError.Unknown);
                    }
                    var confirmation = transport.Seal(Encoding.ASCII.GetBytes(SecureLinkProtocol.PairingConfirmation));
                    window.Succeeded(computer);
                    log.WriteLine($"device: paired with computer '{name}' (key {computer.Fingerprint}); pairing is now closed");
                    return [AtResponseLine.Info(AtCommands.Pair, 4, Convert.ToBase64String(confirmation)), AtResponseLine.Ok];
                }
            }
            default:
                return AtReplies.Fault(AtCmeError.IncorrectParameters);
        }
    }

    private (IReadOnlyList<AtResponseLine>, LinkSession?) Reconnect(AtCommandLine c)
    {
        if (c.Args[0].Number != 1 || !TryDecode(c.Args[1].Text, out var message)) return (AtReplies.Fault(AtCmeError.IncorrectParameters), null);
        if (security.Keys is not { } keys) return (NotAllowed("a computer asked for a secure session, but this phone has no link keys"), null);
        if (manager.SelectedVersion == 0) return (NotAllowed("a computer asked for a secure session before selecting a protocol version"), null);
        IReadOnlyList<PairedPeer> computers;
        try
        {
            computers = keys.Computers();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            log.WriteLine($"device: cannot read the paired computers: {e.Message}");
            return (AtReplies.Fault(AtCmeError.Unknown), null);
        }
        var prologue = SecureLinkProtocol.Prologue(manager.SelectedVersion);
        // The first message names nobody: it opens only with the keys of the computer that sent it.
        foreach (var computer in computers)
        {
            var hs = ChannelHandshakes.CreateReconnect(false, keys.StaticKey, computer.PublicKey, computer.ReconnectPsk, prologue);
            try
            {
                hs.ReadMessage(message);
                var reply = hs.WriteMessage([]);
                var transport = SecureTransport.FromHandshake(hs);
                return ([AtResponseLine.Info(AtCommands.Handshake, 2, Convert.ToBase64String(reply)), AtResponseLine.Ok], new LinkSession(transport, computer));
            }
            catch (NoiseException)
            {
                // Not this computer.
            }
            finally
            {
                hs.Dispose();
            }
        }
        return (NotAllowed(computers.Count == 0
            ? "refused a computer: no computer is paired with this phone yet (pair with p11phone device --pair and p11phone pair)"
            : $"refused a computer that is not paired with this phone (its handshake matches none of the {computers.Count} paired computers); pair it with p11phone device --pair and p11phone pair"), null);
    }

    private List<AtResponseLine> NotAllowed(string why)
    {
        log.WriteLine("device: " + why);
        return AtReplies.Fault(AtCmeError.OperationNotAllowed);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length / 4 * 3 + 3];
        if (text.Length == 0 || !Convert.TryFromBase64String(text, bytes, out int n)) return false;
        bytes = bytes[..n];
        return true;
    }

    private static string? DecodeName(byte[] payload)
    {
        try { return new UTF8Encoding(false, true).GetString(payload); }
        catch (DecoderFallbackException) { return null; }
    }

    private void DropPairing()
    {
        _pairing?.Dispose();
        _pairing = null;
    }

    public void Dispose() => DropPairing();
}
