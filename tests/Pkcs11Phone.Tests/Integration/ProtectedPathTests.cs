using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// A token with a protected authentication path (`p11phone device --protected-auth-path true`): the
/// application logs in with a NULL PIN, and the phone's user types the PIN on the phone's terminal. A wrong
/// PIN counts as one; an empty line cancels (CKR_FUNCTION_CANCELED).
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ProtectedPathTests
{
    private const string SoPin = "so-protected-2207";
    private const string UserPin = "user-protected-9184";
    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private PhoneHarness _phone = null!;
    private Pkcs11InteropFactories _f = null!;
    private IPkcs11Library _lib = null!;
    private ISlot _slot = null!;

    [OneTimeSetUp]
    public void Start()
    {
        // The PINs are set as usual (given by the application); only the login takes them on the phone.
        _ready = new ReadyToken("Protected", SoPin, UserPin, "--protected-auth-path", "true", "--pin-timeout", "20");
        (_phone, _f, _lib, _slot) = (_ready.Harness, _ready.F, _ready.Library, _ready.Slot);
    }

    private ReadyToken? _ready;

    [OneTimeTearDown]
    public void Stop() => _ready?.Dispose();

    /// <summary>
    /// C_Login with a NULL PIN on another thread, and <paramref name="typed"/> typed on the phone. The phone
    /// throws away lines typed before its prompt, and the prompt is not visible from here, so the line is
    /// typed again each second until the login returns (a line too many is stale for the next question).
    /// </summary>
    private (CKR? Error, TimeSpan Took) LoginOnPhone(ISession session, string typed)
    {
        var sw = Stopwatch.StartNew();
        var login = Task.Run(() => session.Login(CKU.CKU_USER, (byte[]?)null));
        while (!((IAsyncResult)login).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail("C_Login did not return");
            _phone.DeviceInput.WriteLine(typed);
            _phone.DeviceInput.Flush();
        }
        try
        {
            login.GetAwaiter().GetResult();
            return (null, sw.Elapsed);
        }
        catch (Pkcs11Exception e)
        {
            return (e.RV, sw.Elapsed);
        }
    }

    private void LogoutQuietly(ISession session)
    {
        try
        {
            session.Logout();
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_NOT_LOGGED_IN)
        {
        }
    }

    [Test]
    public void TokenInfoShowsTheProtectedAuthenticationPath()
    {
        var flags = _slot.GetTokenInfo().TokenFlags;
        Assert.That(flags.ProtectedAuthenticationPath, Is.True);
        Assert.That(flags.UserPinInitialized, Is.True);
    }

    [Test]
    public void APinTypedOnThePhoneLogsIn()
    {
        using var session = _slot.OpenSession(SessionType.ReadWrite);
        try
        {
            Assert.That(session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_PUBLIC_SESSION));
            var (error, _) = LoginOnPhone(session, UserPin);
            Assert.That(error, Is.Null, "the right PIN typed on the phone");
            Assert.That(session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_USER_FUNCTIONS));

            // Logged in for real: a private key made and used on the phone, its signature checked by .NET.
            session.GenerateKeyPair(_f.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [_f.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, false), _f.ObjectAttributeFactory.Create(CKA.CKA_EC_PARAMS, P256)],
                [_f.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, false), _f.ObjectAttributeFactory.Create(CKA.CKA_SIGN, true),
                 _f.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, true), _f.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "protected key")],
                out var pub, out var priv);
            var point = new AsnReader(session.GetAttributeValue(pub, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(), AsnEncodingRules.DER).ReadOctetString();
            using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
            var data = "signed after a PIN typed on the phone"u8.ToArray();
            var signature = session.Sign(_f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), priv, data);
            Assert.That(ec.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);
        }
        finally
        {
            LogoutQuietly(session);
        }
        Assert.That(session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_PUBLIC_SESSION));
    }

    [Test]
    public void AWrongPinTypedOnThePhoneIsIncorrectAndCounted()
    {
        using var session = _slot.OpenSession(SessionType.ReadWrite);
        try
        {
            Assert.That(_slot.GetTokenInfo().TokenFlags.UserPinCountLow, Is.False);
            var (error, _) = LoginOnPhone(session, "not-" + UserPin);
            Assert.That(error, Is.EqualTo(CKR.CKR_PIN_INCORRECT));
            Assert.That(session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_PUBLIC_SESSION));
            Assert.That(_slot.GetTokenInfo().TokenFlags.UserPinCountLow, Is.True, "the wrong PIN was counted");

            (error, _) = LoginOnPhone(session, UserPin);
            Assert.That(error, Is.Null, "the right PIN afterwards");
            Assert.That(session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_USER_FUNCTIONS));
            Assert.That(_slot.GetTokenInfo().TokenFlags.UserPinCountLow, Is.False, "a right PIN resets the counter");
        }
        finally
        {
            LogoutQuietly(session);
        }
    }

    [Test]
    public void AnEmptyLineOnThePhoneCancels()
    {
        using var session = _slot.OpenSession(SessionType.ReadWrite);
        var (error, took) = LoginOnPhone(session, "");
        Assert.That(error, Is.EqualTo(CKR.CKR_FUNCTION_CANCELED));
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(15)), "cancelled by the empty line, not by the 20 s timeout");
        Assert.That(session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_PUBLIC_SESSION));
        Assert.That(_slot.GetTokenInfo().TokenFlags.UserPinCountLow, Is.False, "a cancelled entry is no wrong PIN");
    }

    [Test]
    public void ThePinIsNotInTheAgentLogNorInTheClearOnThePhone()
    {
        using (var session = _slot.OpenSession(SessionType.ReadOnly))
        {
            try
            {
                Assert.That(LoginOnPhone(session, UserPin).Error, Is.Null);
            }
            finally
            {
                LogoutQuietly(session);
            }
        }
        var pin = Encoding.UTF8.GetBytes(UserPin);
        List<string> files = [_phone.AgentPaths.Log, .. Directory.EnumerateFiles(_phone.PhoneData, "*", SearchOption.AllDirectories)];
        Assert.That(File.Exists(_phone.AgentPaths.Log), Is.True, "no agent log to look at");
        foreach (var file in files)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue;
            }
            Assert.That(content.AsSpan().IndexOf(pin), Is.EqualTo(-1), $"the PIN is in {file}");
        }
    }
}
