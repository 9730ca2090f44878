using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using Pkcs11Phone.Device;
using Pkcs11Phone.Device.Approval;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>
/// The phone's side of several commands in hand: what it answers at once and what it runs on its own,
/// its unsolicited events (+P11EV) and when they come, per-tag staging, the idle logout, and PINs typed
/// on the phone for a token with a protected authentication path.
/// </summary>
public sealed class PhoneEventsTests
{
    private const string SoPin = "so-pin-1234";
    private const string UserPin = "user-pin-1234";
    private DirectoryInfo _dir = null!;
    private SoftwareCryptoModule _crypto = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-ev-");

    [TearDown]
    public void TearDown()
    {
        _crypto?.Dispose();
        _dir.Delete(recursive: true);
    }

    private SecurityManager Phone(bool protectedPath = false, IApprover? approver = null, IPinPad? pad = null, TimeSpan? logoutAfter = null)
    {
        _crypto = new SoftwareCryptoModule(_dir.FullName, new TokenSettings("Events", "EV0001", protectedPath));
        var phone = new SecurityManager(_crypto, "1.0") { Approver = approver, PinPad = pad, LogoutAfter = logoutAfter };
        Assert.That(Wire.AnswerText(phone.Handle, "AT+P11VER=1"), Is.EqualTo(new[] { "OK" }));
        return phone;
    }

    private static List<AtResponseLine> Send(SecurityManager phone, string command) => Wire.Answer(phone.Handle, command);

    private static ulong Rv(SecurityManager phone, string command, ulong tag) => Wire.Rv(Send(phone, command), tag);

    private static List<(ulong Event, ulong Token, ulong Value)> Drain(SecurityManager phone)
    {
        var events = new List<(ulong, ulong, ulong)>();
        while (phone.Events.TryRead(out var line))
        {
            Assert.That(P11Events.TryParse(line, out var e, out var t, out var v), Is.True, line.ToString());
            events.Add((e, t, v));
        }
        return events;
    }

    private static ulong Generation(SecurityManager phone)
    {
        var reply = Send(phone, "AT+P11CAT=900,0,0");
        var head = reply.Single(l => l.Name == AtCommands.Catalogue);
        return head.Values[2].Number;
    }

    /// <summary>Initialises the token and the user PIN, and logs <paramref name="client"/> in as the user.</summary>
    private static void Ready(SecurityManager phone, string client = "c.1")
    {
        Assert.That(Rv(phone, $"AT+P11INITTOK=1,0,\"{SoPin}\",\"Events\"", 1), Is.EqualTo(0UL));
        Assert.That(Rv(phone, $"AT+P11LOGIN=2,0,\"so.1\",0,\"{SoPin}\"", 2), Is.EqualTo(0UL));
        Assert.That(Rv(phone, $"AT+P11INITPIN=3,0,\"so.1\",\"{UserPin}\"", 3), Is.EqualTo(0UL));
        Assert.That(Rv(phone, "AT+P11LOGOUT=4,0,\"so.1\"", 4), Is.EqualTo(0UL));
        Assert.That(Rv(phone, $"AT+P11LOGIN=5,0,\"{client}\",1,\"{UserPin}\"", 5), Is.EqualTo(0UL));
    }

