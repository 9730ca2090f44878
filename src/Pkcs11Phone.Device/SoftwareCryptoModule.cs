using Pkcs11Phone.Device.Software;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>Options that set up a software token when it is first created (or change it later).</summary>
public sealed record TokenSettings(string? Label = null, string? SerialNumber = null, bool? ProtectedAuthenticationPath = null);

/// <summary>
/// The software keystore backend: keys are BouncyCastle keys kept in the phone's data directory, private keys
/// encrypted under a master key that the user PIN and the SO PIN each unwrap (see Software/SoftwareToken.cs).
/// One token, stored under DIR/tokens/0/: token.json (settings, PIN state, counters) and objects/*.obj.
/// </summary>
public sealed class SoftwareCryptoModule : ICryptoModule
{
    public const string DefaultLabel = "Pkcs11Phone";
    private readonly List<IPhoneToken> _tokens = [];

    /// <param name="dataDirectory">The phone's data directory.</param>
    /// <param name="settings">Label, serial number and protected-authentication-path; applied and persisted when given.</param>
    /// <param name="kdfCost">
    /// The Argon2id cost for PINs set from now on (<see cref="KdfCost.Default"/> when null). Tests pass a cheap one.
    /// </param>
    /// <exception cref="InvalidDataException">The token's files are corrupt (the message names the file).</exception>
    public SoftwareCryptoModule(string dataDirectory, TokenSettings settings, KdfCost? kdfCost = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cost = kdfCost ?? KdfCost.Default;
        if (!cost.IsAcceptable()) throw new ArgumentOutOfRangeException(nameof(kdfCost), "key-derivation cost out of range");
        Directory.CreateDirectory(dataDirectory);
        _tokens.Add(SoftwareToken.Open(Path.Combine(dataDirectory, "tokens", "0"), settings, cost));
    }

    public IReadOnlyList<IPhoneToken> Tokens => _tokens;

    public void Dispose()
    {
        foreach (var t in _tokens) (t as IDisposable)?.Dispose();
    }

    /// <summary>
    /// What the phone itself performs: key generation and private-key operations. The computer adds what it
    /// does locally. All carry CKF_HW: the phone is a device apart from the computer, and clients that test
    /// only device mechanisms (pkcs11-tool --test) must find them.
    /// </summary>
    internal static readonly P11MechanismInfo[] SoftwareMechanisms = new P11MechanismInfo[]
    {
        new(CKM.RSA_PKCS_KEY_PAIR_GEN, KeyMaterial.MinRsaBits, KeyMaterial.MaxRsaBits, CKF.GENERATE_KEY_PAIR),
        new(CKM.RSA_PKCS, KeyMaterial.MinRsaBits, KeyMaterial.MaxRsaBits, CKF.SIGN | CKF.DECRYPT | CKF.UNWRAP),
        new(CKM.RSA_X_509, KeyMaterial.MinRsaBits, KeyMaterial.MaxRsaBits, CKF.SIGN | CKF.DECRYPT),
        new(CKM.RSA_PKCS_PSS, KeyMaterial.MinRsaBits, KeyMaterial.MaxRsaBits, CKF.SIGN),
        new(CKM.RSA_PKCS_OAEP, KeyMaterial.MinRsaBits, KeyMaterial.MaxRsaBits, CKF.DECRYPT | CKF.UNWRAP),
        new(CKM.EC_KEY_PAIR_GEN, 256, 521, CKF.GENERATE_KEY_PAIR | EcFlags),
        new(CKM.ECDSA, 256, 521, CKF.SIGN | EcFlags),
        new(CKM.EC_EDWARDS_KEY_PAIR_GEN, 255, 255, CKF.GENERATE_KEY_PAIR | CKF.EC_OID | CKF.EC_CURVENAME),
        new(CKM.EDDSA, 255, 255, CKF.SIGN | CKF.EC_OID | CKF.EC_CURVENAME),
    }.Select(m => m with { Flags = m.Flags | CKF.HW }).ToArray();

    /// <summary>Prime-field curves named by OID or by name (v3.0), points uncompressed.</summary>
    private const ulong EcFlags = CKF.EC_F_P | CKF.EC_NAMEDCURVE | CKF.EC_CURVENAME | CKF.EC_UNCOMPRESS;
}
