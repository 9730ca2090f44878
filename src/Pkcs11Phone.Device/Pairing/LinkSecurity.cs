namespace Pkcs11Phone.Device.Pairing;

/// <summary>
/// How the phone guards its link. Without a secure session only AT, ATE0, ATI, +GCAP, +P11VER and the
/// handshakes (+P11PAIR, +P11HS) are answered; every other command gets +CME ERROR: 3, unless
/// <see cref="AllowPlaintext"/> (<c>--insecure-plaintext</c>, loopback debugging only).
/// </summary>
/// <param name="Keys">The phone's link keys and paired computers; null when the phone has none (then no session can start).</param>
/// <param name="AllowPlaintext">True to answer every command in plaintext too.</param>
/// <param name="Pairing">An open pairing window, or null.</param>
public sealed record LinkSecurity(PhoneKeys? Keys, bool AllowPlaintext, PairingWindow? Pairing = null)
{
    /// <summary>No keys and no gate: every command in plaintext, as before the secure link (in-process use and tests).</summary>
    public static LinkSecurity Plaintext { get; } = new(null, true);
}