    /// <summary>An EC P-256 key pair on the phone for <paramref name="client"/>; returns the private key's handle and its public point.</summary>
    private static (ulong Private, byte[] Point) EcKey(SecurityManager phone, ulong tag, string client = "c.1")
    {
        var mechanism = P11Binary.EncodeMechanism(new P11Mechanism(CKM.EC_KEY_PAIR_GEN, [], []));
        byte[] p256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
        var templates = P11Binary.EncodeAttributePair(
            [P11Attribute.Of(CKA.TOKEN, true), new P11Attribute(CKA.EC_PARAMS, p256)],
            [P11Attribute.Of(CKA.TOKEN, true), P11Attribute.Of(CKA.SIGN, true), P11Attribute.Of(CKA.LABEL, "ev key")]);
        var reply = Send(phone, $"AT+P11GENKP={tag},0,\"{client}\",{mechanism.Length},\"{Convert.ToBase64String(mechanism)}\",{templates.Length},\"{Convert.ToBase64String(templates)}\"");
        Assert.That(Wire.Rv(reply, tag), Is.EqualTo(0UL), string.Join(" | ", reply));
        var line = reply.Single(l => l.Name == AtCommands.GenerateKeyPair);
        ulong pub = line.Values[1].Number, priv = line.Values[2].Number;
        var cat = Send(phone, "AT+P11CAT=901,0,0");
        var obj = cat.Single(l => l.Name == AtCommands.Object && l.Values[1].Number == pub);
        Assert.That(AtBlobs.TryRead(new AtResponse(cat, AtResponseLine.Ok), obj, 2, out var blob), Is.True);
        Assert.That(P11Binary.TryDecodeAttributes(blob, out var attrs), Is.True);
        var ecPoint = attrs.Single(a => a.Type == CKA.EC_POINT).Value;
        return (priv, ecPoint[2..]);
    }

    private static string SignCommand(ulong tag, string client, ulong key, byte[] hash)
    {
        var mechanism = P11Binary.EncodeMechanism(new P11Mechanism(CKM.ECDSA, [], []));
        return $"AT+P11SIGN={tag},0,\"{client}\",{key},{mechanism.Length},\"{Convert.ToBase64String(mechanism)}\",{hash.Length},\"{Convert.ToBase64String(hash)}\"";
    }

    [Test]
    public void QuickCommandsAreAnsweredAtOnceAndTokenCommandsLater()
    {
        var phone = Phone();
        Assert.That(phone.Take(Wire.Command("AT+P11PING=1")).Reply, Is.Not.Null);
        Assert.That(phone.Take(Wire.Command("AT+P11DATA=2,0,3,\"AAAA\"")).Reply, Is.Not.Null);
        Assert.That(phone.Take(Wire.Command("AT+P11VER?")).Reply, Is.Not.Null);
        Assert.That(phone.Take(Wire.Command("ATI")).Reply, Is.Not.Null);
        Assert.That(phone.Take(Wire.Command("AT+P11NOSUCH=1")).Reply, Is.Not.Null, "a fault is answered at once");
        foreach (var command in new[] { "AT+P11TOKEN=3", "AT+P11CAT=4,0,0", "AT+P11LOGIN=5,0,\"c\",1,\"x\"", "AT+P11RANDOM=6,0,8" })
        {
            var work = phone.Take(Wire.Command(command));
            Assert.That(work.Reply, Is.Null, command);
            Assert.That(work.Run, Is.Not.Null, command);
            Assert.That(work.Tag, Is.EqualTo(ulong.Parse(command.Split('=')[1].Split(',')[0])), command);
            Assert.That(AtReplies.TryAccept(Wire.Command(command), AtScope.Link, out _, out _, out _), Is.True);
            var reply = work.Run!();
            Assert.That(reply[^1].Kind, Is.EqualTo(AtResponseKind.Ok), command);
        }
    }

    [Test]
    public void AChangeIsAnnouncedOnceWithItsGenerationBeforeTheAnswerIsTaken()
    {
        var phone = Phone();
        Assert.That(Drain(phone), Is.Empty, "nothing changed since the version was selected");
        Assert.That(Rv(phone, $"AT+P11INITTOK=1,0,\"{SoPin}\",\"Events\"", 1), Is.EqualTo(0UL));
        var events = Drain(phone);
        Assert.That(events, Is.EqualTo(new[] { (P11Events.Changed, 0UL, Generation(phone)) }));
        Assert.That(Rv(phone, "AT+P11PING=2", 2), Is.EqualTo(0UL));
        Assert.That(Generation(phone), Is.EqualTo(events[0].Value));
        Assert.That(Drain(phone), Is.Empty, "announced once");
    }

