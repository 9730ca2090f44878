using NUnit.Framework;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>The AT+ codec: command lines, values, quoting, response lines and the acceptance checks of AtReplies.</summary>
public sealed class AtCodecTests
{
    private static readonly (AtForms Flag, AtForm Form)[] FormOrder =
        [(AtForms.Action, AtForm.Action), (AtForms.Set, AtForm.Set), (AtForms.Read, AtForm.Read), (AtForms.Test, AtForm.Test)];

    /// <summary>Sample arguments for a set form: every parameter, or only the required ones.</summary>
    private static AtValue[] SampleArgs(AtCommandSpec spec, bool withOptional)
    {
        var args = new List<AtValue>();
        foreach (var (p, i) in spec.Params.Select((p, i) => (p, i)))
        {
            if (p.Optional && !withOptional) break;
            args.Add(p.Kind switch
            {
                AtValueKind.Number => AtValue.Of(i == 0 && spec.Tagged ? uint.MaxValue : 1000UL + (ulong)i),
                AtValueKind.String => AtValue.Of($"sample \"{i}\" \\ é"),
                _ => AtValue.Omitted,
            });
        }
        return args.ToArray();
    }

    private static IEnumerable<TestCaseData> EveryCommandForm()
    {
        foreach (var spec in AtCommands.All)
            foreach (var (flag, form) in FormOrder)
            {
                if ((spec.Forms & flag) == 0) continue;
                if (form != AtForm.Set)
                {
                    yield return new TestCaseData(spec.Name, form, Array.Empty<AtValue>()).SetArgDisplayNames(spec.Name, form.ToString());
                    continue;
                }
                yield return new TestCaseData(spec.Name, form, SampleArgs(spec, true)).SetArgDisplayNames(spec.Name, "Set", "all");
                if (spec.Params.Any(p => p.Optional))
                    yield return new TestCaseData(spec.Name, form, SampleArgs(spec, false)).SetArgDisplayNames(spec.Name, "Set", "required");
            }
    }

