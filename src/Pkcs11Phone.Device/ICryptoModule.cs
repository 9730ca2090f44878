using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>
/// The phone's cryptographic module: the keystore it already uses for its own secure communication
/// (a software keystore, a SIM/secure element reached through PKCS#11, ...). It holds the private keys.
/// </summary>
public interface ICryptoModule : IDisposable
{
    /// <summary>The tokens this module offers; each becomes a slot on the computer.</summary>
    IReadOnlyList<IPhoneToken> Tokens { get; }
}

/// <summary>One token of the phone's crypto module.</summary>
public interface IPhoneToken
{
    P11TokenInfo Info { get; }
    IReadOnlyList<P11MechanismInfo> Mechanisms { get; }
}
