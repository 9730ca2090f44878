using NUnit.Framework;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>Correlating answers with commands on the computer's side.</summary>
public sealed class AtResponseCollectorTests
{
    private static AtResponse? FeedAll(AtResponseCollector collector, params string[] lines)
    {
        AtResponse? result = null;
        foreach (var line in lines)
        {
            Assert.That(result, Is.Null, "the response was complete before its last line");
            result = collector.Feed(AtResponseLine.Parse(line));
        }
        return result;
    }

    [Test]
    public void ATaggedResponse()
    {
        var r = FeedAll(new AtResponseCollector(7), "+P11TOKEN: 7,0,\"a\"", "+P11RV: 7,0", "OK");
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.IsOk, Is.True);
        Assert.That(r.Rv, Is.EqualTo(0UL));
        Assert.That(r.Info(AtCommands.Token).Count(), Is.EqualTo(1));
        Assert.That(r.Lines, Has.Count.EqualTo(2));
    }

    [Test]
    public void AStaleTaggedResponseIsSkipped()
    {
        var collector = new AtResponseCollector(8);
        Assert.That(FeedAll(collector, "+P11TOKEN: 7,0,\"stale\"", "+P11RV: 7,0", "OK"), Is.Null);
        var r = FeedAll(collector, "+P11RV: 8,3", "OK");
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Rv, Is.EqualTo(3UL));
        Assert.That(r.Lines, Has.Count.EqualTo(1), "nothing of the stale response is kept");
    }

    [Test]
    public void SeveralStaleResponsesAndABareOkAreSkipped()
    {
        var collector = new AtResponseCollector(9);
        Assert.That(FeedAll(collector, "OK"), Is.Null, "a bare OK (say, of a timed-out ATE0) is not ours");
        Assert.That(FeedAll(collector, "+P11RV: 5,0", "OK"), Is.Null);
        Assert.That(FeedAll(collector, "+P11MECH: 6,0,1,2,3,4", "+P11RV: 6,0", "OK"), Is.Null);
        var r = FeedAll(collector, "+P11MECH: 9,0,1,2,3,4", "+P11RV: 9,0", "OK");
        Assert.That(r!.Info(AtCommands.Mech).Single().Values[0].Number, Is.EqualTo(9UL));
    }

    [Test]
    public void AnAtFaultWithoutRvIsOurs()
    {
        // +CME ERROR or ERROR without +P11RV: our command was refused at the AT level.
        var r = FeedAll(new AtResponseCollector(3), "+CME ERROR: 50");
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.IsOk, Is.False);
        Assert.That(r.Final.CmeCode, Is.EqualTo(50UL));
        Assert.That(r.Rv, Is.Null);

        r = FeedAll(new AtResponseCollector(3), "ERROR");
        Assert.That(r!.Final.Kind, Is.EqualTo(AtResponseKind.Error));
    }

    [TestCase("+P11RV: 1,")]
    [TestCase("+P11RV: 1,\"0\"")]
    [TestCase("+P11RV: ,0")]
    [TestCase("+P11RV: 1")]
    [TestCase("+P11RV: 1,0,0")]
    public void AMalformedRvIsNotCkrOk(string rv)
    {
        // Regression: a +P11RV whose value was a string or omitted used to read as CKR_OK (0).
        var r = FeedAll(new AtResponseCollector(null), rv, "OK");
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Rv, Is.Null);
        // A tagged command does not take it as its answer.
        Assert.That(FeedAll(new AtResponseCollector(1), rv, "OK"), Is.Null);
    }

    [Test]
    public void UntaggedCommandsTakeTheFirstFinalResult()
    {
        var r = FeedAll(new AtResponseCollector(null), "OK");
        Assert.That(r!.IsOk, Is.True);
        r = FeedAll(new AtResponseCollector(null), "+P11VER: 1,8192,\"p11phone/0.1.0\"", "OK");
        Assert.That(r!.Info(AtCommands.Ver).Single().Values[1].Number, Is.EqualTo(8192UL));
        r = FeedAll(new AtResponseCollector(null), "Pkcs11Phone security manager 0.1.0", "OK");
        Assert.That(r!.Lines.Single().Kind, Is.EqualTo(AtResponseKind.Text));
    }

    [Test]
    public void TheCollectorCanBeReused()
    {
        var collector = new AtResponseCollector(null);
        Assert.That(FeedAll(collector, "+P11X: 1", "OK")!.Lines, Has.Count.EqualTo(1));
        Assert.That(FeedAll(collector, "OK")!.Lines, Is.Empty);
    }

    [Test]
    public void TheLineLimitThrowsAProtocolException()
    {
        var collector = new AtResponseCollector(1, maxLines: 3);
        for (int i = 0; i < 3; i++) Assert.That(collector.Feed(AtResponseLine.Parse("+P11MECH: 1,0,1,2,3,4")), Is.Null);
        Assert.Throws<AtProtocolException>(() => collector.Feed(AtResponseLine.Parse("+P11MECH: 1,0,1,2,3,4")));
    }

    [Test]
    public void TheDefaultLineLimit()
    {
        var collector = new AtResponseCollector(1);
        var line = AtResponseLine.Parse("+P11MECH: 1,0,1,2,3,4");
        for (int i = 0; i < AtResponseCollector.DefaultMaxLines; i++) Assert.That(collector.Feed(line), Is.Null);
        var e = Assert.Throws<AtProtocolException>(() => collector.Feed(line));
        Assert.That(e!.Message, Does.Contain(AtResponseCollector.DefaultMaxLines.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void StaleResponsesDoNotCountTowardsTheLimit()
    {
        var collector = new AtResponseCollector(2, maxLines: 3);
        for (int round = 0; round < 10; round++)
            Assert.That(FeedAll(collector, "+P11MECH: 1,0,1,2,3,4", "+P11MECH: 1,0,1,2,3,4", "+P11RV: 1,0", "OK"), Is.Null);
        Assert.That(FeedAll(collector, "+P11RV: 2,0", "OK")!.Rv, Is.EqualTo(0UL));
    }
}
