using System.Diagnostics;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// User presence: each private-key use can need the phone's approval. A decline or a timeout reaches the
/// application as CKR_FUNCTION_REJECTED; while the phone waits, the link stays up and the computer keeps
/// answering what it knows.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ApprovalTests
{
    private const string SoPin = "so-approval-1";
    private const string UserPin = "user-approval-1";
    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private sealed class Phone : IDisposable
    {
        private readonly ReadyToken _ready;
        public PhoneHarness Harness => _ready.Harness;
        public IPkcs11Library Library => _ready.Library;
        public ISession Session { get; }
        public IObjectHandle Key { get; }
        public ECDsa Verifier { get; }
        public Pkcs11InteropFactories F => _ready.F;

        public Phone(params string[] deviceArgs)
        {
            _ready = new ReadyToken("Approvals", SoPin, UserPin, deviceArgs);
            Session = _ready.Slot.OpenSession(SessionType.ReadWrite);
            Session.Login(CKU.CKU_USER, UserPin);
            Session.GenerateKeyPair(F.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [F.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true), F.ObjectAttributeFactory.Create(CKA.CKA_EC_PARAMS, P256)],
                [F.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true), F.ObjectAttributeFactory.Create(CKA.CKA_SIGN, true),
                 F.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "approved key")],
                out _, out var key);
            Key = key;
            var point = new System.Formats.Asn1.AsnReader(Session.GetAttributeValue(key, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray(),
                System.Formats.Asn1.AsnEncodingRules.DER).ReadOctetString();
            Verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        }

        public byte[] Sign(byte[] data) => Session.Sign(F.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), Key, data);

        /// <summary>Signs on another thread, types <paramref name="answer"/> at the phone once the prompt is up, and returns the outcome.</summary>
        public (byte[]? Signature, CKR? Error, TimeSpan Took) SignAnswering(byte[] data, string? answer)
        {
            var sw = Stopwatch.StartNew();
            var sign = Task.Run(() => Sign(data));
            if (answer is not null)
            {
                // The prompt throws away what was typed before it; give it a moment to appear.
                Thread.Sleep(1500);
                Harness.DeviceInput.WriteLine(answer);
                Harness.DeviceInput.Flush();
            }
            try
            {
                var signature = sign.GetAwaiter().GetResult();
                return (signature, null, sw.Elapsed);
            }
            catch (Pkcs11Exception e)
            {
                return (null, e.RV, sw.Elapsed);
            }
        }

        public void Dispose()
        {
            Verifier.Dispose();
            _ready.Dispose();
        }
    }

    [Test]
    public void DenyPolicyRejectsEverySignature()
    {
        using var phone = new Phone("--approve", "deny");
        var e = Assert.Throws<Pkcs11Exception>(() => phone.Sign("denied"u8.ToArray()));
        Assert.That(e!.RV, Is.EqualTo(CKR.CKR_FUNCTION_REJECTED));
    }

    [Test]
    public void PromptAllowsDeclinesAndTimesOut()
    {
        using var phone = new Phone("--approve", "prompt", "--approval-timeout", "4");
        var data = "approve me"u8.ToArray();

        var allowed = phone.SignAnswering(data, "y");
        Assert.That(allowed.Error, Is.Null, "answered y");
        Assert.That(phone.Verifier.VerifyData(data, allowed.Signature!, HashAlgorithmName.SHA256), Is.True);

        var declined = phone.SignAnswering(data, "n");
        Assert.That(declined.Error, Is.EqualTo(CKR.CKR_FUNCTION_REJECTED), "answered n");

        // No answer: declined at the timeout; meanwhile the phone said it was busy, so the link stayed up.
        var silent = phone.SignAnswering(data, null);
        Assert.That(silent.Error, Is.EqualTo(CKR.CKR_FUNCTION_REJECTED), "no answer");
        Assert.That(silent.Took, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3.5)));
        Assert.That(phone.Library.GetSlotList(SlotsType.WithTokenPresent), Has.Count.EqualTo(1), "the phone stayed present while it waited");

        // "For N minutes": the next use of the same key by the same application is not asked again.
        var granted = phone.SignAnswering(data, "5");
        Assert.That(granted.Error, Is.Null, "answered 5");
        var again = phone.SignAnswering(data, null);
        Assert.That(again.Error, Is.Null, "within the 5 minutes");
        Assert.That(again.Took, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(phone.Verifier.VerifyData(data, again.Signature!, HashAlgorithmName.SHA256), Is.True);
    }

    [Test]
    public void OtherCallsAreAnsweredWhileThePhoneWaits()
    {
        using var phone = new Phone("--approve", "prompt", "--approval-timeout", "4");
        var pending = Task.Run(() => phone.SignAnswering("waiting"u8.ToArray(), null));
        Thread.Sleep(1000);
        // Another process asks about the token while the phone waits for its user.
        var sw = Stopwatch.StartNew();
        var (code, output) = PhoneHarness.Run("pkcs11-tool", ["--module", Repo.Module, "-L"], phone.Harness.Environment, TimeSpan.FromSeconds(30));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Approvals"));
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "answered by the agent without waiting for the phone");
        Assert.That(pending.Result.Error, Is.EqualTo(CKR.CKR_FUNCTION_REJECTED));
    }
}
