using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>Login, logout, PINs, counters and lockout, token initialization.</summary>
public abstract partial class PhoneTokenContract
{
    private const ulong UserCounterFlags = CKF.USER_PIN_COUNT_LOW | CKF.USER_PIN_FINAL_TRY | CKF.USER_PIN_LOCKED;
    private const ulong SoCounterFlags = CKF.SO_PIN_COUNT_LOW | CKF.SO_PIN_FINAL_TRY | CKF.SO_PIN_LOCKED;

    private static byte[] WrongPin => Utf8("wrong-pin-0");

    [Test]
    public void AnInitializedTokenSaysSo()
    {
        var info = Token.Info;
        Assert.Multiple(() =>
        {
            Assert.That(info.Flags & CKF.TOKEN_INITIALIZED, Is.Not.Zero, "CKF_TOKEN_INITIALIZED");
            Assert.That(info.Flags & CKF.USER_PIN_INITIALIZED, Is.Not.Zero, "CKF_USER_PIN_INITIALIZED");
            Assert.That(info.Flags & CKF.LOGIN_REQUIRED, Is.Not.Zero, "CKF_LOGIN_REQUIRED");
            Assert.That(info.Flags & (UserCounterFlags | SoCounterFlags), Is.Zero, "no PIN counter flags");
            Assert.That(info.MinPinLength, Is.LessThanOrEqualTo((ulong)UserPin.Length));
            Assert.That(info.MaxPinLength, Is.GreaterThanOrEqualTo((ulong)SoPin.Length));
            Assert.That(Token.LoggedInAs(App), Is.Null);
            Assert.That(Token.Objects, Is.Empty);
        });
    }

    [Test]
    public void UserLogsInAndOut()
    {
        LoginUser(Token);
        Assert.That(Token.LoggedInAs(App), Is.EqualTo((ulong)CKU.USER));
        Assert.That(Token.LoggedInAs(Other), Is.Null, "login is per client");
        Expect(Token.Logout(App), CKR.OK);
        Assert.That(Token.LoggedInAs(App), Is.Null);
        Expect(Token.Logout(App), CKR.USER_NOT_LOGGED_IN);
    }

    [Test]
    public void LoggingInTwiceIsRefused()
    {
        LoginUser(Token);
        Expect(Token.Login(App, CKU.USER, Utf8(UserPin)), CKR.USER_ALREADY_LOGGED_IN);
        Expect(Token.Login(App, CKU.SO, Utf8(SoPin)), CKR.USER_ANOTHER_ALREADY_LOGGED_IN);
        Assert.That(Token.LoggedInAs(App), Is.EqualTo((ulong)CKU.USER));
    }

    [Test]
    public void TheSoAndTheUserAreNeverLoggedInTogether()
    {
        LoginUser(Token, App);
        Expect(Token.Login(Other, CKU.SO, Utf8(SoPin)), CKR.USER_ANOTHER_ALREADY_LOGGED_IN);
        Expect(Token.Logout(App), CKR.OK);
        LoginSo(Token, Other);
        Assert.That(Token.LoggedInAs(Other), Is.EqualTo((ulong)CKU.SO));
        Expect(Token.Login(App, CKU.USER, Utf8(UserPin)), CKR.USER_ANOTHER_ALREADY_LOGGED_IN);
    }

    [Test]
    public void SeveralClientsCanBeTheUser()
    {
        LoginUser(Token, App);
        LoginUser(Token, Other);
        Expect(Token.Logout(App), CKR.OK);
        Assert.That(Token.LoggedInAs(Other), Is.EqualTo((ulong)CKU.USER), "the other client stays logged in");
    }

    [TestCase(3UL)]
    [TestCase(0xFFFFFFFFUL)]
    public void UnknownUserTypesAreInvalid(ulong userType) =>
        Expect(Token.Login(App, userType, Utf8(UserPin)), CKR.USER_TYPE_INVALID);

    [Test]
    public void AnEmptyPinIsIncorrect()
    {
        Expect(Token.Login(App, CKU.USER, []), CKR.PIN_INCORRECT);
        Assert.That(Token.LoggedInAs(App), Is.Null);
    }

    [Test]
    public void WrongUserPinsCountDownToALock()
    {
        ulong g0 = Token.Generation;
        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.EqualTo((ulong)CKF.USER_PIN_COUNT_LOW), "after one failure");
        ulong g1 = Token.Generation;
        Assert.That(g1, Is.Not.EqualTo(g0), "the PIN state changed");

