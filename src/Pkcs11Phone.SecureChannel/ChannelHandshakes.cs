using System.Security.Cryptography;
using System.Text;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// The two handshakes the product runs between the computer and the phone.
/// <list type="bullet">
/// <item><b>Pairing</b>, <see cref="PairingProtocol"/>: the phone shows a <see cref="PairingCode"/>,
/// the user types it on the computer, and both run XXpsk3 with the PSK from the code. Each side
/// then pins the other's static key (<see cref="HandshakeState.RemoteStaticPublicKey"/>) and keeps
/// the reconnection PSK from <see cref="DeriveReconnectPsk"/> of the pairing handshake hash.</item>
/// <item><b>Reconnection</b>, <see cref="ReconnectProtocol"/>: KKpsk2 with both pinned static
/// keys and the reconnection PSK.</item>
/// </list>
/// </summary>
public static class ChannelHandshakes
{
    /// <summary>The pairing protocol.</summary>
    public const string PairingProtocol = "Noise_XXpsk3_25519_ChaChaPoly_SHA256";

    /// <summary>The reconnection protocol.</summary>
    public const string ReconnectProtocol = "Noise_KKpsk2_25519_ChaChaPoly_SHA256";

    /// <summary>The HKDF info string for <see cref="DeriveReconnectPsk"/>.</summary>
    public const string ReconnectPskInfo = "pkcs11phone reconnect psk v1";

    /// <summary>Length of a PSK, in bytes.</summary>
    public const int PskLength = 32;

    private static readonly NoiseProtocolName Pairing = NoiseProtocolName.Parse(PairingProtocol);
    private static readonly NoiseProtocolName Reconnect = NoiseProtocolName.Parse(ReconnectProtocol);

    /// <summary>Starts a pairing handshake (XXpsk3, PSK from the pairing code).</summary>
    /// <param name="initiator">True for the side that sends the first message.</param>
    /// <param name="localStatic">This side's long-term key pair.</param>
    /// <param name="code">The pairing code shown by the phone (and typed on the computer).</param>
    /// <param name="prologue">Optional data both sides must agree on (e.g. a protocol version string).</param>
    public static HandshakeState CreatePairing(bool initiator, NoiseKeyPair localStatic, PairingCode code, ReadOnlySpan<byte> prologue = default)
    {
        ArgumentNullException.ThrowIfNull(localStatic);
        ArgumentNullException.ThrowIfNull(code);
        var psk = code.ToPsk();
        try
        {
            return HandshakeState.Initialize(Pairing, initiator, prologue, s: localStatic, psks: [psk]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(psk);
        }
    }

    /// <summary>Starts a reconnection handshake (KKpsk2) with the peer's pinned static key.</summary>
    /// <param name="initiator">True for the side that sends the first message.</param>
    /// <param name="localStatic">This side's long-term key pair.</param>
    /// <param name="pinnedRemoteStatic">The peer's static public key recorded at pairing.</param>
    /// <param name="reconnectPsk">The 32-byte secret recorded at pairing (<see cref="DeriveReconnectPsk"/>).</param>
    /// <param name="prologue">Optional data both sides must agree on.</param>
    public static HandshakeState CreateReconnect(
        bool initiator,
        NoiseKeyPair localStatic,
        ReadOnlySpan<byte> pinnedRemoteStatic,
        ReadOnlySpan<byte> reconnectPsk,
        ReadOnlySpan<byte> prologue = default)
    {
        ArgumentNullException.ThrowIfNull(localStatic);
        if (reconnectPsk.Length != PskLength)
        {
            throw new ArgumentException($"The reconnection PSK is {PskLength} bytes.", nameof(reconnectPsk));
        }

        NoiseKeyPair.ValidatePublicKey(pinnedRemoteStatic, nameof(pinnedRemoteStatic));
        var psk = reconnectPsk.ToArray();
        try
        {
            return HandshakeState.Initialize(Reconnect, initiator, prologue, s: localStatic, rs: pinnedRemoteStatic, psks: [psk]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(psk);
        }
    }

    /// <summary>
    /// The reconnection PSK both sides record after pairing: HKDF-SHA256 (RFC 5869) with the
    /// pairing handshake hash as input key material, an empty salt, info
    /// "pkcs11phone reconnect psk v1", 32 bytes of output.
    /// </summary>
    /// <param name="pairingHandshakeHash">The handshake hash of the completed pairing handshake (32 bytes for SHA256).</param>
    public static byte[] DeriveReconnectPsk(ReadOnlySpan<byte> pairingHandshakeHash)
    {
        if (pairingHandshakeHash.Length < 32)
        {
            throw new ArgumentException("A handshake hash is at least 32 bytes.", nameof(pairingHandshakeHash));
        }

        return HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            pairingHandshakeHash.ToArray(),
            PskLength,
            salt: [],
            info: Encoding.ASCII.GetBytes(ReconnectPskInfo));
    }
}
