using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// A phone started with the given device arguments, the published module loaded in this process (and
/// pointed at that phone), and the phone's token initialised: SO PIN set by C_InitToken, user PIN by
/// C_InitPIN, nobody logged in.
/// </summary>
public sealed class ReadyToken : IDisposable
{
    public PhoneHarness Harness { get; }
    public Pkcs11InteropFactories F { get; } = new();
    public IPkcs11Library Library { get; }
    public ISlot Slot { get; }

    public ReadyToken(string label, string soPin, string userPin, params string[] deviceArgs)
    {
        Harness = new PhoneHarness(["--label", label, .. deviceArgs]);
        try
        {
            Harness.ApplyToProcess();
            Library = F.Pkcs11LibraryFactory.LoadPkcs11Library(F, Repo.Module, AppType.MultiThreaded);
            List<ISlot> slots = [];
            PhoneHarness.WaitFor(() => (slots = Library.GetSlotList(SlotsType.WithTokenPresent)).Count > 0, TimeSpan.FromSeconds(10), "no token");
            Slot = slots[0];
            Slot.InitToken(soPin, label);
            using var so = Slot.OpenSession(SessionType.ReadWrite);
            so.Login(CKU.CKU_SO, soPin);
            so.InitPin(userPin);
            so.Logout();
        }
        catch
        {
            Library?.Dispose();
            Harness.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Library.Dispose();
        Harness.Dispose();
    }
}