        if (!LocksPins)
        {
            // No retry limit: the count stays "low" however many PINs are wrong, and the right one still works.
            for (int i = 0; i < 4; i++)
            {
                Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
                Assert.That(Token.Info.Flags & UserCounterFlags, Is.EqualTo((ulong)CKF.USER_PIN_COUNT_LOW), $"after {i + 2} failures");
            }
            Assert.That(Token.LoggedInAs(App), Is.Null);
            Assert.That(Token.Info.Flags & SoCounterFlags, Is.Zero, "the SO PIN is not affected");
            LoginUser(Token);
            Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero, "the right PIN clears the count");
            return;
        }

        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        Assert.That(Token.Info.Flags & CKF.USER_PIN_FINAL_TRY, Is.Not.Zero, "one try left");
        Assert.That(Token.Info.Flags & CKF.USER_PIN_LOCKED, Is.Zero);
        Assert.That(Token.Generation, Is.Not.EqualTo(g1));

        ExpectOneOf(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT, CKR.PIN_LOCKED);
        Assert.That(Token.Info.Flags & CKF.USER_PIN_LOCKED, Is.Not.Zero, "locked");
        Expect(Token.Login(App, CKU.USER, Utf8(UserPin)), CKR.PIN_LOCKED, "even the right PIN");
        Assert.That(Token.LoggedInAs(App), Is.Null);
        Assert.That(Token.Info.Flags & SoCounterFlags, Is.Zero, "the SO PIN is not affected");
        LoginSo(Token);
    }

    [Test]
    public void TheRightPinResetsTheCounter()
    {
        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        ulong before = Token.Generation;
        LoginUser(Token);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero);
        Assert.That(Token.Generation, Is.Not.EqualTo(before), "the PIN state changed");
        Expect(Token.Logout(App), CKR.OK);
        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        LoginUser(Token);
    }

    [Test]
    public void WrongSoPinsCountDownToALock()
    {
        Expect(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT);
        Assert.That(Token.Info.Flags & SoCounterFlags, Is.EqualTo((ulong)CKF.SO_PIN_COUNT_LOW));
        if (!LocksPins)
        {
            for (int i = 0; i < 4; i++)
            {
                Expect(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT);
                Assert.That(Token.Info.Flags & SoCounterFlags, Is.EqualTo((ulong)CKF.SO_PIN_COUNT_LOW), $"after {i + 2} failures");
            }
            Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero, "the user PIN is not affected");
            LoginSo(Token);
            Assert.That(Token.Info.Flags & SoCounterFlags, Is.Zero, "the right PIN clears the count");
            Expect(Token.Logout(App), CKR.OK);
            LoginUser(Token);
            return;
        }
        Expect(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT);
        Assert.That(Token.Info.Flags & CKF.SO_PIN_FINAL_TRY, Is.Not.Zero);
        ExpectOneOf(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT, CKR.PIN_LOCKED);
        Assert.That(Token.Info.Flags & CKF.SO_PIN_LOCKED, Is.Not.Zero);
        Expect(Token.Login(App, CKU.SO, Utf8(SoPin)), CKR.PIN_LOCKED);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero, "the user PIN is not affected");
        LoginUser(Token);
    }

    [Test]
    public void TheSoUnlocksTheUserAndTheKeysSurvive()
    {
        LoginUser(Token);
        var (pub, priv) = Generate(Token, KeySpec.P256);
        var privObject = Obj(Token, priv);
        Expect(Token.Logout(App), CKR.OK);
        for (int i = 0; i < 3; i++) ExpectOneOf(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT, CKR.PIN_LOCKED);
        if (LocksPins)
            Assert.That(Token.Info.Flags & CKF.USER_PIN_LOCKED, Is.Not.Zero);
        else
            Assert.That(Token.Info.Flags & UserCounterFlags, Is.EqualTo((ulong)CKF.USER_PIN_COUNT_LOW), "counted, not locked");

        LoginSo(Token);
        ulong before = Token.Generation;
        Expect(Token.InitPin(App, Utf8("new-user-pin")), CKR.OK);
        Assert.That(Token.Generation, Is.Not.EqualTo(before));
        Expect(Token.Logout(App), CKR.OK);
        // Without a lock to lift, a token may keep CKF_USER_PIN_COUNT_LOW until the user's next right PIN (PKCS#11: a
        // wrong PIN "since the last successful authentication"); it is checked after that login below.
        if (LocksPins) Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero, "the lock is gone");
        else Assert.That(Token.Info.Flags & (CKF.USER_PIN_FINAL_TRY | CKF.USER_PIN_LOCKED), Is.Zero);
        Assert.That(Token.Info.Flags & CKF.USER_PIN_INITIALIZED, Is.Not.Zero);

        Expect(Token.Login(App, CKU.USER, Utf8(UserPin)), CKR.PIN_INCORRECT, "the old PIN is gone");
        Expect(Token.Login(App, CKU.USER, Utf8("new-user-pin")), CKR.OK);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero, "the new PIN clears the count");
        if (!HandlesSurviveRestart)
        {
            // The SO's login logged the token's application out, which invalidates handles of private objects (PKCS#11
            // v2.40, C_Logout): the key is found again by its attributes.
            var found = Token.Objects.Where(o => SameAttributes(o, privObject)).ToList();
            Assert.That(found, Has.Count.EqualTo(1), "the private key survived");
            priv = found[0].Handle;
        }
        SignAndVerify(Token, App, KeySpec.P256, pub, priv, P11Mechanism.Plain(CKM.ECDSA), new byte[32]);
    }

    [Test]
    public void OnlyTheSoInitializesTheUserPin()
    {
        Expect(Token.InitPin(App, Utf8("another-pin")), CKR.USER_NOT_LOGGED_IN);
        LoginUser(Token);
        Expect(Token.InitPin(App, Utf8("another-pin")), CKR.USER_NOT_LOGGED_IN);
        Expect(Token.Logout(App), CKR.OK);
        LoginSo(Token);
        Expect(Token.InitPin(App, Utf8("12")), CKR.PIN_LEN_RANGE);
        Expect(Token.InitPin(App, Utf8(new string('7', (int)Token.Info.MaxPinLength + 1))), CKR.PIN_LEN_RANGE, "one longer than the token's maximum");
        Expect(Token.InitPin(Other, Utf8("another-pin")), CKR.USER_NOT_LOGGED_IN, "the SO of another client");
        Expect(Token.Logout(App), CKR.OK);
        LoginUser(Token);
    }

    [Test]
    public void SetPinChangesTheUserPinLoggedInOrNot()
    {
        ulong before = Token.Generation;
        Expect(Token.SetPin(App, Utf8(UserPin), Utf8("second-pin")), CKR.OK, "in a public session: the user PIN");
        Assert.That(Token.Generation, Is.Not.EqualTo(before));
        Expect(Token.Login(App, CKU.USER, Utf8(UserPin)), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.USER, Utf8("second-pin")), CKR.OK);
        Expect(Token.SetPin(App, Utf8("second-pin"), Utf8("third-pin")), CKR.OK, "logged in as the user");
        Expect(Token.Logout(App), CKR.OK);
        Expect(Token.Login(App, CKU.USER, Utf8("third-pin")), CKR.OK);
        Expect(Token.Logout(App), CKR.OK);
        LoginSo(Token);
    }

    [Test]
    public void SetPinAsTheSoChangesTheSoPin()
    {
        LoginSo(Token);
        Expect(Token.SetPin(App, Utf8(SoPin), Utf8("new-so-pin")), CKR.OK);
        Expect(Token.Logout(App), CKR.OK);
        Expect(Token.Login(App, CKU.SO, Utf8(SoPin)), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.SO, Utf8("new-so-pin")), CKR.OK);
        Expect(Token.Logout(App), CKR.OK);
        LoginUser(Token);
    }

    [Test]
    public void SetPinChecksBothPins()
    {
        Expect(Token.SetPin(App, WrongPin, Utf8("second-pin")), CKR.PIN_INCORRECT);
        Assert.That(Token.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Not.Zero, "a wrong old PIN counts");
        Expect(Token.SetPin(App, Utf8(UserPin), Utf8("12")), CKR.PIN_LEN_RANGE);
        Expect(Token.SetPin(App, Utf8(UserPin), Utf8(new string('x', (int)Token.Info.MaxPinLength + 1))), CKR.PIN_LEN_RANGE,
            "one longer than the token's maximum");
        LoginUser(Token);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero);
    }

    [Test]
    public void InitTokenNeedsTheSoPinAndStartsOver()
    {
        LoginUser(Token);
        Generate(Token, KeySpec.P256);
        CreateData(Token, App, "data").Ok();
        Expect(Token.Logout(App), CKR.OK);
        Assert.That(Token.Objects, Has.Count.EqualTo(3));

        Expect(Token.InitToken(WrongPin, "Renamed"), CKR.PIN_INCORRECT);
        Assert.That(Token.Info.Flags & CKF.SO_PIN_COUNT_LOW, Is.Not.Zero, "a wrong SO PIN counts");
        // C_InitToken needs every session of a PKCS#11 token closed, which logs its application out: private objects
        // are listed again after the next user login. Counted then, the attempt destroyed nothing.
        LoginUser(Token);
        Assert.That(Token.Objects, Has.Count.EqualTo(3), "nothing destroyed");
        Expect(Token.Logout(App), CKR.OK);

        ulong before = Token.Generation;
        Expect(Token.InitToken(Utf8(SoPin), "Renamed"), CKR.OK);
        var info = Token.Info;
        Assert.Multiple(() =>
        {
            Assert.That(Token.Objects, Is.Empty, "every object destroyed");
            Assert.That(info.Label, Is.EqualTo("Renamed"));
            Assert.That(info.Flags & CKF.TOKEN_INITIALIZED, Is.Not.Zero);
            Assert.That(info.Flags & CKF.USER_PIN_INITIALIZED, Is.Zero, "the user PIN is reset");
            Assert.That(info.Flags & SoCounterFlags, Is.Zero);
            Assert.That(Token.Generation, Is.Not.EqualTo(before));
        });
        Expect(Token.Login(App, CKU.USER, Utf8(UserPin)), CKR.USER_PIN_NOT_INITIALIZED);
        LoginSo(Token);
        Expect(Token.InitPin(App, Utf8(UserPin)), CKR.OK);
        Expect(Token.Logout(App), CKR.OK);
        LoginUser(Token);
    }

    [Test]
    public void ContextSpecificLoginAllowsOneUseOfAnAlwaysAuthenticateKey()
    {
        Expect(Token.Login(App, CKU.CONTEXT_SPECIFIC, Utf8(UserPin)), CKR.USER_NOT_LOGGED_IN, "needs a user login first");
        LoginUser(Token);
        var (pub, priv) = Generate(Token, KeySpec.P256, priv: [B(CKA.ALWAYS_AUTHENTICATE, true)]);
        Assert.That(Obj(Token, priv).Bool(CKA.ALWAYS_AUTHENTICATE), Is.True);
        var ecdsa = P11Mechanism.Plain(CKM.ECDSA);
        var hash = new byte[32];

        Expect(Token.Sign(App, priv, ecdsa, hash).Rv, CKR.USER_NOT_LOGGED_IN, "without the context-specific login");
        Expect(Token.Login(App, CKU.CONTEXT_SPECIFIC, WrongPin), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.CONTEXT_SPECIFIC, Utf8(UserPin)), CKR.OK);
        Assert.That(Token.LoggedInAs(App), Is.EqualTo((ulong)CKU.USER), "still the user");
        SignAndVerify(Token, App, KeySpec.P256, pub, priv, ecdsa, hash);
        Expect(Token.Sign(App, priv, ecdsa, hash).Rv, CKR.USER_NOT_LOGGED_IN, "good for one operation");

        var (pub2, priv2) = Generate(Token, KeySpec.P256);
        SignAndVerify(Token, App, KeySpec.P256, pub2, priv2, ecdsa, hash);
        SignAndVerify(Token, App, KeySpec.P256, pub2, priv2, ecdsa, hash);
    }

    [Test]
    public void PinCountersAndLocksSurviveARestart()
    {
        Expect(Token.Login(App, CKU.USER, WrongPin), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT);
        Expect(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT);
        Token = Reopen(Token);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.EqualTo((ulong)CKF.USER_PIN_COUNT_LOW));
        if (!LocksPins)
        {
            Assert.That(Token.Info.Flags & SoCounterFlags, Is.EqualTo((ulong)CKF.SO_PIN_COUNT_LOW), "the SO count survives");
            Assert.That(Token.LoggedInAs(App), Is.Null, "a restart logs everyone out");
            Expect(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT);
            Token = Reopen(Token);
            Assert.That(Token.Info.Flags & SoCounterFlags, Is.EqualTo((ulong)CKF.SO_PIN_COUNT_LOW), "counted, never locked");
            LoginSo(Token);
            Assert.That(Token.Info.Flags & SoCounterFlags, Is.Zero);
            Expect(Token.Logout(App), CKR.OK);
            LoginUser(Token);
            Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero);
            return;
        }
        Assert.That(Token.Info.Flags & CKF.SO_PIN_FINAL_TRY, Is.Not.Zero);
        Assert.That(Token.LoggedInAs(App), Is.Null, "a restart logs everyone out");
        ExpectOneOf(Token.Login(App, CKU.SO, WrongPin), CKR.PIN_INCORRECT, CKR.PIN_LOCKED);
        Token = Reopen(Token);
        Assert.That(Token.Info.Flags & CKF.SO_PIN_LOCKED, Is.Not.Zero);
        Expect(Token.Login(App, CKU.SO, Utf8(SoPin)), CKR.PIN_LOCKED);
        LoginUser(Token);
        Assert.That(Token.Info.Flags & UserCounterFlags, Is.Zero);
    }

    [Test]
    public void EndClientLogsTheClientOut()
    {
        LoginUser(Token, App);
        LoginUser(Token, Other);
        Token.EndClient(App);
        Assert.That(Token.LoggedInAs(App), Is.Null);
        Assert.That(Token.LoggedInAs(Other), Is.EqualTo((ulong)CKU.USER));
        Token.EndClient("never-seen");
    }
}