    [TestCaseSource(nameof(EveryCommandForm))]
    public void EveryCommandOfTheTableRoundTrips(string name, AtForm form, AtValue[] args)
    {
        var spec = AtCommands.Find(name)!;
        var command = new AtCommandLine(name, form, args);
        var text = command.ToString();
        Assert.That(text, Does.StartWith("AT" + name));

        Assert.That(AtCommandLine.TryParse(text, out var parsed, out var error), Is.True, error);
        Assert.That(parsed.Name, Is.EqualTo(name));
        Assert.That(parsed.Form, Is.EqualTo(form));
        Assert.That(parsed.Args, Is.EqualTo(args));
        Assert.That(parsed.ToString(), Is.EqualTo(text));
        Assert.That(spec.Accepts(parsed, out error), Is.True, error);

        // The same through the wire bytes and the line reader, in both scopes the command belongs to.
        var lines = Wire.Lines(AtWire.Command(command));
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Is.EqualTo(new AtLine(text, AtLineStatus.Ok)));
        foreach (var scope in new[] { AtScope.Link, AtScope.Agent })
        {
            bool accepted = AtReplies.TryAccept(lines[0], scope, out var acceptedCommand, out var acceptedSpec, out var fault);
            if ((spec.Scope & scope) == 0)
            {
                Assert.That(accepted, Is.False);
                Wire.AssertCme(fault, AtCmeError.OperationNotSupported);
                continue;
            }
            Assert.That(accepted, Is.True, string.Join(" | ", fault));
            Assert.That(acceptedSpec, Is.SameAs(spec));
            Assert.That(acceptedCommand.Args, Is.EqualTo(args));
        }
    }

    [Test]
    public void TheTableIsConsistent()
    {
        Assert.That(AtCommands.All.Select(c => c.Name), Is.Unique);
        foreach (var spec in AtCommands.All)
        {
            Assert.That(AtSyntax.IsExtendedName(spec.Name), Is.True, spec.Name);
            Assert.That(spec.Forms, Is.Not.EqualTo(AtForms.None), spec.Name);
            Assert.That((spec.Forms & AtForms.Set) != 0, Is.EqualTo(spec.Params.Length > 0), $"{spec.Name}: a set form needs parameters");
            // Optional parameters only at the end, so that SetSyntax's nesting means what it says.
            Assert.That(spec.Params.SkipWhile(p => !p.Optional).All(p => p.Optional), Is.True, spec.Name);
            Assert.That(AtCommands.Find(spec.Name), Is.SameAs(spec));
            if (spec.Tagged) Assert.That(spec.Params[0].Kind, Is.EqualTo(AtValueKind.Number));
        }
        Assert.That(AtCommands.Find(AtCommands.Rv), Is.Null, "+P11RV is a response, not a command");
        Assert.That(AtCommands.Find("+NOPE"), Is.Null);
    }

    [Test]
    public void SetSyntaxNestsOptionalParameters()
    {
        Assert.That(AtCommands.Find(AtCommands.Token)!.SetSyntax, Is.EqualTo("AT+P11TOKEN=<tag>[,<token>]"));
        Assert.That(AtCommands.Find(AtCommands.Mech)!.SetSyntax, Is.EqualTo("AT+P11MECH=<tag>,<token>"));
        Assert.That(AtCommands.Find(AtCommands.Ver)!.SetSyntax, Is.EqualTo("AT+P11VER=<version>"));
    }

    [TestCase("AT", "", AtForm.Action)]
    [TestCase("at", "", AtForm.Action)]
    [TestCase("ATE0", "E", AtForm.Set)]
    [TestCase("ate1", "E", AtForm.Set)]
    [TestCase("ATI", "I", AtForm.Action)]
    [TestCase("AT+gcap", "+GCAP", AtForm.Action)]
    [TestCase("  AT+P11VER?  ", "+P11VER", AtForm.Read)]
    [TestCase("AT+P11VER=?", "+P11VER", AtForm.Test)]
    public void BasicAndExtendedForms(string line, string name, AtForm form)
    {
        Assert.That(AtCommandLine.TryParse(line, out var c, out var error), Is.True, error);
        Assert.That(c.Name, Is.EqualTo(name));
        Assert.That(c.Form, Is.EqualTo(form));
    }

    [Test]
    public void BasicCommandsRoundTrip()
    {
        foreach (var c in new[] { new AtCommandLine("E", AtForm.Set, [AtValue.Of(0)]), new AtCommandLine("I", AtForm.Action, []), new AtCommandLine("", AtForm.Action, []) })
        {
            Assert.That(AtCommandLine.TryParse(c.ToString(), out var parsed, out var error), Is.True, error);
            Assert.That(parsed.Name, Is.EqualTo(c.Name));
            Assert.That(parsed.Form, Is.EqualTo(c.Form));
            Assert.That(parsed.Args, Is.EqualTo(c.Args));
        }
        Assert.That(new AtCommandLine("E", AtForm.Set, [AtValue.Of(0)]).ToString(), Is.EqualTo("ATE0"));
    }

    // ---- quoting ----

    [TestCase("")]
    [TestCase("plain text")]
    [TestCase("quote \" inside")]
    [TestCase("back\\slash")]
    [TestCase("\\22 is not an escape once quoted")]
    [TestCase("cr\r lf\n tab\t nul\0 del\u007f esc\u001b", TestName = "StringsRoundTrip(control characters)")]
    [TestCase("comma, and \"quoted, \" commas,,")]
    [TestCase("UTF-8: é ü ß — € 日本語 🔑")]
    [TestCase("C1 control \u0085 and NBSP \u00a0")]
    public void StringsRoundTrip(string text)
    {
        var quoted = AtSyntax.Quote(text);
        Assert.That(quoted, Does.StartWith("\"").And.EndWith("\""));
        foreach (var c in quoted[1..^1])
        {
            Assert.That(c >= 0x20 && c != 0x7F && c != '"', Is.True, $"0x{(int)c:X2} must not appear raw in {quoted}");
        }

        var values = new List<AtValue>();
        Assert.That(AtSyntax.TryParseValues(quoted, values, out var error), Is.True, error);
        Assert.That(values, Is.EqualTo(new[] { AtValue.Of(text) }));

        // And through a whole command line and the wire.
        var command = AtCommandLine.Set("+P11X", 1, text, 2);
        var lines = Wire.Lines(AtWire.Command(command));
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Status, Is.EqualTo(AtLineStatus.Ok));
        Assert.That(AtCommandLine.TryParse(lines[0].Text, out var parsed, out error), Is.True, error);
        Assert.That(parsed.Args, Is.EqualTo(new[] { AtValue.Of(1), AtValue.Of(text), AtValue.Of(2) }));

        // And through an information response.
        var response = AtResponseLine.Info("+P11X", 7, text);
        var back = AtResponseLine.Parse(response.ToString());
        Assert.That(back.Kind, Is.EqualTo(AtResponseKind.Information));
        Assert.That(back.Values, Is.EqualTo(new[] { AtValue.Of(7), AtValue.Of(text) }));
    }

    [Test]
    public void EscapesAreTwoUpperCaseHexDigits()
    {
        Assert.That(AtSyntax.Quote("a\"b\\c\r\n"), Is.EqualTo("\"a\\22b\\5Cc\\0D\\0A\""));
        Assert.That(AtSyntax.Quote("é"), Is.EqualTo("\"é\""), "non-ASCII text is sent as UTF-8, not escaped");
        var values = new List<AtValue>();
        Assert.That(AtSyntax.TryParseValues("\"\\5c\\5C\\41\"", values, out var error), Is.True, error);
        Assert.That(values, Is.EqualTo(new[] { AtValue.Of("\\\\A") }), "lower-case hex is accepted");
    }

    [TestCase("\"unterminated", "unterminated")]
    [TestCase("\"bad \\escape\"", "bad escape")]
    [TestCase("\"short \\4\"", "bad escape")]
    [TestCase("\"end \\", "bad escape")]
    [TestCase("\"end \\4", "bad escape")]
    [TestCase("\"\\80\"", "not ASCII")]
    [TestCase("\"\\FF\"", "not ASCII")]
    [TestCase("\"\\C3\\A9\"", "not ASCII")]
    [TestCase("\"raw\ttab\"", "control character")]
    [TestCase("\"raw\u007fdel\"", "control character", TestName = "MalformedValuesAreErrors(raw DEL in a string)")]
    [TestCase("\"a\"\"b\"", "expected ','")]
    [TestCase("\"a\"x", "expected ','")]
    [TestCase("1 2", "expected ','")]
    [TestCase("abc", "unexpected character")]
    [TestCase("-1", "unexpected character")]
    [TestCase("+1", "unexpected character")]
    [TestCase("0x10", "expected ','")]
    [TestCase("(1)", "unexpected character")]
    public void MalformedValuesAreErrors(string text, string reason)
    {
        var values = new List<AtValue>();
        Assert.That(AtSyntax.TryParseValues(text, values, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));

        // The same inside a command line: an unparsable line, answered ERROR.
        var line = new AtLine("AT+P11PING=" + text, AtLineStatus.Ok);
        Assert.That(AtReplies.TryAccept(line, AtScope.Link, out _, out _, out var fault), Is.False);
        Assert.That(fault, Is.EqualTo(new[] { AtResponseLine.Error }));
    }

    // ---- value lists ----

    [TestCase("", new int[0])]
    [TestCase(",", new[] { -1, -1 })]
    [TestCase("1,", new[] { 1, -1 })]
    [TestCase(",1", new[] { -1, 1 })]
    [TestCase("1,,3", new[] { 1, -1, 3 })]
    [TestCase(",,", new[] { -1, -1, -1 })]
    [TestCase(" 1 , , 3 ", new[] { 1, -1, 3 })]
    public void OmittedValues(string text, int[] expected)
    {
        var values = new List<AtValue>();
        Assert.That(AtSyntax.TryParseValues(text, values, out var error), Is.True, error);
        Assert.That(values, Is.EqualTo(expected.Select(n => n < 0 ? AtValue.Omitted : AtValue.Of((ulong)n)).ToArray()));
    }

    [Test]
    public void OmittedValuesRoundTripInsideALine()
    {
        AtValue[] args = [1, AtValue.Omitted, "x", AtValue.Omitted];
        var text = AtCommandLine.Set("+P11X", args).ToString();
        Assert.That(text, Is.EqualTo("AT+P11X=1,,\"x\","));
        Assert.That(AtCommandLine.TryParse(text, out var parsed, out var error), Is.True, error);
        Assert.That(parsed.Args, Is.EqualTo(args));
    }

    [Test]
    public void OptionalTokenMayBeOmitted()
    {
        var spec = AtCommands.Find(AtCommands.Token)!;
        Assert.That(AtCommandLine.TryParse("AT+P11TOKEN=1,", out var c, out var error), Is.True, error);
        Assert.That(c.Args, Is.EqualTo(new[] { AtValue.Of(1), AtValue.Omitted }));
        Assert.That(spec.Accepts(c, out error), Is.True, error);
    }

    [Test]
    public void ValueCountIsLimited()
    {
        var values = new List<AtValue>();
        var ok = string.Join(",", Enumerable.Repeat("1", AtSyntax.MaxValues));
        Assert.That(AtSyntax.TryParseValues(ok, values, out var error), Is.True, error);
        Assert.That(values, Has.Count.EqualTo(AtSyntax.MaxValues));
        Assert.That(AtSyntax.TryParseValues(ok + ",1", values, out error), Is.False);
        // Regression: a trailing comma used to add a 65th (omitted) value past the limit.
        Assert.That(AtSyntax.TryParseValues(ok + ",", values, out error), Is.False, "a trailing omitted value counts too");
        var almost = string.Join(",", Enumerable.Repeat("1", AtSyntax.MaxValues - 1)) + ",";
        Assert.That(AtSyntax.TryParseValues(almost, values, out error), Is.True, error);
        Assert.That(values, Has.Count.EqualTo(AtSyntax.MaxValues));
        Assert.That(values[^1], Is.EqualTo(AtValue.Omitted));
        Assert.That(AtSyntax.TryParseValues(new string(',', AtSyntax.MaxValues - 1), values, out error), Is.True, error);
        Assert.That(values, Has.Count.EqualTo(AtSyntax.MaxValues));
        Assert.That(AtSyntax.TryParseValues(new string(',', AtSyntax.MaxValues), values, out _), Is.False);
    }

    // ---- numbers ----

    [TestCase("0", 0UL)]
    [TestCase("007", 7UL)]
    [TestCase("4294967296", 4294967296UL)]
    [TestCase("18446744073709551615", ulong.MaxValue)]
    public void NumbersUpToTheSixtyFourBitLimit(string text, ulong expected)
    {
        var values = new List<AtValue>();
        Assert.That(AtSyntax.TryParseValues(text, values, out var error), Is.True, error);
        Assert.That(values, Is.EqualTo(new[] { AtValue.Of(expected) }));
        Assert.That(AtValue.Of(expected).ToString(), Is.EqualTo(expected.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("18446744073709551616")]
    [TestCase("18446744073709551620")]
    [TestCase("99999999999999999999")]
    [TestCase("100000000000000000000")]
    [TestCase("123456789012345678901234567890")]
    public void NumbersPastTheLimitAreErrors(string text)
    {
        var values = new List<AtValue>();
        Assert.That(AtSyntax.TryParseValues(text, values, out var error), Is.False);
        Assert.That(error, Does.Contain("out of range"));
        Assert.That(AtCommandLine.TryParse("AT+P11PING=" + text, out _, out _), Is.False);
        Assert.That(AtResponseLine.Parse("+P11RV: 1," + text).Kind, Is.EqualTo(AtResponseKind.Text));
    }

    [Test]
    public void TagsAreThirtyTwoBits()
    {
        var spec = AtCommands.Find(AtCommands.Ping)!;
        Assert.That(spec.Accepts(AtCommandLine.Set(AtCommands.Ping, uint.MaxValue), out var error), Is.True, error);
        Assert.That(spec.Accepts(AtCommandLine.Set(AtCommands.Ping, (ulong)uint.MaxValue + 1), out _), Is.False);
        Assert.That(AtReplies.TryAccept(new AtLine("AT+P11PING=4294967296", AtLineStatus.Ok), AtScope.Link, out _, out _, out var fault), Is.False);
        Wire.AssertCme(fault, AtCmeError.IncorrectParameters);
    }

    // ---- command lines that are not right ----

    [TestCase("")]
    [TestCase("A")]
    [TestCase("XT")]
    [TestCase("hello")]
    [TestCase("AT+")]
    [TestCase("AT+1ABC")]
    [TestCase("AT+ABCDEFGHIJKLMNOPQ")]
    [TestCase("AT+P11 PING=1")]
    [TestCase("AT+P11PING=1;+P11PING=2")]
    [TestCase("AT+P11PING=1;")]
    [TestCase("AT+P11VER?=")]
    [TestCase("AT+P11VER??")]
    [TestCase("AT+P11VER=?1")]
    [TestCase("ATE0E0")]
    [TestCase("ATE0;I")]
    [TestCase("AT&F")]
    [TestCase("ATE1234")]
    [TestCase("AT E0")]
    [TestCase("ATE-1")]
    public void UnparsableLinesGiveError(string line)
    {
        Assert.That(AtCommandLine.TryParse(line, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
        foreach (var scope in new[] { AtScope.Link, AtScope.Agent })
        {
            Assert.That(AtReplies.TryAccept(new AtLine(line, AtLineStatus.Ok), scope, out _, out var spec, out var fault), Is.False);
            Assert.That(spec, Is.Null);
            Assert.That(fault, Is.EqualTo(new[] { AtResponseLine.Error }));
        }
    }

    [TestCase("AT+CGMI")]
    [TestCase("AT+P11NOPE=1")]
    [TestCase("AT+P11RV=1,0")]
    [TestCase("AT+P11NOPE?")]
    [TestCase("AT+FCLASS=?")]
    [TestCase("AT+P11VER%1")]
    public void UnknownCommandsGiveCme4(string line)
    {
        foreach (var scope in new[] { AtScope.Link, AtScope.Agent })
        {
            Assert.That(AtReplies.TryAccept(new AtLine(line, AtLineStatus.Ok), scope, out _, out _, out var fault), Is.False);
            Wire.AssertCme(fault, AtCmeError.OperationNotSupported);
        }
    }

    [Test]
    public void CommandsOfTheOtherScopeGiveCme4()
    {
        Assert.That(AtReplies.TryAccept(new AtLine("AT+P11SLOTS=1", AtLineStatus.Ok), AtScope.Link, out _, out _, out var fault), Is.False);
        Wire.AssertCme(fault, AtCmeError.OperationNotSupported);
        foreach (var line in new[] { "AT+GCAP", "AT+P11VER=1", "AT+P11VER?", "AT+P11VER=?" })
        {
            Assert.That(AtReplies.TryAccept(new AtLine(line, AtLineStatus.Ok), AtScope.Agent, out _, out _, out fault), Is.False, line);
            Wire.AssertCme(fault, AtCmeError.OperationNotSupported);
        }
    }

    [TestCase("AT+P11PING")]                 // no action form
    [TestCase("AT+P11PING?")]                // no read form
    [TestCase("AT+P11PING=?")]               // no test form
    [TestCase("AT+P11PING=")]                // tag missing
    [TestCase("AT+P11PING=,")]               // tag omitted
    [TestCase("AT+P11PING=1,2")]             // one too many
    [TestCase("AT+P11PING=\"1\"")]           // a string for a number
    [TestCase("AT+P11TOKEN=1,\"0\"")]
    [TestCase("AT+P11TOKEN=1,2,3")]
    [TestCase("AT+P11TOKEN=1,,")]
    [TestCase("AT+P11MECH=1")]
    [TestCase("AT+P11MECH=1,")]              // <token> is required
    [TestCase("AT+P11MECH=,1")]
    [TestCase("AT+P11VER")]
    [TestCase("AT+P11VER=\"1\"")]
    [TestCase("AT+P11VER=1,2")]
    [TestCase("AT+GCAP=1")]
    [TestCase("AT+GCAP?")]
    public void WrongFormsAndParametersGiveCme50(string line)
    {
        var scope = line.StartsWith("AT+GCAP", StringComparison.Ordinal) || line.StartsWith("AT+P11VER", StringComparison.Ordinal) ? AtScope.Link : AtScope.Both;
        foreach (var s in new[] { AtScope.Link, AtScope.Agent }.Where(s => (scope & s) != 0))
        {
            Assert.That(AtReplies.TryAccept(new AtLine(line, AtLineStatus.Ok), s, out _, out var spec, out var fault), Is.False);
            Assert.That(spec, Is.Not.Null);
            Wire.AssertCme(fault, AtCmeError.IncorrectParameters);
        }
    }

    [Test]
    public void LineStatusesBecomeCmeErrors()
    {
        Assert.That(AtReplies.TryAccept(new AtLine("", AtLineStatus.TooLong), AtScope.Link, out _, out _, out var fault), Is.False);
        Wire.AssertCme(fault, AtCmeError.TextStringTooLong);
        Assert.That(AtReplies.TryAccept(new AtLine("", AtLineStatus.BadBytes), AtScope.Agent, out _, out _, out fault), Is.False);
        Wire.AssertCme(fault, AtCmeError.InvalidCharactersInText);
    }

    [Test]
    public void OverlongTextIsRefusedByTheParser()
    {
        var line = "AT+P11PING=1" + new string(' ', AtSyntax.MaxLineLength);
        Assert.That(AtCommandLine.TryParse(line, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("too long"));
    }

    // ---- response lines ----

    [Test]
    public void ResponseLinesRoundTrip()
    {
        AtResponseLine[] lines =
        [
            AtResponseLine.Ok, AtResponseLine.Error,
            AtResponseLine.Cme(AtCmeError.OperationNotAllowed), AtResponseLine.Cme(AtCmeError.Unknown),
            AtReplies.Rv(uint.MaxValue, ulong.MaxValue),
            AtResponseLine.Info(AtCommands.Token, 1, 0, "label, with \"quotes\"", AtValue.Omitted, 5),
            AtResponseLine.Info("+P11X"),
            AtResponseLine.Plain("Pkcs11Phone security manager 0.1.0"),
        ];
        foreach (var line in lines)
        {
            var back = AtResponseLine.Parse(line.ToString());
            Assert.That(back.Kind, Is.EqualTo(line.Kind), line.ToString());
            Assert.That(back.Name, Is.EqualTo(line.Name), line.ToString());
            Assert.That(back.Values, Is.EqualTo(line.Values), line.ToString());
            Assert.That(back.ToString(), Is.EqualTo(line.ToString()));
            Assert.That(back.IsFinal, Is.EqualTo(line.IsFinal));
        }
    }

    [TestCase("+CME ERROR: 3", AtResponseKind.CmeError, 3UL)]
    [TestCase("+CME ERROR: x", AtResponseKind.CmeError, 100UL)]
    [TestCase("+CME ERROR: 1,2", AtResponseKind.CmeError, 100UL)]
    [TestCase("+CME ERROR: ", AtResponseKind.CmeError, 100UL)]
    [TestCase("+P11VER: (1)", AtResponseKind.Text, 0UL)]
    [TestCase("+P11RV: 1,\"", AtResponseKind.Text, 0UL)]
    [TestCase("+GCAP: +P11", AtResponseKind.Text, 0UL)]
    [TestCase("+bad name: 1", AtResponseKind.Text, 0UL)]
    [TestCase("+P11RV:1,0", AtResponseKind.Text, 0UL)]
    [TestCase("ok", AtResponseKind.Text, 0UL)]
    [TestCase("OK ", AtResponseKind.Text, 0UL)]
    [TestCase("", AtResponseKind.Text, 0UL)]
    [TestCase(": ", AtResponseKind.Text, 0UL)]
    [TestCase("+: 1", AtResponseKind.Text, 0UL)]
    public void OddResponseLinesAreClassifiedWithoutThrowing(string text, AtResponseKind kind, ulong cme)
    {
        var line = AtResponseLine.Parse(text);
        Assert.That(line.Kind, Is.EqualTo(kind));
        Assert.That(line.CmeCode, Is.EqualTo(cme));
        if (kind == AtResponseKind.Text) Assert.That(line.Text, Is.EqualTo(text));
    }

    [Test]
    public void CmeCodesAreThoseOf27007()
    {
        Assert.That((ulong)AtCmeError.OperationNotAllowed, Is.EqualTo(3));
        Assert.That((ulong)AtCmeError.OperationNotSupported, Is.EqualTo(4));
        Assert.That((ulong)AtCmeError.TextStringTooLong, Is.EqualTo(24));
        Assert.That((ulong)AtCmeError.InvalidCharactersInText, Is.EqualTo(25));
        Assert.That((ulong)AtCmeError.IncorrectParameters, Is.EqualTo(50));
        Assert.That((ulong)AtCmeError.Unknown, Is.EqualTo(100));
    }

    [Test]
    public void WireFraming()
    {
        Assert.That(AtWire.Command(AtCommandLine.Set(AtCommands.Ping, 5)), Is.EqualTo(Wire.Bytes("AT+P11PING=5\r")));
        Assert.That(AtWire.Response(AtReplies.Tagged(5, 0)), Is.EqualTo(Wire.Bytes("\r\n+P11RV: 5,0\r\n\r\nOK\r\n")));
        Assert.That(AtWire.Response(AtResponseLine.Cme(AtCmeError.IncorrectParameters)), Is.EqualTo(Wire.Bytes("\r\n+CME ERROR: 50\r\n")));
        Assert.That(AtWire.Response(AtResponseLine.Info("+P11X", "é")), Is.EqualTo(new byte[] { 13, 10, (byte)'+', (byte)'P', (byte)'1', (byte)'1', (byte)'X', (byte)':', (byte)' ', (byte)'"', 0xC3, 0xA9, (byte)'"', 13, 10 }));
    }

    // ---- records on the wire ----

    [Test]
    public void RecordsRoundTripThroughInformationLines()
    {
        var token = new P11TokenInfo("Demo phone", "Pkcs11Phone", "Software keystore", "0011223344556677", 0x40D, 64, 4, null, 10, null, ulong.MaxValue, "0.1", "0.1");
        var line = AtResponseLine.Parse(AtResponseLine.Info(AtCommands.Token, [3, 0, .. token.ToValues()]).ToString());
        Assert.That(P11TokenInfo.TryParse(line.Values, 2, out var t), Is.True);
        Assert.That(t, Is.EqualTo(token));

        var mech = new P11MechanismInfo(0x1041, 256, 521, ulong.MaxValue);
        line = AtResponseLine.Parse(AtResponseLine.Info(AtCommands.Mech, [3, 0, .. mech.ToValues()]).ToString());
        Assert.That(P11MechanismInfo.TryParse(line.Values, 2, out var m), Is.True);
        Assert.That(m, Is.EqualTo(mech));

        var slot = new P11SlotInfo(true, "my phone Software keystore", "Pkcs11Phone", 3);
        line = AtResponseLine.Parse(AtResponseLine.Info(AtCommands.Slots, [3, 16, .. slot.ToValues()]).ToString());
        Assert.That(P11SlotInfo.TryParse(line.Values, 2, out var s), Is.True);
        Assert.That(s, Is.EqualTo(slot));
    }

    [Test]
    public void MalformedRecordsAreRefused()
    {
        var mech = new P11MechanismInfo(1, 2, 3, 4).ToValues();
        Assert.That(P11MechanismInfo.TryParse([.. mech, 5], 0, out _), Is.False, "one value too many");
        Assert.That(P11MechanismInfo.TryParse(mech[..3], 0, out _), Is.False, "one value too few");
        Assert.That(P11MechanismInfo.TryParse([1, "2", 3, 4], 0, out _), Is.False, "a string for a number");
        Assert.That(P11MechanismInfo.TryParse([1, AtValue.Omitted, 3, 4], 0, out _), Is.False, "an omitted required number");
        Assert.That(P11SlotInfo.TryParse([2, "d", "m"], 0, out _), Is.False, "present is 0 or 1");
        var token = new P11TokenInfo("l", "m", "mo", "s", 0, 0, 0, null, null, null, null, "h", "f").ToValues();
        Assert.That(P11TokenInfo.TryParse(token, 0, out _), Is.True);
        token[7] = "x";
        Assert.That(P11TokenInfo.TryParse(token, 0, out _), Is.False);
        Assert.That(P11TokenInfo.TryParse([], 0, out _), Is.False);
        Assert.That(P11TokenInfo.TryParse(token, 99, out _), Is.False);
    }
}
