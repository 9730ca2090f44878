using System.Runtime.InteropServices;
using System.Text;
using Net.Pkcs11Interop.HighLevelAPI;
using Pkcs11Phone.Interop;
using HL = Net.Pkcs11Interop.Common;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>The v3.0 interface through C_GetInterface: C_LoginUser and C_SessionCancel on a real token.</summary>
[TestFixture, NonParallelizable]
public sealed unsafe class V3Tests
{
    [Test]
    public void LoginUserAndSessionCancelThroughTheV3Interface()
    {
        using var phone = new PhoneHarness("--label", "V3 tests");
        phone.ApplyToProcess();
        var f = new Pkcs11InteropFactories();
        // The token gets its PINs through the v2.40 functions (Pkcs11Interop), then the v3.0 table is used.
        using (var lib = f.Pkcs11LibraryFactory.LoadPkcs11Library(f, Repo.Module, HL.AppType.MultiThreaded))
        {
            List<ISlot> slots = [];
            PhoneHarness.WaitFor(() => (slots = lib.GetSlotList(HL.SlotsType.WithTokenPresent)).Count > 0, TimeSpan.FromSeconds(10), "no token");
            slots[0].InitToken("v3-so-pin", "V3 tests");
            using var so = slots[0].OpenSession(HL.SessionType.ReadWrite);
            so.Login(HL.CKU.CKU_SO, "v3-so-pin");
            so.InitPin("v3-user-pin");
            so.Logout();
        }
        var module = NativeLibrary.Load(Repo.Module);
        var getInterface = (delegate* unmanaged<byte*, CK_VERSION*, CK_INTERFACE**, nuint, nuint>)NativeLibrary.GetExport(module, "C_GetInterface");
        CK_INTERFACE* iface = null;
        var v3 = new CK_VERSION(3, 0);
        Assert.That(getInterface(null, &v3, &iface, 0), Is.EqualTo(CKR.OK));
        var list = (CK_FUNCTION_LIST_3_0*)iface->pFunctionList;
        Assert.That(list->version.major, Is.EqualTo(3));

        Assert.That(list->C_Initialize(null), Is.EqualTo(CKR.OK));
        try
        {
            nuint session;
            Assert.That(list->C_OpenSession(0, CKF.SERIAL_SESSION | CKF.RW_SESSION, null, null, &session), Is.EqualTo(CKR.OK));
            var pin = Encoding.UTF8.GetBytes("v3-user-pin");
            var name = "someone"u8.ToArray();
            fixed (byte* p = pin)
            fixed (byte* n = name)
            {
                // Tokens here have no user names: a name is refused; without one it is C_Login.
                Assert.That(list->C_LoginUser(session, CKU.USER, p, (nuint)pin.Length, n, (nuint)name.Length), Is.EqualTo(CKR.ARGUMENTS_BAD));
                Assert.That(list->C_LoginUser(session, CKU.USER, p, (nuint)pin.Length, null, 0), Is.EqualTo(CKR.OK));
            }
            CK_SESSION_INFO info;
            Assert.That(list->C_GetSessionInfo(session, &info), Is.EqualTo(CKR.OK));
            Assert.That(info.state, Is.EqualTo(CKS.RW_USER_FUNCTIONS));

            // C_SessionCancel ends an active search; the message functions are not offered.
            Assert.That(list->C_FindObjectsInit(session, null, 0), Is.EqualTo(CKR.OK));
            Assert.That(list->C_FindObjectsInit(session, null, 0), Is.EqualTo(CKR.OPERATION_ACTIVE));
            Assert.That(list->C_SessionCancel(session, CKF.FIND_OBJECTS), Is.EqualTo(CKR.OK));
            Assert.That(list->C_FindObjectsInit(session, null, 0), Is.EqualTo(CKR.OK));
            Assert.That(list->C_FindObjectsFinal(session), Is.EqualTo(CKR.OK));
            Assert.That(list->C_MessageSignInit(session, null, 0), Is.EqualTo(CKR.FUNCTION_NOT_SUPPORTED));
            Assert.That(list->C_Logout(session), Is.EqualTo(CKR.OK));
            Assert.That(list->C_CloseSession(session), Is.EqualTo(CKR.OK));
        }
        finally
        {
            Assert.That(list->C_Finalize(null), Is.EqualTo(CKR.OK));
        }
    }
}
