using NUnit.Framework;
using Pkcs11Phone.Device;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>The phone's side of the link, in process: what the security manager answers to each command.</summary>
public sealed class SecurityManagerTests
{
    private const string Label = "Demo phone";
    private const string Serial = "0011223344556677";
    private DirectoryInfo _dir = null!;
    private SoftwareCryptoModule _crypto = null!;
    private SecurityManager _phone = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("p11phone-sm-");
        _crypto = new SoftwareCryptoModule(_dir.FullName, new TokenSettings(Label, Serial));
        _phone = new SecurityManager(_crypto, "9.8.7");
    }

    [TearDown]
    public void TearDown()
    {
        _crypto.Dispose();
        _dir.Delete(recursive: true);
    }

    private List<AtResponseLine> Send(string command) => Wire.Answer(_phone.Handle, command);
    private List<string> SendText(string command) => Wire.AnswerText(_phone.Handle, command);

    private void SelectVersion() => Assert.That(SendText("AT+P11VER=1"), Is.EqualTo(new[] { "OK" }));

    [Test]
    public void Attention() => Assert.That(SendText("AT"), Is.EqualTo(new[] { "OK" }));

    [Test]
    public void EchoOff()
    {
        Assert.That(SendText("ATE0"), Is.EqualTo(new[] { "OK" }));
        Assert.That(SendText("ATE"), Is.EqualTo(new[] { "OK" }), "ATE is ATE0");
    }

    [Test]
    public void EchoOnIsRefused() => Assert.That(SendText("ATE1"), Is.EqualTo(new[] { "ERROR" }));

    [Test]
    public void OtherBasicCommandsAreRefused()
    {
        Assert.That(SendText("ATZ"), Is.EqualTo(new[] { "ERROR" }));
        Assert.That(SendText("ATV0"), Is.EqualTo(new[] { "ERROR" }));
    }

    [Test]
    public void Identification()
    {
        var reply = Send("ATI");
        Assert.That(reply, Has.Count.EqualTo(2));
        Assert.That(reply[0].Kind, Is.EqualTo(AtResponseKind.Text));
        Assert.That(reply[0].Text, Does.Contain("9.8.7"));
        Assert.That(reply[1], Is.SameAs(AtResponseLine.Ok));
    }

    [Test]
    public void Capabilities()
    {
        var reply = Send("AT+GCAP");
        Assert.That(reply, Has.Count.EqualTo(2));
        Assert.That(reply[1].Kind, Is.EqualTo(AtResponseKind.Ok));
        // The answer names the +P11 command set and needs no version.
        Assert.That(reply[0].ToString(), Does.StartWith("+GCAP: "));
        Assert.That(reply[0].ToString(), Does.Contain("+P11"));
    }

    [Test]
    public void CapabilitiesAreAnsweredAsDocumented()
    {
        // V.250 6.1.9: "+GCAP: +P11", the command-set prefix unquoted, as AtCommands.All documents it.
        Assert.That(SendText("AT+GCAP"), Is.EqualTo(new[] { AtCommands.Find(AtCommands.Gcap)!.Response, "OK" }));
    }

    [Test]
    public void VersionTestForm() =>
        Assert.That(SendText("AT+P11VER=?"), Is.EqualTo(new[] { "+P11VER: (" + string.Join(",", AtCommands.Versions) + ")", "OK" }));

    [Test]
    public void VersionReadFormBeforeAndAfterSelection()
    {
        var reply = Send("AT+P11VER?");
        Assert.That(reply.Select(l => l.ToString()), Is.EqualTo(new[] { $"+P11VER: 0,{AtSyntax.MaxLineLength},\"p11phone/9.8.7\"", "OK" }));
        SelectVersion();
        Assert.That(Send("AT+P11VER?")[0].Values[0], Is.EqualTo(AtValue.Of(1)));
        Assert.That(_phone.SelectedVersion, Is.EqualTo(1UL));
    }

    [TestCase("AT+P11VER=0")]
    [TestCase("AT+P11VER=2")]
    [TestCase("AT+P11VER=18446744073709551615")]
    public void UnknownVersionsAreRefused(string command)
    {
        Wire.AssertCme(Send(command), AtCmeError.IncorrectParameters);
        Assert.That(_phone.SelectedVersion, Is.EqualTo(0UL));
        Wire.AssertCme(Send("AT+P11PING=1"), AtCmeError.OperationNotAllowed);
    }

    [TestCase("AT+P11PING=1")]
    [TestCase("AT+P11TOKEN=1")]
    [TestCase("AT+P11TOKEN=1,0")]
    [TestCase("AT+P11MECH=1,0")]
    public void TaggedCommandsNeedAVersionFirst(string command)
    {
        Wire.AssertCme(Send(command), AtCmeError.OperationNotAllowed);
        SelectVersion();
        Assert.That(Wire.Rv(Send(command), 1), Is.EqualTo((ulong)CKR.OK));
        _phone.Reset();
        Wire.AssertCme(Send(command), AtCmeError.OperationNotAllowed);
    }

    [Test]
    public void ProbesNeedNoVersion()
    {
        Assert.That(SendText("AT"), Is.EqualTo(new[] { "OK" }));
        Assert.That(Send("ATI")[^1].Kind, Is.EqualTo(AtResponseKind.Ok));
        Assert.That(Send("AT+GCAP")[^1].Kind, Is.EqualTo(AtResponseKind.Ok));
    }

    [Test]
    public void Ping()
    {
        SelectVersion();
        var reply = Send("AT+P11PING=4294967295");
        Assert.That(reply, Has.Count.EqualTo(2));
        Assert.That(Wire.Rv(reply, uint.MaxValue), Is.EqualTo((ulong)CKR.OK));
    }

    [Test]
    public void TokenList()
    {
        SelectVersion();
        foreach (var command in new[] { "AT+P11TOKEN=42", "AT+P11TOKEN=42,", "AT+P11TOKEN=42,0" })
        {
            var reply = Send(command);
            Assert.That(Wire.Rv(reply, 42), Is.EqualTo((ulong)CKR.OK), command);
            var tokens = reply.Where(l => l.Name == AtCommands.Token).ToList();
            Assert.That(tokens, Has.Count.EqualTo(_crypto.Tokens.Count), command);
            Assert.That(reply, Has.Count.EqualTo(tokens.Count + 2), "only token lines, +P11RV and OK");
            for (int i = 0; i < tokens.Count; i++)
            {
                Assert.That(tokens[i].Kind, Is.EqualTo(AtResponseKind.Information));
                Assert.That(tokens[i].Values[0], Is.EqualTo(AtValue.Of(42)), "every information line echoes the tag");
                Assert.That(tokens[i].Values[1], Is.EqualTo(AtValue.Of((ulong)i)));
                Assert.That(P11TokenInfo.TryParse(tokens[i].Values, 2, out var info), Is.True, tokens[i].ToString());
                Assert.That(info.Label, Is.EqualTo(Label));
                Assert.That(info.Serial, Is.EqualTo(Serial));
                Assert.That(info, Is.EqualTo(_crypto.Tokens[i].Info));
            }
        }
    }

    [Test]
    public void TokenSettingsArePersistedAndCanChange()
    {
        _crypto.Dispose();
        using (var again = new SoftwareCryptoModule(_dir.FullName, new TokenSettings()))
        {
            Assert.That(again.Tokens[0].Info.Label, Is.EqualTo(Label));
            Assert.That(again.Tokens[0].Info.Serial, Is.EqualTo(Serial));
        }
        using var renamed = new SoftwareCryptoModule(_dir.FullName, new TokenSettings("Renamed \"phone\", é"));
        var phone = new SecurityManager(renamed, "1");
        phone.Handle(new AtLine("AT+P11VER=1", AtLineStatus.Ok));
        var line = Wire.Answer(phone.Handle, "AT+P11TOKEN=1").First(l => l.Name == AtCommands.Token);
        Assert.That(P11TokenInfo.TryParse(line.Values, 2, out var info), Is.True);
        Assert.That(info.Label, Is.EqualTo("Renamed \"phone\", é"));
        Assert.That(info.Serial, Is.EqualTo(Serial));
    }

    [TestCase("AT+P11TOKEN=5,1")]
    [TestCase("AT+P11TOKEN=5,16")]
    [TestCase("AT+P11TOKEN=5,18446744073709551615")]
    [TestCase("AT+P11MECH=5,1")]
    [TestCase("AT+P11MECH=5,18446744073709551615")]
    public void BadTokenIndexGivesSlotIdInvalid(string command)
    {
        SelectVersion();
        var reply = Send(command);
        Assert.That(reply, Has.Count.EqualTo(2), "no information lines");
        Assert.That(Wire.Rv(reply, 5), Is.EqualTo((ulong)CKR.SLOT_ID_INVALID));
        Assert.That(reply[0].ToString(), Is.EqualTo("+P11RV: 5,3"));
    }

    [Test]
    public void MechanismList()
    {
        SelectVersion();
        var reply = Send("AT+P11MECH=77,0");
        Assert.That(Wire.Rv(reply, 77), Is.EqualTo((ulong)CKR.OK));
        var mechs = reply.Where(l => l.Name == AtCommands.Mech).ToList();
        Assert.That(reply, Has.Count.EqualTo(mechs.Count + 2));
        Assert.That(mechs, Is.Not.Empty);
        var parsed = new List<P11MechanismInfo>();
        foreach (var line in mechs)
        {
            Assert.That(line.Values[0], Is.EqualTo(AtValue.Of(77)));
            Assert.That(line.Values[1], Is.EqualTo(AtValue.Of(0)));
            Assert.That(P11MechanismInfo.TryParse(line.Values, 2, out var m), Is.True, line.ToString());
            parsed.Add(m);
        }
        Assert.That(parsed, Is.EqualTo(_crypto.Tokens[0].Mechanisms));
        Assert.That(parsed.Select(m => m.Mechanism), Does.Contain((ulong)CKM.ECDSA).And.Contain((ulong)CKM.RSA_PKCS));
    }

    [Test]
    public void AgentOnlyCommandsAreRefused()
    {
        SelectVersion();
        Wire.AssertCme(Send("AT+P11SLOTS=1"), AtCmeError.OperationNotSupported);
    }

    [Test]
    public void FaultsDoNotChangeState()
    {
        SelectVersion();
        Wire.AssertCme(Send("AT+P11VER=9"), AtCmeError.IncorrectParameters);
        Assert.That(_phone.SelectedVersion, Is.EqualTo(1UL), "a refused selection keeps the old one");
        Assert.That(SendText("garbage"), Is.EqualTo(new[] { "ERROR" }));
        Assert.That(Wire.Rv(Send("AT+P11PING=3"), 3), Is.EqualTo((ulong)CKR.OK));
    }

    [Test]
    public void AWholeSessionOverAStream()
    {
        // The handshake the agent runs, as one burst of bytes, answered line by line.
        var input = Wire.Bytes("ATE0\rAT+P11VER=1\rAT+P11PING=1\rAT+P11TOKEN=2\rAT+P11MECH=3,0\rAT+P11PING=4\r");
        var output = new MemoryStream();
        var server = new DeviceServer(_phone, TextWriter.Null);
        server.ServeAsync(new DuplexStream(new MemoryStream(input), output), CancellationToken.None).GetAwaiter().GetResult();
        var lines = Wire.Lines(output.ToArray()).Select(l => AtResponseLine.Parse(l.Text)).ToList();
        var collector = new AtResponseCollector(null);
        var responses = new List<AtResponse>();
        foreach (var line in lines)
            if (collector.Feed(line) is { } r) responses.Add(r);
        Assert.That(responses, Has.Count.EqualTo(6));
        Assert.That(responses.All(r => r.IsOk), Is.True, string.Join("\n", responses));
        Assert.That(responses.Skip(2).Select(r => r.Rv), Is.All.EqualTo(0UL));
        Assert.That(output.ToArray().AsSpan().StartsWith(Wire.Bytes("\r\nOK\r\n\r\nOK\r\n\r\n+P11RV: 1,0\r\n\r\nOK\r\n")), Is.True);
    }
}