    [Test]
    public void ALoginWithTheRightPinAndASignatureChangeNothing()
    {
        var phone = Phone();
        Ready(phone);
        var (key, _) = EcKey(phone, 10);
        Drain(phone);
        Assert.That(Rv(phone, "AT+P11LOGOUT=11,0,\"c.1\"", 11), Is.EqualTo(0UL));
        Assert.That(Rv(phone, $"AT+P11LOGIN=12,0,\"c.1\",1,\"{UserPin}\"", 12), Is.EqualTo(0UL));
        Assert.That(Wire.Rv(Send(phone, SignCommand(13, "c.1", key, SHA256.HashData("x"u8))), 13), Is.EqualTo(0UL));
        Assert.That(Drain(phone), Is.Empty, "no catalogue refresh needed for a login, a logout or a signature");
    }

    [Test]
    public void WrongPinsUntilTheLockAnnounceThePinLocked()
    {
        var phone = Phone();
        Ready(phone);
        Drain(phone);
        var seen = new List<(ulong Event, ulong Token, ulong Value)>();
        ulong rv = 0;
        for (ulong tag = 20; tag < 40 && rv != CKR.PIN_LOCKED; tag++)
        {
            rv = Rv(phone, $"AT+P11LOGIN={tag},0,\"c.2\",1,\"wrong-{tag}\"", tag);
            seen.AddRange(Drain(phone));
        }
        Assert.That(rv, Is.EqualTo((ulong)CKR.PIN_LOCKED));
        Assert.That(seen.Count(e => e.Event == P11Events.PinLocked), Is.EqualTo(1), string.Join(", ", seen));
        Assert.That(seen[^1].Event, Is.EqualTo(P11Events.PinLocked), "the lock is the last change");
        Assert.That(seen[^1].Value, Is.EqualTo(Generation(phone)));
        Assert.That(seen.Take(seen.Count - 1).Select(e => e.Event), Is.All.EqualTo(P11Events.Changed), "each wrong PIN moves the counter flags");
    }

    private sealed class HeldApprover : IApprover, IApprovalNotice
    {
        public SemaphoreSlim Answer { get; } = new(0);
        public int Asked;

        public bool WillAsk(ApprovalRequest request) => true;

        public ApprovalAnswer Approve(ApprovalRequest request)
        {
            Interlocked.Increment(ref Asked);
            return Answer.Wait(TimeSpan.FromSeconds(20)) ? ApprovalAnswer.Allowed : ApprovalAnswer.TimedOut;
        }
    }

    [Test]
    public void WhileOneSignatureWaitsForTheUserOtherCommandsAreAnswered()
    {
        var approver = new HeldApprover();
        var phone = Phone(approver: approver);
        Ready(phone);
        Assert.That(Rv(phone, $"AT+P11LOGIN=6,0,\"c.2\",1,\"{UserPin}\"", 6), Is.EqualTo(0UL));
        var (key, point) = EcKey(phone, 7);
        Drain(phone);
        var hash = SHA256.HashData("held"u8);
        var work = phone.Take(Wire.Command(SignCommand(50, "c.1", key, hash)));
        Assert.That(work.Run, Is.Not.Null);
        var waiting = Task.Run(work.Run!);
        PhoneWait(() => Volatile.Read(ref approver.Asked) == 1);
        Assert.That(Drain(phone), Is.EqualTo(new[] { (P11Events.ApprovalPending, 0UL, 50UL) }));

        // Meanwhile another client generates a key pair, logs out and in, and reads random bytes.
        var (_, otherPoint) = EcKey(phone, 51, "c.2");
        Assert.That(otherPoint, Has.Length.EqualTo(65));
        Assert.That(Rv(phone, "AT+P11LOGOUT=52,0,\"c.2\"", 52), Is.EqualTo(0UL));
        Assert.That(Wire.Rv(Send(phone, "AT+P11RANDOM=53,0,32"), 53), Is.EqualTo(0UL));
        Assert.That(waiting.IsCompleted, Is.False, "the first signature still waits for its user");

        approver.Answer.Release();
        var reply = waiting.Result;
        Assert.That(Wire.Rv(reply, 50), Is.EqualTo(0UL));
        var line = reply.Single(l => l.Name == AtCommands.Sign);
        Assert.That(P11Binary.TryFromBase64(line.Values[2].Text, (int)line.Values[1].Number, out var signature), Is.True);
        using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        Assert.That(ec.VerifyHash(hash, signature), Is.True, "verified with .NET");
    }

