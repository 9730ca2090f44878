using Pkcs11Phone.Device.Tests.BackendSuite;
using Pkcs11Phone.Interop;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.Software;

/// <summary>The backend suite against the software keystore: each token in its own temporary data directory.</summary>
[TestFixture]
public sealed class SoftwareTokenContract : PhoneTokenContract
{
    /// <summary>A cheap Argon2id cost, so that PIN checks take microseconds in tests.</summary>
    public static readonly KdfCost Cheap = new(64, 1, 1);

    private readonly Dictionary<IPhoneToken, (string Dir, SoftwareCryptoModule Module)> _open = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    protected override IPhoneToken CreateToken()
    {
        var dir = Directory.CreateTempSubdirectory("p11phone-contract-").FullName;
        var module = new SoftwareCryptoModule(dir, new TokenSettings("Contract", "C0FFEE"), Cheap);
        var token = module.Tokens[0];
        Assert.That(token.InitToken(Utf8(SoPin), "Contract"), Is.EqualTo((ulong)CKR.OK), "C_InitToken");
        Assert.That(token.Login("setup", CKU.SO, Utf8(SoPin)), Is.EqualTo((ulong)CKR.OK));
        Assert.That(token.InitPin("setup", Utf8(UserPin)), Is.EqualTo((ulong)CKR.OK), "C_InitPIN");
        Assert.That(token.Logout("setup"), Is.EqualTo((ulong)CKR.OK));
        lock (_gate) _open[token] = (dir, module);
        return token;
    }

    protected override IPhoneToken Reopen(IPhoneToken token)
    {
        (string Dir, SoftwareCryptoModule Module) entry;
        lock (_gate)
        {
            entry = _open[token];
            _open.Remove(token);
        }
        entry.Module.Dispose();
        var again = new SoftwareCryptoModule(entry.Dir, new TokenSettings(), Cheap);
        lock (_gate) _open[again.Tokens[0]] = (entry.Dir, again);
        return again.Tokens[0];
    }

    protected override void Release(IPhoneToken token)
    {
        (string Dir, SoftwareCryptoModule Module) entry;
        lock (_gate)
        {
            if (!_open.Remove(token, out entry)) return;
        }
        entry.Module.Dispose();
        Directory.Delete(entry.Dir, recursive: true);
    }
}
