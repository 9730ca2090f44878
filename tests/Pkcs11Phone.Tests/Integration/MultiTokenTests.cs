using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// A phone with two crypto modules: its software keystore and a PKCS#11 token (SoftHSMv2 standing in for
/// the SIM). The computer sees two slots, and each token signs with its own keys and its own PIN.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class MultiTokenTests
{
    private const string SoftHsmLibrary = "/usr/lib/softhsm/libsofthsm2.so";
    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    [Test]
    public void TwoModulesOfOnePhoneAreTwoSlots()
    {
        Assert.That(File.Exists(SoftHsmLibrary), Is.True, $"{SoftHsmLibrary} is missing: run build/deps.sh (softhsm2)");
        var sim = Directory.CreateTempSubdirectory("p11phone-sim-").FullName;
        var previous = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        try
        {
            Directory.CreateDirectory(Path.Combine(sim, "tokens"));
            File.WriteAllText(Path.Combine(sim, "softhsm2.conf"), $"directories.tokendir = {sim}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n");
            // Children of this process (the phone) see the managed environment.
            Environment.SetEnvironmentVariable("SOFTHSM2_CONF", Path.Combine(sim, "softhsm2.conf"));
            var env = new Dictionary<string, string?> { ["SOFTHSM2_CONF"] = Path.Combine(sim, "softhsm2.conf") };
            var (code, output) = PhoneHarness.Run("softhsm2-util", ["--init-token", "--free", "--label", "SIM", "--so-pin", "sim-so-1234", "--pin", "sim-user-1234"],
                env, TimeSpan.FromSeconds(30));
            Assert.That(code, Is.EqualTo(0), output);

            using var phone = new PhoneHarness("--label", "Keystore", "--pkcs11-module", SoftHsmLibrary, "--pkcs11-token", "SIM");
            phone.ApplyToProcess();
            var f = new Pkcs11InteropFactories();
            using var lib = f.Pkcs11LibraryFactory.LoadPkcs11Library(f, Repo.Module, AppType.MultiThreaded);
            List<ISlot> slots = [];
            PhoneHarness.WaitFor(() => (slots = lib.GetSlotList(SlotsType.WithTokenPresent)).Count == 2, TimeSpan.FromSeconds(15), "two tokens did not appear");
            var labels = slots.Select(s => s.GetTokenInfo().Label).ToList();
            Assert.That(labels, Is.EqualTo(new[] { "Keystore", "SIM" }));

            var simSlot = slots[1];
            using var session = simSlot.OpenSession(SessionType.ReadWrite);
            var wrong = Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "sim-wrong"));
            Assert.That(wrong!.RV, Is.EqualTo(CKR.CKR_PIN_INCORRECT));
            session.Login(CKU.CKU_USER, "sim-user-1234");
            session.GenerateKeyPair(f.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [f.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true), f.ObjectAttributeFactory.Create(CKA.CKA_EC_PARAMS, P256)],
                [f.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true), f.ObjectAttributeFactory.Create(CKA.CKA_SIGN, true), f.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "sim key")],
                out _, out var key);
            var data = "signed by the SIM"u8.ToArray();
            var signature = session.Sign(f.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), key, data);
            var point = new System.Formats.Asn1.AsnReader(session.GetAttributeValue(key, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(),
                System.Formats.Asn1.AsnEncodingRules.DER).ReadOctetString();
            using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
            Assert.That(ec.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);

            // The keystore's slot does not see the SIM's key.
            using var other = slots[0].OpenSession(SessionType.ReadOnly);
            Assert.That(other.FindAllObjects([f.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "sim key")]), Is.Empty);
            session.Logout();
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOFTHSM2_CONF", previous);
            try { Directory.Delete(sim, true); } catch (IOException) { }
        }
    }
}
