using System.Diagnostics;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// Several commands in hand on one link, and the phone's events, through the published module, the agent
/// and a phone process: one application waiting for the phone's user holds up no other; the catalogue
/// follows the phone's announcements without probes; a PIN locked or an idle logout on the phone reaches
/// the applications.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class PipelineTests
{
    private const string SoPin = "so-pipeline-1";
    private const string UserPin = "user-pipeline-1";
    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private sealed class Phone : IDisposable
    {
        private readonly ReadyToken _ready;
        public PhoneHarness Harness => _ready.Harness;
        public ISlot Slot => _ready.Slot;
        public ISession Session { get; }
        public Pkcs11InteropFactories F => _ready.F;

        public Phone(params string[] deviceArgs)
        {
            _ready = new ReadyToken("Pipeline", SoPin, UserPin, deviceArgs);
            Session = Slot.OpenSession(SessionType.ReadWrite);
        }

        public (IObjectHandle Key, ECDsa Verifier) EcKey(string label)
        {
            Session.GenerateKeyPair(F.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [F.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true), F.ObjectAttributeFactory.Create(CKA.CKA_EC_PARAMS, P256),
                 F.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)],
                [F.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true), F.ObjectAttributeFactory.Create(CKA.CKA_SIGN, true),
                 F.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)],
                out var pub, out var key);
            var point = new System.Formats.Asn1.AsnReader(Session.GetAttributeValue(pub, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(),
                System.Formats.Asn1.AsnEncodingRules.DER).ReadOctetString();
            return (key, ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } }));
        }

        public byte[] Sign(IObjectHandle key, byte[] data) => Session.Sign(F.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), key, data);

        public long Stat(string name) => AgentProbe.RoundTrips(Harness).GetValueOrDefault(name);

        public (int Code, string Output) Tool(params string[] args) =>
            PhoneHarness.Run("pkcs11-tool", ["--module", Repo.Module, .. args], Harness.Environment, TimeSpan.FromSeconds(60));

        public void Dispose() => _ready.Dispose();
    }

    [Test]
    public void AnotherApplicationUsesThePhoneWhileOneWaitsForItsUser()
    {
        using var phone = new Phone("--approve", "prompt", "--approval-timeout", "60");
        phone.Session.Login(CKU.CKU_USER, UserPin);
        var (key, verifier) = phone.EcKey("waiting key");
        using var _ = verifier;
        var data = "signed after the others"u8.ToArray();
        var pending = Task.Run(() => phone.Sign(key, data));
        PhoneHarness.WaitFor(() => phone.Stat("approvals-pending") == 1, TimeSpan.FromSeconds(15), "the agent to hear that an approval is pending");
        Assert.That(phone.Stat("+P11EV:approval-pending"), Is.EqualTo(1));

        // Another process logs in, generates a key pair on the phone, reads random bytes and lists the new keys.
        var sw = Stopwatch.StartNew();
        var keygen = phone.Tool("--login", "--pin", UserPin, "--keypairgen", "--key-type", "EC:prime256v1", "--label", "meanwhile", "--id", "4242");
        Assert.That(keygen.Code, Is.EqualTo(0), keygen.Output);
        var randomFile = Path.Combine(phone.Harness.Work, "random.bin");
        var random = phone.Tool("--generate-random", "48", "--output-file", randomFile);
        Assert.That(random.Code, Is.EqualTo(0), random.Output);
        Assert.That(new FileInfo(randomFile).Length, Is.EqualTo(48));
        var list = phone.Tool("--login", "--pin", UserPin, "--list-objects", "--type", "privkey");
        Assert.That(list.Code, Is.EqualTo(0), list.Output);
        Assert.That(list.Output, Does.Contain("meanwhile").And.Contain("waiting key"));
        TestContext.Out.WriteLine($"another application's key generation, random bytes and listing while a signature waited: {sw.ElapsedMilliseconds} ms");
        Assert.That(pending.IsCompleted, Is.False, "the first signature still waits for the phone's user");

        phone.Harness.DeviceInput.WriteLine("y");
        phone.Harness.DeviceInput.Flush();
        var signature = pending.Result;
        Assert.That(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), Is.True, "verified with .NET");
        PhoneHarness.WaitFor(() => phone.Stat("approvals-pending") == 0, TimeSpan.FromSeconds(5), "no approval pending any more");
    }

    [Test]
    public void OtherThreadsOfTheSameApplicationGoOnWhileOneWaitsForTheUser()
    {
        using var phone = new Phone("--approve", "prompt", "--approval-timeout", "60");
        phone.Session.Login(CKU.CKU_USER, UserPin);
        var (key, verifier) = phone.EcKey("thread key");
        using var _ = verifier;
        var data = "one thread waits"u8.ToArray();
        var pending = Task.Run(() => phone.Sign(key, data));
        PhoneHarness.WaitFor(() => phone.Stat("approvals-pending") == 1, TimeSpan.FromSeconds(15), "the approval to be pending");

        // Another thread of this process, on the same module: what the computer knows is answered at once.
        var sw = Stopwatch.StartNew();
        var other = Task.Run(() =>
        {
            using var session = phone.Slot.OpenSession(SessionType.ReadOnly);
            var info = phone.Slot.GetTokenInfo();
            var found = session.FindAllObjects([phone.F.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "thread key")]);
            var label = session.GetAttributeValue(found[0], [CKA.CKA_LABEL])[0].GetValueAsString();
            return (info.Label.Trim(), found.Count, label);
        });
        Assert.That(other.Wait(TimeSpan.FromSeconds(20)), Is.True, "the other thread finished while the signature waited");
        TestContext.Out.WriteLine($"another thread's C_OpenSession, C_GetTokenInfo, C_FindObjects, C_GetAttributeValue while a signature waited: {sw.ElapsedMilliseconds} ms");
        Assert.That(other.Result, Is.EqualTo(("Pipeline", 2, "thread key")));
        Assert.That(pending.IsCompleted, Is.False, "the signature still waits for the phone's user");

        phone.Harness.DeviceInput.WriteLine("y");
        phone.Harness.DeviceInput.Flush();
        Assert.That(verifier.VerifyData(data, pending.Result, HashAlgorithmName.SHA256), Is.True, "verified with .NET");
    }

    [Test]
    public void AnApplicationThatGoesAwayWithdrawsItsQuestionOnThePhone()
    {
        using var phone = new Phone("--approve", "prompt", "--approval-timeout", "90");
        phone.Session.Login(CKU.CKU_USER, UserPin);
        var (key, verifier) = phone.EcKey("withdrawn key");
        using var _ = verifier;
        var input = Path.Combine(phone.Harness.Work, "to-sign");
        File.WriteAllText(input, "never signed");
        // Another application signs; the phone asks its user; the application is killed meanwhile.
        using var other = phone.Harness.Start("pkcs11-tool", ["--module", Repo.Module, "--login", "--pin", UserPin, "--sign", "--label", "withdrawn key",
            "-m", "ECDSA-SHA256", "--input-file", input, "--output-file", Path.Combine(phone.Harness.Work, "never.sig")], phone.Harness.Environment);
        PhoneHarness.WaitFor(() => phone.Harness.DeviceOutput.Contains("asks to use a key", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the phone to ask");
        var sw = Stopwatch.StartNew();
        other.Kill();
        PhoneHarness.WaitFor(() => phone.Harness.DeviceOutput.Contains("withdrawn by the computer", StringComparison.Ordinal), TimeSpan.FromSeconds(10),
            "the question to be withdrawn:\n" + phone.Harness.DeviceOutput);
        TestContext.Out.WriteLine($"question withdrawn {sw.ElapsedMilliseconds} ms after the application was killed (its timeout was 90 s)");

        // The next question is asked at once, and answered.
        var data = "signed next"u8.ToArray();
        var mine = Task.Run(() => phone.Sign(key, data));
        PhoneHarness.WaitFor(() => CountOf(phone.Harness.DeviceOutput, "asks to use a key") == 2, TimeSpan.FromSeconds(10), "the next question");
        Thread.Sleep(300);
        phone.Harness.DeviceInput.WriteLine("y");
        phone.Harness.DeviceInput.Flush();
        Assert.That(mine.Wait(TimeSpan.FromSeconds(20)), Is.True, "the next signature was answered");
        Assert.That(verifier.VerifyData(data, mine.Result, HashAlgorithmName.SHA256), Is.True, "verified with .NET");
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    [Test]
    public void TheCatalogueFollowsThePhonesEventsWithoutProbes()
    {
        using var phone = new Phone("--approve", "auto");
        var login = AgentProbe.During(phone.Harness, () => phone.Session.Login(CKU.CKU_USER, UserPin));
        Assert.That(login, Is.EqualTo(new Dictionary<string, long> { ["+P11LOGIN"] = 1 }), "a login changes nothing: no catalogue round trip");

        IObjectHandle? key = null;
        ECDsa? ec = null;
        var keygen = AgentProbe.During(phone.Harness, () => (key, ec) = phone.EcKey("announced"));
        using var verifier = ec!;
        Assert.That(keygen, Is.EqualTo(new Dictionary<string, long>
        {
            ["+P11GENKP"] = 1, ["+P11CAT"] = 1, ["+P11TOKEN"] = 1, ["+P11EV:changed"] = 1,
        }), "the phone announced the change before its answer; the agent read the new objects once");

        var found = phone.Session.FindAllObjects([phone.F.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "announced")]);
        Assert.That(found, Has.Count.EqualTo(2), "both keys are in the catalogue as soon as C_GenerateKeyPair returns");

        var data = "one round trip"u8.ToArray();
        byte[] signature = [];
        var sign = AgentProbe.During(phone.Harness, () => signature = phone.Sign(key!, data));
        Assert.That(sign, Is.EqualTo(new Dictionary<string, long> { ["+P11SIGN"] = 1 }));
        Assert.That(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);
    }

    [Test]
    public void APinLockedOnThePhoneIsAnnouncedAndShownAtOnce()
    {
        using var phone = new Phone("--approve", "auto");
        CKR rv = CKR.CKR_OK;
        for (int i = 0; i < 20 && rv != CKR.CKR_PIN_LOCKED; i++)
        {
            var e = Assert.Throws<Pkcs11Exception>(() => phone.Session.Login(CKU.CKU_USER, "wrong-" + i));
            rv = e!.RV;
        }
        Assert.That(rv, Is.EqualTo(CKR.CKR_PIN_LOCKED));
        Assert.That(phone.Stat("+P11EV:pin-locked"), Is.EqualTo(1));
        Assert.That(phone.Slot.GetTokenInfo().TokenFlags.UserPinLocked, Is.True, "the token information has the lock without waiting");
        Assert.That(AgentLog(phone), Does.Contain("is now locked on the phone"));
    }

    [Test]
    public void AnIdleLogoutOnThePhoneTurnsTheSessionsPublic()
    {
        using var phone = new Phone("--approve", "auto", "--logout-after", "2");
        phone.Session.Login(CKU.CKU_USER, UserPin);
        var (key, verifier) = phone.EcKey("idle");
        using var _ = verifier;
        Assert.That(verifier.VerifyData("before"u8, phone.Sign(key, "before"u8.ToArray()), HashAlgorithmName.SHA256), Is.True);
        Assert.That(phone.Session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_USER_FUNCTIONS));

        PhoneHarness.WaitFor(() => phone.Stat("+P11EV:logged-out") >= 1, TimeSpan.FromSeconds(10), "the phone's idle logout");
        var e = Assert.Throws<Pkcs11Exception>(() => phone.Sign(key, "after"u8.ToArray()));
        Assert.That(e!.RV, Is.EqualTo(CKR.CKR_USER_NOT_LOGGED_IN));
        Assert.That(phone.Session.GetSessionInfo().State, Is.EqualTo(CKS.CKS_RW_PUBLIC_SESSION), "the module learned it from the phone's answer");
        Assert.That(AgentLog(phone), Does.Contain("logged this computer out"));

        phone.Session.Login(CKU.CKU_USER, UserPin);
        Assert.That(verifier.VerifyData("again"u8, phone.Sign(key, "again"u8.ToArray()), HashAlgorithmName.SHA256), Is.True, "after logging in again");
    }

    private static string AgentLog(Phone phone) => File.Exists(phone.Harness.AgentPaths.Log) ? File.ReadAllText(phone.Harness.AgentPaths.Log) : "";
}
