using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>Options that set up a software token when it is first created (or change it later).</summary>
public sealed record TokenSettings(string? Label = null, string? SerialNumber = null, bool? ProtectedAuthenticationPath = null);

/// <summary>
/// The software keystore backend: keys are BouncyCastle keys kept in the phone's data directory.
/// One token, stored under DIR/tokens/0/.
/// </summary>
public sealed class SoftwareCryptoModule : ICryptoModule
{
    public const string DefaultLabel = "Pkcs11Phone";
    private readonly List<IPhoneToken> _tokens = [];

    public SoftwareCryptoModule(string dataDirectory, TokenSettings settings)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "tokens", "0", "token.json");
        var record = TokenStore.Load(path);
        bool changed = record is null;
        record ??= new TokenRecord
        {
            Label = DefaultLabel,
            SerialNumber = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
            Created = DateTimeOffset.UtcNow,
        };
        if (settings.Label is { } label && label != record.Label) { record.Label = label; changed = true; }
        if (settings.SerialNumber is { } serial && serial != record.SerialNumber) { record.SerialNumber = serial; changed = true; }
        if (settings.ProtectedAuthenticationPath is { } pap && pap != record.ProtectedAuthenticationPath)
        {
            record.ProtectedAuthenticationPath = pap;
            changed = true;
        }
        if (changed) TokenStore.Save(path, record);
        _tokens.Add(new SoftwareToken(record));
    }

    public IReadOnlyList<IPhoneToken> Tokens => _tokens;

    public void Dispose() { }

    private sealed class SoftwareToken(TokenRecord record) : IPhoneToken
    {
        public P11TokenInfo Info => new(
            Label: record.Label,
            Manufacturer: "Pkcs11Phone",
            Model: "Soft keystore",
            Serial: record.SerialNumber,
            Flags: (ulong)(CKF.RNG | CKF.LOGIN_REQUIRED | CKF.TOKEN_INITIALIZED
                | (record.ProtectedAuthenticationPath ? CKF.PROTECTED_AUTHENTICATION_PATH : 0)),
            MaxPinLength: 64,
            MinPinLength: 4,
            TotalPublicMemory: null, FreePublicMemory: null, TotalPrivateMemory: null, FreePrivateMemory: null,
            HardwareVersion: "0.1",
            FirmwareVersion: "0.1");

        public IReadOnlyList<P11MechanismInfo> Mechanisms => SoftwareMechanisms;
    }

    /// <summary>What the phone itself performs: key generation and private-key operations. The computer adds what it does locally.</summary>
    private static readonly P11MechanismInfo[] SoftwareMechanisms =
    [
        new(CKM.RSA_PKCS_KEY_PAIR_GEN, 2048, 4096, CKF.GENERATE_KEY_PAIR),
        new(CKM.RSA_PKCS, 2048, 4096, CKF.SIGN | CKF.DECRYPT | CKF.UNWRAP),
        new(CKM.RSA_X_509, 2048, 4096, CKF.SIGN | CKF.DECRYPT),
        new(CKM.RSA_PKCS_PSS, 2048, 4096, CKF.SIGN),
        new(CKM.RSA_PKCS_OAEP, 2048, 4096, CKF.DECRYPT | CKF.UNWRAP),
        new(CKM.EC_KEY_PAIR_GEN, 256, 521, CKF.GENERATE_KEY_PAIR | EcFlags),
        new(CKM.ECDSA, 256, 521, CKF.SIGN | EcFlags),
        new(CKM.EC_EDWARDS_KEY_PAIR_GEN, 255, 255, CKF.GENERATE_KEY_PAIR | CKF.EC_CURVENAME),
        new(CKM.EDDSA, 255, 255, CKF.SIGN | CKF.EC_CURVENAME),
    ];

    private const ulong EcFlags = CKF.EC_F_P | CKF.EC_NAMEDCURVE | CKF.EC_UNCOMPRESS;
}
