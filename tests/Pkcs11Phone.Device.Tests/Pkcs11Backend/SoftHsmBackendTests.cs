using Pkcs11Phone.Device.Pkcs11Backend;
using Pkcs11Phone.Device.Tests.BackendSuite;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Tests.Pkcs11Backend;

/// <summary>
/// The backend suite against the PKCS#11-token backend driving SoftHSMv2: every token is a new SoftHSM token
/// (made by softhsm2-util, with this fixture's PINs) in the run's SoftHSM environment, opened by its label.
/// </summary>
[TestFixture]
public sealed class SoftHsmBackendTests : PhoneTokenContract
{
    private readonly string _soPin = "so-" + SoftHsmEnvironment.NewPin();
    private readonly string _userPin = "user-" + SoftHsmEnvironment.NewPin();
    private readonly Dictionary<IPhoneToken, (SoftHsmToken SoftHsm, Pkcs11CryptoModule Module)> _open = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    /// <summary>PINs generated for this run.</summary>
    protected override string SoPin => _soPin;

    protected override string UserPin => _userPin;

    // What SoftHSMv2 2.6 cannot do (see each capability in PhoneTokenContract for the behaviour then checked).

    /// <summary>No retry limit: CKF_*_PIN_COUNT_LOW after a wrong PIN, never FINAL_TRY or LOCKED.</summary>
    protected override bool LocksPins => false;

    /// <summary>Objects get new handles after C_Initialize, and private ones show only after a user login.</summary>
    protected override bool HandlesSurviveRestart => false;

    /// <summary>A ciphertext with bad padding is CKR_GENERAL_ERROR.</summary>
    protected override bool ExactRefusalCodes => false;

    /// <summary>Every named curve OpenSSL knows, secp256k1 included.</summary>
    protected override bool OnlyNistCurves => false;

    /// <summary>An imported EC or Edwards private key has no CKA_EC_POINT.</summary>
    protected override bool DerivesPublicPointOnImport => false;

    /// <summary>OAEP with SHA-1, MGF1-SHA-1 and no label only; PSS with the MGF1 of its own hash only.</summary>
    protected override bool Performs(P11Mechanism mechanism) => mechanism.Type switch
    {
        (ulong)CKM.RSA_PKCS_OAEP => mechanism.Numbers is [(ulong)CKM.SHA_1, (ulong)CKG.MGF1_SHA1, _] && mechanism.Data.Length == 0,
        (ulong)CKM.RSA_PKCS_PSS => mechanism.Numbers is [var hash, var mgf, _] && Independent.Hashes.Any(h => h.Mechanism == hash && h.Mgf == mgf),
        _ => true,
    };

    protected override IPhoneToken CreateToken()
    {
        var softHsm = SoftHsmEnvironment.Current.CreateToken("contract", SoPin, UserPin);
        var module = SoftHsmEnvironment.Open(softHsm);
        Assert.That(module.Tokens, Has.Count.EqualTo(1), "the new SoftHSM token is offered");
        var token = module.Tokens[0];
        lock (_gate) _open[token] = (softHsm, module);
        return token;
    }

    protected override IPhoneToken Reopen(IPhoneToken token)
    {
        (SoftHsmToken SoftHsm, Pkcs11CryptoModule Module) entry;
        lock (_gate)
        {
            entry = _open[token];
            _open.Remove(token);
        }
        entry.Module.Dispose();
        var module = SoftHsmEnvironment.Open(entry.SoftHsm);
        var again = module.Tokens.Single();
        lock (_gate) _open[again] = (entry.SoftHsm, module);
        return again;
    }

    protected override void Release(IPhoneToken token)
    {
        (SoftHsmToken SoftHsm, Pkcs11CryptoModule Module) entry;
        lock (_gate)
        {
            if (!_open.Remove(token, out entry)) return;
        }
        entry.Module.Dispose();
    }
}
