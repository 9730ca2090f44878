using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// The phone is killed (SIGKILL) while it writes its store, again and again: every object whose creation it
/// had acknowledged must be there after the restart, and the store must always load.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class CrashTests
{
    [Test]
    public void KillingThePhoneDuringWritesLosesNoAcknowledgedObject()
    {
        const int Rounds = 5;
        using var phone = new PhoneHarness("--label", "Crash tests");
        phone.ApplyToProcess();
        var f = new Pkcs11InteropFactories();
        var acknowledged = new List<string>();
        var random = new Random(4711);
        int counter = 0;
        for (int round = 0; round < Rounds; round++)
        {
            using (var lib = f.Pkcs11LibraryFactory.LoadPkcs11Library(f, Repo.Module, AppType.MultiThreaded))
            {
                List<ISlot> slots = [];
                PhoneHarness.WaitFor(() => (slots = lib.GetSlotList(SlotsType.WithTokenPresent)).Count > 0, TimeSpan.FromSeconds(15), $"round {round}: the phone did not come back");
                // Not disposed: the phone's death closes it (CKR_SESSION_HANDLE_INVALID on close), and C_Finalize ends it anyway.
                var session = slots[0].OpenSession(SessionType.ReadWrite);
                var roundStart = System.Diagnostics.Stopwatch.StartNew();

                // Everything acknowledged so far is there.
                var labels = session.FindAllObjects([f.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_DATA)])
                    .Select(h => session.GetAttributeValue(h, [CKA.CKA_LABEL])[0].GetValueAsString())
                    .ToHashSet();
                Assert.That(acknowledged.Where(a => !labels.Contains(a)), Is.Empty, $"round {round}: acknowledged objects lost");

                // Write until the phone dies under us, at a random moment.
                using var killer = Task.Run(async () =>
                {
                    await Task.Delay(random.Next(50, 400));
                    phone.KillDevice();
                });
                while (!killer.IsCompleted)
                {
                    var label = $"object {counter++}";
                    try
                    {
                        session.CreateObject([
                            f.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_DATA),
                            f.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
                            f.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
                            f.ObjectAttributeFactory.Create(CKA.CKA_VALUE, new byte[512]),
                        ]);
                        acknowledged.Add(label);
                    }
                    catch (Pkcs11Exception)
                    {
                        // The phone went away mid-command: this one was not acknowledged.
                    }
                }
                killer.Wait();
                TestContext.Out.WriteLine($"round {round}: {roundStart.ElapsedMilliseconds} ms");
            }
            phone.StartDevice();
        }
        TestContext.Out.WriteLine($"{Rounds} kills, {acknowledged.Count} objects acknowledged, all present after every restart");
        Assert.That(acknowledged, Has.Count.GreaterThan(Rounds), "the loop must have written objects");
    }
}
