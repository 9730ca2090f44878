using System.Globalization;
using System.Text;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// Constants both ends of the link agree on for the secure link (docs/protocol.md, "Secure link"): the
/// Noise prologue that binds a handshake to the selected protocol version, and the plaintext of the
/// phone's pairing confirmation.
/// </summary>
public static class SecureLinkProtocol
{
    /// <summary>The plaintext of the first transport frame of a pairing, sent by the phone to prove it knew the code.</summary>
    public const string PairingConfirmation = "pkcs11phone paired";

    /// <summary>The Noise prologue of both handshakes: <c>pkcs11phone link v&lt;version&gt;</c>, the version selected with AT+P11VER.</summary>
    public static byte[] Prologue(ulong version) =>
        Encoding.ASCII.GetBytes("pkcs11phone link v" + version.ToString(CultureInfo.InvariantCulture));
}