    private sealed class WithdrawableApprover : IApprover, IApprovalNotice
    {
        public int Asked;

        public bool WillAsk(ApprovalRequest request) => true;

        public ApprovalAnswer Approve(ApprovalRequest request)
        {
            Interlocked.Increment(ref Asked);
            return request.Withdrawn.WaitHandle.WaitOne(TimeSpan.FromSeconds(20)) ? ApprovalAnswer.Withdrawn : ApprovalAnswer.TimedOut;
        }
    }

    [Test]
    public void AWithdrawnCommandIsAnsweredFunctionCanceledAtOnce()
    {
        var approver = new WithdrawableApprover();
        var phone = Phone(approver: approver);
        Ready(phone);
        var (key, _) = EcKey(phone, 7);
        var work = phone.Take(Wire.Command(SignCommand(70, "c.1", key, SHA256.HashData("withdrawn"u8))));
        var waiting = Task.Run(work.Run!);
        PhoneWait(() => Volatile.Read(ref approver.Asked) == 1);
        Assert.That(waiting.IsCompleted, Is.False);
        var cancel = phone.Take(Wire.Command("AT+P11CANCEL=71,70"));
        Assert.That(cancel.Reply, Is.Not.Null, "answered at once, not queued behind the command it withdraws");
        Assert.That(Wire.Rv([.. cancel.Reply!], 71), Is.EqualTo(0UL));
        Assert.That(waiting.Wait(TimeSpan.FromSeconds(5)), Is.True, "the withdrawn command ends");
        Assert.That(Wire.Rv([.. waiting.Result], 70), Is.EqualTo((ulong)CKR.FUNCTION_CANCELED));
        Assert.That(Wire.Rv(Send(phone, "AT+P11CANCEL=72,70"), 72), Is.EqualTo(0UL), "withdrawing what is no longer in hand is harmless");
    }

