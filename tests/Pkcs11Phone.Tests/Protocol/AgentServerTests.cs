using NUnit.Framework;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>The agent's socket side, in process, with no phones configured.</summary>
public sealed class AgentServerTests
{
    private readonly AgentServer _agent = new([], TextWriter.Null);

    private List<AtResponseLine> Send(string command) => Wire.Answer(line => _agent.Handle(line), command);

    [Test]
    public void NoPhonesNoSlots()
    {
        Assert.That(_agent.Slots(), Is.Empty);
        var reply = Send("AT+P11SLOTS=1");
        Assert.That(reply, Has.Count.EqualTo(2), "only +P11RV and OK");
        Assert.That(Wire.Rv(reply, 1), Is.EqualTo((ulong)CKR.OK));
    }

    [Test]
    public void NoTokens()
    {
        var reply = Send("AT+P11TOKEN=2");
        Assert.That(reply, Has.Count.EqualTo(2));
        Assert.That(Wire.Rv(reply, 2), Is.EqualTo((ulong)CKR.OK));
    }

    [TestCase("AT+P11TOKEN=3,0")]
    [TestCase("AT+P11TOKEN=3,16")]
    [TestCase("AT+P11TOKEN=3,18446744073709551615")]
    [TestCase("AT+P11MECH=3,0")]
    [TestCase("AT+P11MECH=3,18446744073709551615")]
    public void AnySlotIsInvalid(string command)
    {
        var reply = Send(command);
        Assert.That(reply, Has.Count.EqualTo(2));
        Assert.That(Wire.Rv(reply, 3), Is.EqualTo((ulong)CKR.SLOT_ID_INVALID));
    }

    [Test]
    public void PingNeedsNoVersion()
    {
        Assert.That(Wire.Rv(Send("AT+P11PING=9"), 9), Is.EqualTo((ulong)CKR.OK));
    }

    [TestCase("AT+GCAP")]
    [TestCase("AT+P11VER=1")]
    [TestCase("AT+P11VER?")]
    [TestCase("AT+P11VER=?")]
    [TestCase("AT+P11NOPE=1")]
    public void LinkOnlyAndUnknownCommandsAreRefused(string command) =>
        Wire.AssertCme(Send(command), AtCmeError.OperationNotSupported);

    [TestCase("AT+P11SLOTS")]
    [TestCase("AT+P11SLOTS=1,2")]
    [TestCase("AT+P11TOKEN=\"x\"")]
    [TestCase("AT+P11MECH=1")]
    [TestCase("AT+P11PING=4294967296")]
    public void BadParametersAreRefused(string command) =>
        Wire.AssertCme(Send(command), AtCmeError.IncorrectParameters);

    [Test]
    public void BadLinesAreRefused()
    {
        Assert.That(Send("hello").Select(l => l.ToString()), Is.EqualTo(new[] { "ERROR" }));
        Wire.AssertCme(_agent.Handle(new AtLine("", AtLineStatus.TooLong)), AtCmeError.TextStringTooLong);
        Wire.AssertCme(_agent.Handle(new AtLine("", AtLineStatus.BadBytes)), AtCmeError.InvalidCharactersInText);
    }

    [Test]
    public void AttentionAndEchoOff()
    {
        Assert.That(Send("AT").Select(l => l.ToString()), Is.EqualTo(new[] { "OK" }));
        Assert.That(Send("ATE0").Select(l => l.ToString()), Is.EqualTo(new[] { "OK" }));
    }

    [Test]
    public void EchoOnIsRefusedAsOnTheLink()
    {
        // The socket has the link's syntax, and echo is never on: ATE1 must not be acknowledged.
        Assert.That(Send("ATE1").Select(l => l.ToString()), Is.EqualTo(new[] { "ERROR" }));
    }
}
