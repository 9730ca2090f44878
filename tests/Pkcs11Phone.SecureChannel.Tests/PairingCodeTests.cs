using System.Text.RegularExpressions;

namespace Pkcs11Phone.SecureChannel.Tests;

[TestFixture]
public sealed partial class PairingCodeTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{3}[0-9A-HJKMNP-Z*~$=]$")]
    private static partial Regex DisplayFormat();

    [Test]
    public void HasAtLeast128BitsOfEntropy()
    {
        Assert.That(PairingCode.EntropyBits, Is.GreaterThanOrEqualTo(128));
        Assert.That(PairingCode.DataSymbolCount * Math.Log2(Alphabet.Length), Is.GreaterThanOrEqualTo(128));
        Assert.That(PairingCode.Generate().Canonical, Has.Length.EqualTo(PairingCode.DataSymbolCount));
    }

    [Test]
    public void GeneratedCodesAreDistinctAndUseTheWholeAlphabetUniformly()
    {
        const int codes = 4000;
        var seen = new HashSet<string>();
        var counts = new int[Alphabet.Length];
        for (var i = 0; i < codes; i++)
        {
            var code = PairingCode.Generate();
            Assert.That(seen.Add(code.Canonical), Is.True);
            foreach (var c in code.Canonical)
            {
                counts[Alphabet.IndexOf(c, StringComparison.Ordinal)]++;
            }
        }

        // 108000 symbols: about 3375 of each; a fair generator stays well within 15 %.
        var expected = codes * PairingCode.DataSymbolCount / (double)Alphabet.Length;
        Assert.That(counts.Min(), Is.GreaterThan(expected * 0.85));
        Assert.That(counts.Max(), Is.LessThan(expected * 1.15));
    }

    [Test]
    public void DisplayFormatRoundTrips()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = PairingCode.Generate();
            var shown = code.ToString();
            Assert.That(DisplayFormat().IsMatch(shown), Is.True, shown);
            Assert.That(shown[^1], Is.EqualTo(code.CheckSymbol));
            Assert.That(PairingCode.Parse(shown), Is.EqualTo(code));
            Assert.That(PairingCode.Parse(shown.ToLowerInvariant()), Is.EqualTo(code));
            Assert.That(PairingCode.Parse(shown.Replace("-", "", StringComparison.Ordinal)), Is.EqualTo(code));
            Assert.That(PairingCode.Parse(" " + shown.Replace("-", " ", StringComparison.Ordinal) + "\n"), Is.EqualTo(code));
            Assert.That(PairingCode.Parse(shown).ToPsk(), Is.EqualTo(code.ToPsk()));
        }
    }

    [Test]
    public void KnownAnswer()
    {
        // Check symbol and PSK computed independently (Python: the base-32 value mod 37; RFC 5869
        // HKDF-SHA256 with hmac/hashlib, empty salt, info "pkcs11phone pairing psk v1").
        var code = PairingCode.Parse("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTJ");
        Assert.That(code.Canonical, Is.EqualTo("0123456789ABCDEFGHJKMNPQRST"));
        Assert.That(code.CheckSymbol, Is.EqualTo('J'));
        Assert.That(code.ToString(), Is.EqualTo("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTJ"));
        Assert.That(
            Convert.ToHexStringLower(code.ToPsk()),
            Is.EqualTo("38d7d8050881aaa958cc3ca6214562e50a5a8c6ae196d4e223788bee1d3716b7"));
    }

    [Test]
    public void CrockfordLookAlikesAreAccepted()
    {
        var code = PairingCode.Parse("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTJ");
        Assert.That(PairingCode.Parse("o123-4567-89ab-cdef-ghjk-mnpq-rstj"), Is.EqualTo(code));
        Assert.That(PairingCode.Parse("OI23-4567-89AB-CDEF-GHJK-MNPQ-RSTJ"), Is.EqualTo(code));
        Assert.That(PairingCode.Parse("0l23-4567-89AB-CDEF-GHJK-MNPQ-RSTJ"), Is.EqualTo(code));
    }

    [Test]
    public void EverySingleSymbolTypoIsDetected()
    {
        for (var n = 0; n < 30; n++)
        {
            var compact = PairingCode.Generate().ToString().Replace("-", "", StringComparison.Ordinal);
            for (var position = 0; position < compact.Length; position++)
            {
                var replacements = position < PairingCode.DataSymbolCount ? Alphabet : Alphabet + "*~$=U";
                foreach (var replacement in replacements)
                {
                    if (replacement == compact[position])
                    {
                        continue;
                    }

                    var typo = compact[..position] + replacement + compact[(position + 1)..];
                    Assert.That(PairingCode.TryParse(typo, out _), Is.False, typo);
                    Assert.Throws<FormatException>(() => PairingCode.Parse(typo));
                }
            }
        }
    }

    [Test]
    public void EverySwapOfAdjacentSymbolsIsDetected()
    {
        for (var n = 0; n < 300; n++)
        {
            var compact = PairingCode.Generate().ToString().Replace("-", "", StringComparison.Ordinal);
            for (var position = 0; position + 1 < compact.Length; position++)
            {
                if (compact[position] == compact[position + 1])
                {
                    continue;
                }

                var swapped = compact[..position] + compact[position + 1] + compact[position] + compact[(position + 2)..];
                Assert.That(PairingCode.TryParse(swapped, out _), Is.False, swapped);
            }
        }
    }

    [TestCase("")]
    [TestCase("0123-4567-89AB-CDEF-GHJK-MNPQ-RST")]
    [TestCase("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTJJ")]
    [TestCase("0123-4567-89AB-CDEF-GHJK-MNPQ-RSUJ")]
    [TestCase("0123-4567-89AB-CDEF-GHJK-MNPQ-RS*J")]
    [TestCase("0123-4567-89AB-CDEF-GHJK-MNPQ-RST!")]
    [TestCase("0123_4567-89AB-CDEF-GHJK-MNPQ-RSTJ")]
    [TestCase("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTÄ")]
    public void MalformedCodesAreRejected(string text)
    {
        Assert.That(PairingCode.TryParse(text, out var code), Is.False);
        Assert.That(code, Is.Null);
        Assert.Throws<FormatException>(() => PairingCode.Parse(text));
    }

    [Test]
    public void NullIsRejected()
    {
        Assert.That(PairingCode.TryParse(null, out _), Is.False);
        Assert.Throws<ArgumentNullException>(() => PairingCode.Parse(null!));
    }

    [Test]
    public void DifferentCodesGiveDifferentPsks()
    {
        var psks = Enumerable.Range(0, 100).Select(_ => Convert.ToHexString(PairingCode.Generate().ToPsk())).ToList();
        Assert.That(psks.Distinct().Count(), Is.EqualTo(100));
        Assert.That(PairingCode.Generate().ToPsk(), Has.Length.EqualTo(32));
    }
}
