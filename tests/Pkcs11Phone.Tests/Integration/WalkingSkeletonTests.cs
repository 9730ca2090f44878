using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// The whole path of a call, for real: Pkcs11Interop loads the published libpkcs11phone.so, which starts
/// the agent, which talks AT+ commands over a pty pair to `p11phone device`.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class WalkingSkeletonTests
{
    private const string Label = "Integration phone";
    private const string Serial = "IT00000000000042";
    private PhoneHarness _phone = null!;
    private Pkcs11InteropFactories _factories = null!;

    [OneTimeSetUp]
    public void StartPhone()
    {
        _phone = new PhoneHarness("--label", Label, "--token-serial", Serial, "--protected-auth-path", "true");
        _phone.ApplyToProcess();
        _factories = new Pkcs11InteropFactories();
    }

    [OneTimeTearDown]
    public void StopPhone() => _phone.Dispose();

    private IPkcs11Library Load() => _factories.Pkcs11LibraryFactory.LoadPkcs11Library(_factories, Repo.Module, AppType.MultiThreaded);

    private static List<ISlot> WaitForToken(IPkcs11Library lib, TimeSpan timeout)
    {
        List<ISlot> slots = [];
        PhoneHarness.WaitFor(() => (slots = lib.GetSlotList(SlotsType.WithTokenPresent)).Count > 0, timeout, "the phone's token did not appear");
        return slots;
    }

    [Test, Order(1)]
    public void TokenLabelSerialAndFlagsComeFromThePhone()
    {
        using var lib = Load();
        var info = lib.GetInfo();
        Assert.That(info.ManufacturerId, Is.EqualTo("Pkcs11Phone"));
        Assert.That(info.CryptokiVersion, Is.EqualTo("2.40"));

        var slots = WaitForToken(lib, TimeSpan.FromSeconds(10));
        Assert.That(slots, Has.Count.EqualTo(1));
        var slotInfo = slots[0].GetSlotInfo();
        Assert.Multiple(() =>
        {
            Assert.That(slotInfo.SlotFlags.TokenPresent, Is.True);
            Assert.That(slotInfo.SlotFlags.RemovableDevice, Is.True);
            Assert.That(slotInfo.SlotFlags.HardwareSlot, Is.True);
            Assert.That(slotInfo.ManufacturerId, Is.EqualTo("Pkcs11Phone"));
        });

        var token = slots[0].GetTokenInfo();
        Assert.Multiple(() =>
        {
            Assert.That(token.Label, Is.EqualTo(Label));
            Assert.That(token.SerialNumber, Is.EqualTo(Serial));
            Assert.That(token.ManufacturerId, Is.EqualTo("Pkcs11Phone"));
            Assert.That(token.TokenFlags.ProtectedAuthenticationPath, Is.True);
            Assert.That(token.TokenFlags.LoginRequired, Is.True);
            Assert.That(token.TokenFlags.Rng, Is.True);
            // A fresh phone token waits for C_InitToken and C_InitPIN.
            Assert.That(token.TokenFlags.TokenInitialized, Is.False);
            Assert.That(token.TokenFlags.UserPinInitialized, Is.False);
            Assert.That(token.MaxPinLen, Is.EqualTo(64));
            Assert.That(token.MinPinLen, Is.EqualTo(4));
        });
    }

    [Test, Order(2)]
    public void MechanismsComeFromThePhone()
    {
        using var lib = Load();
        var slot = WaitForToken(lib, TimeSpan.FromSeconds(10))[0];
        var mechanisms = slot.GetMechanismList();
        Assert.That(mechanisms, Does.Contain(CKM.CKM_ECDSA).And.Contain(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN).And.Contain((CKM)0x1055));
        var ecdsa = slot.GetMechanismInfo(CKM.CKM_ECDSA);
        Assert.Multiple(() =>
        {
            Assert.That(ecdsa.MinKeySize, Is.EqualTo(256));
            Assert.That(ecdsa.MaxKeySize, Is.EqualTo(521));
            Assert.That(ecdsa.MechanismFlags.Sign, Is.True);
            Assert.That(ecdsa.MechanismFlags.Decrypt, Is.False);
        });
        var ex = Assert.Throws<Pkcs11Exception>(() => slot.GetMechanismInfo(CKM.CKM_DES_CBC));
        Assert.That(ex!.RV, Is.EqualTo(CKR.CKR_MECHANISM_INVALID));
    }

    [Test, Order(3)]
    public void UnknownSlotAndUnimplementedFunctionsGiveTheirCodes()
    {
        using var low = new Net.Pkcs11Interop.LowLevelAPI80.Pkcs11Library(Repo.Module);
        Assert.That(low.C_Initialize(null), Is.EqualTo(CKR.CKR_OK));
        try
        {
            // Operation state cannot be saved: the phone's part of an operation is not exportable.
            ulong session = 0;
            Assert.That(low.C_OpenSession(0, (ulong)(CKF.CKF_SERIAL_SESSION), IntPtr.Zero, IntPtr.Zero, ref session), Is.EqualTo(CKR.CKR_OK));
            ulong stateLength = 0;
            Assert.That(low.C_GetOperationState(session, null, ref stateLength), Is.EqualTo(CKR.CKR_FUNCTION_NOT_SUPPORTED));
            Assert.That(low.C_GetFunctionStatus(session), Is.EqualTo(CKR.CKR_FUNCTION_NOT_PARALLEL));
            Assert.That(low.C_CloseSession(session), Is.EqualTo(CKR.CKR_OK));

            Assert.That(low.C_Initialize(null), Is.EqualTo(CKR.CKR_CRYPTOKI_ALREADY_INITIALIZED));
            var info = new Net.Pkcs11Interop.LowLevelAPI80.CK_TOKEN_INFO();
            Assert.That(low.C_GetTokenInfo(9999, ref info), Is.EqualTo(CKR.CKR_SLOT_ID_INVALID));
            ulong count = 0;
            Assert.That(low.C_GetSlotList(true, null, ref count), Is.EqualTo(CKR.CKR_OK));
            Assert.That(count, Is.EqualTo(1));
            var tooSmall = new ulong[0];
            count = 0;
            Assert.That(low.C_GetSlotList(true, tooSmall, ref count), Is.EqualTo(CKR.CKR_BUFFER_TOO_SMALL));
            Assert.That(count, Is.EqualTo(1));
        }
        finally
        {
            Assert.That(low.C_Finalize(IntPtr.Zero), Is.EqualTo(CKR.CKR_OK));
        }
        var afterFinalize = new Net.Pkcs11Interop.LowLevelAPI80.CK_TOKEN_INFO();
        Assert.That(low.C_GetTokenInfo(0, ref afterFinalize), Is.EqualTo(CKR.CKR_CRYPTOKI_NOT_INITIALIZED));
    }

    [Test, Order(4)]
    public void TwoProcessesSeeTheTokenAtTheSameTime()
    {
        using var lib = Load();
        var slot = WaitForToken(lib, TimeSpan.FromSeconds(10))[0];
        // pkcs11-tool shows the label and serial of initialized tokens only.
        if (!slot.GetTokenInfo().TokenFlags.TokenInitialized) slot.InitToken("so-pin-1234", Label);
        var env = _phone.Environment;
        var runs = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => PhoneHarness.Run("pkcs11-tool", ["--module", Repo.Module, "-L"], env, TimeSpan.FromSeconds(30))))
            .ToArray();
        Task.WaitAll(runs);
        foreach (var run in runs)
        {
            Assert.That(run.Result.Code, Is.EqualTo(0), run.Result.Output);
            Assert.That(run.Result.Output, Does.Contain(Label).And.Contain(Serial));
        }
        // And this process still sees it, through the same agent.
        Assert.That(lib.GetSlotList(SlotsType.WithTokenPresent)[0].GetTokenInfo().Label, Is.EqualTo(Label));
    }

    [Test, Order(5)]
    public void KillingThePhoneRemovesTheTokenAndRestartingBringsItBack()
    {
        using var lib = Load();
        var slot = WaitForToken(lib, TimeSpan.FromSeconds(10))[0];
        ulong slotId = slot.SlotId;
        var session = slot.OpenSession(SessionType.ReadOnly);

        // C_WaitForSlotEvent: nothing has happened yet; then a blocking wait sees the phone go.
        lib.WaitForSlotEvent(WaitType.NonBlocking, out bool early, out _);
        Assert.That(early, Is.False, "no event before anything happened");
        var removal = Task.Run(() =>
        {
            lib.WaitForSlotEvent(WaitType.Blocking, out bool happened, out ulong where);
            return (happened, where);
        });

        _phone.KillDevice();
        var sw = Stopwatch.StartNew();
        PhoneHarness.WaitFor(() => lib.GetSlotList(SlotsType.WithTokenPresent).Count == 0, TimeSpan.FromSeconds(2), "the token stayed present after the phone was killed");
        TestContext.Out.WriteLine($"token absent {sw.ElapsedMilliseconds} ms after the kill");
        Assert.That(removal.Wait(TimeSpan.FromSeconds(5)), Is.True, "the blocking C_WaitForSlotEvent did not return");
        Assert.That(removal.Result, Is.EqualTo((true, slotId)));

        // The slot stays, without a token; asking for the token answers at once.
        var all = lib.GetSlotList(SlotsType.WithOrWithoutTokenPresent);
        Assert.That(all.Select(s => s.SlotId), Does.Contain(slotId));
        var absent = all.First(s => s.SlotId == slotId);
        Assert.That(absent.GetSlotInfo().SlotFlags.TokenPresent, Is.False);
        var call = Stopwatch.StartNew();
        var ex = Assert.Throws<Pkcs11Exception>(() => absent.GetTokenInfo());
        Assert.That(ex!.RV, Is.EqualTo(CKR.CKR_TOKEN_NOT_PRESENT));
        Assert.That(call.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "a call with the phone away must not wait for it");

        _phone.StartDevice();
        var back = WaitForToken(lib, TimeSpan.FromSeconds(10));
        lib.WaitForSlotEvent(WaitType.NonBlocking, out bool inserted, out ulong insertedSlot);
        Assert.That((inserted, insertedSlot), Is.EqualTo((true, slotId)), "the phone's return is an event too");
        Assert.That(back[0].SlotId, Is.EqualTo(slotId));
        Assert.That(back[0].GetTokenInfo().Label, Is.EqualTo(Label));

        // The phone's absence closed the session opened before it, as removing a token does.
        var stale = Assert.Throws<Pkcs11Exception>(() => session.FindAllObjects([]));
        Assert.That(stale!.RV, Is.EqualTo(CKR.CKR_SESSION_HANDLE_INVALID));
        using var fresh = back[0].OpenSession(SessionType.ReadOnly);
        Assert.That(fresh.FindAllObjects([]), Is.Not.Null);
    }
}
