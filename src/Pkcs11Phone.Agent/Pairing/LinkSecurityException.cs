namespace Pkcs11Phone.Agent.Pairing;

/// <summary>
/// The link cannot be secured: this computer is not paired with the phone, the phone refused the
/// handshake, or the phone's answer does not verify (it is not the pinned phone). The message says which
/// and what to do; the link stays down.
/// </summary>
public sealed class LinkSecurityException(string message) : Exception(message);