    private static void PhoneWait(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail("timed out");
            Thread.Sleep(10);
        }
    }

    [Test]
    public void ValuesStagedForTwoCommandsAtOnceDoNotMix()
    {
        var stages = new BlobStages();
        var a = RandomNumberGenerator.GetBytes(9000);
        var b = RandomNumberGenerator.GetBytes(7000);
        ulong Add(ulong tag, byte[] v, int offset, int length) =>
            stages.Add(tag, AtValue.Of((ulong)offset), AtValue.Of((ulong)v.Length), AtValue.Of(Convert.ToBase64String(v, offset, length)));
        Assert.That(Add(1, a, 0, 4500), Is.EqualTo(0UL));
        Assert.That(Add(2, b, 0, 4500), Is.EqualTo(0UL));
        Assert.That(Add(1, a, 4500, 4500), Is.EqualTo(0UL));
        Assert.That(Add(2, b, 4500, 2500), Is.EqualTo(0UL));
        Assert.That(stages.TryResolve(2, [AtValue.Of((ulong)b.Length), AtValue.Of("")], 0, out var gotB), Is.True);
        Assert.That(stages.TryResolve(1, [AtValue.Of((ulong)a.Length), AtValue.Of("")], 0, out var gotA), Is.True);
        Assert.That(gotA, Is.EqualTo(a));
        Assert.That(gotB, Is.EqualTo(b));
        Assert.That(stages.TryResolve(1, [AtValue.Of((ulong)a.Length), AtValue.Of("")], 0, out _), Is.False, "used once");

        for (ulong tag = 10; tag < 10 + BlobStages.MaxStages; tag++) Assert.That(Add(tag, a, 0, 4500), Is.EqualTo(0UL));
        Assert.That(Add(99, a, 0, 4500), Is.EqualTo((ulong)CKR.DEVICE_MEMORY), "a bounded number of values at once");
        stages.Discard(10);
        Assert.That(Add(99, a, 0, 4500), Is.EqualTo(0UL));
    }

    [Test]
    public void AnIdleClientIsLoggedOutByThePhone()
    {
        var phone = Phone(logoutAfter: TimeSpan.FromMilliseconds(300));
        Ready(phone);
        var (key, _) = EcKey(phone, 8);
        Drain(phone);
        phone.Tick();
        Assert.That(Drain(phone), Is.Empty, "not idle yet");
        Thread.Sleep(500);
        phone.Tick();
        var events = Drain(phone);
        Assert.That(events.Select(e => (e.Event, e.Token)), Does.Contain((P11Events.LoggedOut, 0UL)));
        Assert.That(_crypto.Tokens[0].LoggedInAs("c.1"), Is.Null);
        Assert.That(Wire.Rv(Send(phone, SignCommand(9, "c.1", key, SHA256.HashData("late"u8))), 9), Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN));
        Assert.That(Rv(phone, $"AT+P11LOGIN=10,0,\"c.1\",1,\"{UserPin}\"", 10), Is.EqualTo(0UL), "and can log in again");
    }

    private sealed class ScriptedPad(params string?[] answers) : IPinPad
    {
        private readonly Queue<string?> _answers = new(answers);
        public List<PinRequest> Asked { get; } = [];

        public PinEntry ReadPin(PinRequest request)
        {
            Asked.Add(request);
            var answer = _answers.Count > 0 ? _answers.Dequeue() : null;
            return answer is null ? PinEntry.TimedOut : answer.Length == 0 ? PinEntry.Cancelled : new PinEntry(PinOutcome.Entered, Encoding.UTF8.GetBytes(answer));
        }
    }

    [Test]
    public void PinsTypedOnThePhoneForAProtectedAuthenticationPath()
    {
        var pad = new ScriptedPad(SoPin, "", null, "wrong-pin", "new-user-pin", "new-user-pin", "new-user-pin",
            "new-user-pin", "new-user-pin", "other-pin-1", "other-pin-1", "x1");
        var phone = Phone(protectedPath: true, pad: pad);
        Assert.That(Rv(phone, $"AT+P11INITTOK=1,0,\"{SoPin}\",\"Events\"", 1), Is.EqualTo(0UL));
        Assert.That(Rv(phone, "AT+P11LOGIN=2,0,\"so.1\",0", 2), Is.EqualTo(0UL), "SO PIN typed on the phone");
        Assert.That(pad.Asked[^1].Who, Is.EqualTo("security officer"));
        Assert.That(Drain(phone).Select(e => (e.Event, e.Value)), Does.Contain((P11Events.ApprovalPending, 2UL)), "the computer is told the phone waits for its user");
        Assert.That(Rv(phone, "AT+P11INITPIN=3,0,\"so.1\"", 3), Is.EqualTo((ulong)CKR.FUNCTION_CANCELED), "an empty answer cancels");
        Assert.That(Rv(phone, "AT+P11INITPIN=4,0,\"so.1\"", 4), Is.EqualTo((ulong)CKR.FUNCTION_CANCELED), "no answer in time");
        Assert.That(Rv(phone, "AT+P11INITPIN=5,0,\"so.1\"", 5), Is.EqualTo((ulong)CKR.PIN_INVALID), "the two new PINs differ");
        Assert.That(Rv(phone, "AT+P11INITPIN=6,0,\"so.1\"", 6), Is.EqualTo(0UL), "new PIN typed twice");
        Assert.That(Rv(phone, "AT+P11LOGOUT=7,0,\"so.1\"", 7), Is.EqualTo(0UL));
        Assert.That(Rv(phone, "AT+P11LOGIN=8,0,\"c.1\",1", 8), Is.EqualTo(0UL), "the user PIN set on the phone");
        Assert.That(pad.Asked[^1] with { Withdrawn = default }, Is.EqualTo(new PinRequest("The computer", "c.1", "Events", "user", "log in")));
        Assert.That(Rv(phone, "AT+P11SETPIN=9,0,\"c.1\"", 9), Is.EqualTo(0UL), "current PIN, new PIN twice");
        Assert.That(pad.Asked.TakeLast(3).Select(r => r.Purpose), Is.EqualTo(new[] { "current PIN", "new PIN", "new PIN again" }));
        Assert.That(Rv(phone, "AT+P11LOGOUT=10,0,\"c.1\"", 10), Is.EqualTo(0UL));
        Assert.That(Rv(phone, "AT+P11LOGIN=11,0,\"c.1\",1,\"other-pin-1\"", 11), Is.EqualTo(0UL), "the changed PIN, given by the computer this time");
        Assert.That(Rv(phone, "AT+P11LOGOUT=12,0,\"c.1\"", 12), Is.EqualTo(0UL));
        Assert.That(Rv(phone, "AT+P11LOGIN=13,0,\"c.1\",1", 13), Is.EqualTo((ulong)CKR.PIN_INCORRECT), "a wrong PIN typed on the phone counts");
        Assert.That(_crypto.Tokens[0].Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Not.EqualTo((nuint)0));
    }

    [Test]
    public void WithoutAProtectedPathAMissingPinIsAWrongPin()
    {
        var pad = new ScriptedPad(UserPin);
        var phone = Phone(protectedPath: false, pad: pad);
        Ready(phone, "c.9");
        Assert.That(Rv(phone, "AT+P11LOGIN=30,0,\"c.3\",1", 30), Is.EqualTo((ulong)CKR.PIN_INCORRECT));
        Assert.That(pad.Asked, Is.Empty, "the phone asks only for a token with a protected authentication path");
    }

    [Test]
    public void OneClientsCommandsSentTogetherRunInTheOrderSent()
    {
        var phone = Phone();
        Assert.That(Rv(phone, $"AT+P11INITTOK=1,0,\"{SoPin}\",\"Events\"", 1), Is.EqualTo(0UL));
        // One burst, no waiting for answers: the SO sets the user PIN, then the same client logs in with it.
        var burst = string.Join("\r",
            $"AT+P11LOGIN=2,0,\"so.1\",0,\"{SoPin}\"",
            $"AT+P11INITPIN=3,0,\"so.1\",\"{UserPin}\"",
            "AT+P11LOGOUT=4,0,\"so.1\"",
            $"AT+P11LOGIN=5,0,\"so.1\",1,\"{UserPin}\"",
            "AT+P11LOGOUT=6,0,\"so.1\"",
            "AT+P11LOGOUT=7,0,\"so.1\"") + "\r";
        var output = new MemoryStream();
        new DeviceServer(phone, TextWriter.Null).ServeAsync(new DuplexStream(new MemoryStream(Wire.Bytes(burst)), output), CancellationToken.None).GetAwaiter().GetResult();
        var collector = new AtResponseCollector(null);
        var rvs = new Dictionary<ulong, ulong>();
        foreach (var line in Wire.Lines(output.ToArray()).Select(l => AtResponseLine.Parse(l.Text)))
            if (collector.Feed(line) is { } r && r.Lines.FirstOrDefault(AtResponseCollector.IsRv) is { } rv) rvs[rv.Values[0].Number] = rv.Values[1].Number;
        Assert.That(rvs.Keys.Order(), Is.EqualTo(new ulong[] { 2, 3, 4, 5, 6, 7 }), "every command answered");
        Assert.That(rvs.Where(kv => kv.Key < 7).Select(kv => kv.Value), Is.All.EqualTo(0UL), string.Join(", ", rvs));
        Assert.That(rvs[7], Is.EqualTo((ulong)CKR.USER_NOT_LOGGED_IN), "the second logout came after the first");
    }
}
