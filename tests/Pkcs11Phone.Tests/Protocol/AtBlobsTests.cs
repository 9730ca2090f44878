using NUnit.Framework;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>
/// Binary values on the wire (docs/protocol.md, "Binary values"): inline base64 up to <see cref="AtBlobs.ChunkChars"/>,
/// else staged in +P11DATA chunks that each fit in one line, in commands (BlobStage, TryResolve) and in responses (TryRead).
/// Every value here goes through real bytes: formatted, split into lines by AtLineReader and parsed back.
/// </summary>
public sealed class AtBlobsTests
{
    private const ulong Tag = 4294967295; // the longest tag, so that the line lengths checked are the worst case
    private const int Kib = 1024;
    private static readonly ulong ArgumentsBad = CKR.ARGUMENTS_BAD;
    private static readonly ulong DataLenRange = CKR.DATA_LEN_RANGE;

    private static byte[] Blob(int length, int seed = 1)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>A command as the answering side receives it: its bytes within the line limit, one line, accepted by the table.</summary>
    private static AtCommandLine Receive(AtCommandLine sent)
    {
        var bytes = AtWire.Command(sent);
        Assert.That(bytes.Length - 1, Is.LessThanOrEqualTo(AtSyntax.MaxLineLength), "a command line fits under the line limit");
        var lines = Wire.Lines(bytes);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Status, Is.EqualTo(AtLineStatus.Ok));
        Assert.That(AtReplies.TryAccept(lines[0], AtScope.Both, out var command, out var spec, out var fault), Is.True, string.Join(" | ", fault));
        Assert.That(spec, Is.Not.Null);
        return command;
    }

    /// <summary>A response as the computer receives it: every line within the limit, collected for its tag.</summary>
    private static AtResponse ReceiveResponse(IEnumerable<AtResponseLine> sent, ulong tag = Tag)
    {
        var bytes = AtWire.Response(sent);
        var lines = Wire.Lines(bytes);
        Assert.That(lines.All(l => l.Status == AtLineStatus.Ok), Is.True, "every response line fits under the line limit");
        Assert.That(lines.Max(l => System.Text.Encoding.UTF8.GetByteCount(l.Text)), Is.LessThanOrEqualTo(AtSyntax.MaxLineLength));
        var collector = new AtResponseCollector(tag);
        AtResponse? response = null;
        foreach (var l in lines) response = collector.Feed(AtResponseLine.Parse(l.Text)) ?? response;
        Assert.That(response, Is.Not.Null);
        return response!;
    }

    /// <summary>
    /// Sends a blob the way the agent and the module do: AT+P11DATA chunks if needed, then AT+P11CREATE with the
    /// value pair; on the receiving side each chunk goes to a stage and the value is resolved from the command.
    /// </summary>
    private static (List<AtCommandLine> Staging, AtCommandLine Main, byte[]? Resolved) SendCreate(byte[] blob, BlobStage stage)
    {
        var (len, text, staging) = AtBlobs.ForCommand(Tag, blob);
        foreach (var chunk in staging)
        {
            var c = Receive(chunk);
            Assert.That(c.Name, Is.EqualTo(AtCommands.Data));
            Assert.That(stage.Add(c.Args[1], c.Args[2], c.Args[3]), Is.EqualTo(0UL), $"the chunk at {c.Args[1]}");
        }
        var main = Receive(AtCommandLine.Set(AtCommands.Create, Tag, 15, "4194304.18446744073709551615", len, text));
        return (staging, main, stage.TryResolve(main.Args, 3, out var resolved) ? resolved : null);
    }

    private static AtValue N(ulong n) => AtValue.Of(n);
    private static AtValue S(string s) => AtValue.Of(s);

    // ---- commands ----

    [Test]
    public void ASmallBlobGoesInline()
    {
        var blob = Blob(100);
        var stage = new BlobStage();
        var (staging, main, resolved) = SendCreate(blob, stage);
        Assert.That(staging, Is.Empty);
        Assert.That(main.Args[3], Is.EqualTo(N(100)));
        Assert.That(main.Args[4], Is.EqualTo(S(Convert.ToBase64String(blob))));
        Assert.That(resolved, Is.EqualTo(blob));
    }

    [Test]
    public void AnEmptyBlobIsZeroAndAnEmptyString()
    {
        var (len, text, staging) = AtBlobs.ForCommand(1, []);
        Assert.That((len, text, staging.Count), Is.EqualTo((N(0), S(""), 0)));
        Assert.That(new BlobStage().TryResolve([N(0), S("")], 0, out var blob), Is.True);
        Assert.That(blob, Is.Empty);
    }

    [Test]
    public void TheInlineLimitIsChunkCharsOfBase64()
    {
        Assert.That(AtBlobs.ChunkChars, Is.EqualTo(6000));
        int most = AtBlobs.ChunkChars / 4 * 3; // 4500 bytes are 6000 base64 characters
        var (_, text, staging) = AtBlobs.ForCommand(1, Blob(most));
        Assert.That(text.Text, Has.Length.EqualTo(AtBlobs.ChunkChars));
        Assert.That(staging, Is.Empty);

        var stage = new BlobStage();
        var blob = Blob(most + 1);
        var (chunks, main, resolved) = SendCreate(blob, stage);
        Assert.That(chunks, Has.Count.EqualTo(2));
        Assert.That(main.Args[4], Is.EqualTo(S("")));
        Assert.That(resolved, Is.EqualTo(blob));
    }

    [TestCase(20 * Kib, 5)]
    [TestCase(256 * Kib, 59)]
    public void ALongBlobIsStagedInChunksOfOneLineEach(int size, int chunks)
    {
        var blob = Blob(size, size);
        var stage = new BlobStage();
        var (staging, main, resolved) = SendCreate(blob, stage);
        Assert.That(staging, Has.Count.EqualTo(chunks));
        ulong expected = 0;
        foreach (var c in staging)
        {
            Assert.That(c.Args[0], Is.EqualTo(N(Tag)));
            Assert.That(c.Args[1], Is.EqualTo(N(expected)), "chunks at increasing, contiguous offsets");
            Assert.That(c.Args[2], Is.EqualTo(N((ulong)size)), "every chunk carries the total");
            Assert.That(c.Args[3].Text.Length, Is.LessThanOrEqualTo(AtBlobs.ChunkChars));
            expected += (ulong)Convert.FromBase64String(c.Args[3].Text).Length;
        }
        Assert.That(expected, Is.EqualTo((ulong)size));
        Assert.That(main.Args[3], Is.EqualTo(N((ulong)size)));
        Assert.That(main.Args[4], Is.EqualTo(S("")), "a staged value is given in place as <len>,\"\"");
        Assert.That(resolved, Is.EqualTo(blob), "reassembled exactly");
    }

    [Test]
    public void TheLongestCommandLinesFit()
    {
        // The longest AT+P11DATA line: the largest tag, offset and total.
        var data = AtCommandLine.Set(AtCommands.Data, Tag, (ulong)P11Binary.MaxBlob, (ulong)P11Binary.MaxBlob, new string('A', AtBlobs.ChunkChars));
        Assert.That(AtWire.Command(data).Length - 1, Is.LessThan(AtSyntax.MaxLineLength));
        // The longest inline signature request with a typical mechanism (PSS parameters).
        var mechanism = P11Binary.EncodeMechanism(new P11Mechanism((ulong)CKM.RSA_PKCS_PSS, [(ulong)CKM.SHA256, (ulong)CKG.MGF1_SHA256, 32], []));
        var (len, text, _) = AtBlobs.ForCommand(Tag, Blob(AtBlobs.ChunkChars / 4 * 3));
        var sign = AtCommandLine.Set(AtCommands.Sign, Tag, 15, "4194304.18446744073709551615", ulong.MaxValue,
            (ulong)mechanism.Length, P11Binary.ToBase64(mechanism), len, text);
        _ = Receive(sign);
    }

    [Test]
    public void AStageIsConsumedOnce()
    {
        var stage = new BlobStage();
        var blob = Blob(20 * Kib);
        var (_, main, resolved) = SendCreate(blob, stage);
        Assert.That(resolved, Is.EqualTo(blob));
        Assert.That(stage.TryResolve(main.Args, 3, out var again), Is.False, "the same command again finds no stage");
        Assert.That(again, Is.Empty);
    }

    [Test]
    public void TakingWithTheWrongLengthEmptiesTheStage()
    {
        var stage = new BlobStage();
        var blob = Blob(5000);
        foreach (var c in AtBlobs.ForCommand(1, blob).Staging) Assert.That(stage.Add(c.Args[1], c.Args[2], c.Args[3]), Is.EqualTo(0UL));
        Assert.That(stage.TryResolve([N(4999), S("")], 0, out _), Is.False);
        Assert.That(stage.TryResolve([N(5000), S("")], 0, out _), Is.False, "gone after the failed attempt");
    }

    [Test]
    public void AnIncompleteStageIsNotAValue()
    {
        var stage = new BlobStage();
        var staging = AtBlobs.ForCommand(1, Blob(20 * Kib)).Staging;
        foreach (var c in staging.Take(staging.Count - 1)) Assert.That(stage.Add(c.Args[1], c.Args[2], c.Args[3]), Is.EqualTo(0UL));
        Assert.That(stage.TryResolve([N(20 * Kib), S("")], 0, out _), Is.False);
    }

    [Test]
    public void AnInlineValueEmptiesTheStageToo()
    {
        // "The next command" consumes the stage whether or not it uses it: a complete stage must not
        // survive a command that gave its value inline, to be picked up by a later one.
        var stage = new BlobStage();
        var staged = Blob(5000, 7);
        foreach (var c in AtBlobs.ForCommand(1, staged).Staging) Assert.That(stage.Add(c.Args[1], c.Args[2], c.Args[3]), Is.EqualTo(0UL));
        Assert.That(stage.TryResolve([N(3), S("AQID")], 0, out var inline), Is.True);
        Assert.That(inline, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(stage.TryResolve([N(5000), S("")], 0, out _), Is.False);
    }

    [Test]
    public void TryResolveChecksItsArguments()
    {
        var stage = new BlobStage();
        Assert.That(stage.TryResolve([N(3)], 0, out _), Is.False, "no text");
        Assert.That(stage.TryResolve([], 0, out _), Is.False);
        Assert.That(stage.TryResolve([N(2), S("AQID")], 0, out _), Is.False, "length differs");
        Assert.That(stage.TryResolve([N(3), S("AQI")], 0, out _), Is.False, "bad base64");
        Assert.That(stage.TryResolve([N((ulong)P11Binary.MaxBlob + 1), S("AQID")], 0, out _), Is.False);
        Assert.That(stage.TryResolve([N(ulong.MaxValue), S("")], 0, out _), Is.False, "nothing staged");
        Assert.That(stage.TryResolve([N(9), S("x"), N(3), S("AQID")], 2, out var blob), Is.True, "the pair at the index");
        Assert.That(blob, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    // ---- BlobStage refusals ----

    /// <summary>A stage holding the first chunk of a 3-chunk value (4500 + 4500 + 1000 bytes).</summary>
    private static (BlobStage Stage, List<AtCommandLine> Chunks, byte[] Blob) Started()
    {
        var blob = Blob(10000, 3);
        var chunks = AtBlobs.ForCommand(1, blob).Staging;
        Assert.That(chunks, Has.Count.EqualTo(3));
        var stage = new BlobStage();
        Assert.That(Add(stage, chunks[0]), Is.EqualTo(0UL));
        return (stage, chunks, blob);
    }

    private static ulong Add(BlobStage stage, AtCommandLine c) => stage.Add(c.Args[1], c.Args[2], c.Args[3]);

    private static void AssertEmpty(BlobStage stage, ulong total = 10000) =>
        Assert.That(stage.TryTake(total, out _), Is.False, "a refused chunk empties the stage");

    [Test]
    public void OutOfOrderChunksAreRefused()
    {
        var (stage, chunks, _) = Started();
        Assert.That(Add(stage, chunks[2]), Is.EqualTo(ArgumentsBad), "a gap");
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(ArgumentsBad), "and the stage is gone: the next chunk is refused too");
        AssertEmpty(stage);
    }

    [Test]
    public void AFirstChunkNotAtZeroIsRefused()
    {
        var (_, chunks, _) = Started();
        var stage = new BlobStage();
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(ArgumentsBad));
        AssertEmpty(stage);
    }

    [Test]
    public void DuplicateChunksAreRefused()
    {
        var (stage, chunks, _) = Started();
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(0UL));
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(ArgumentsBad));
        AssertEmpty(stage);
    }

    [Test]
    public void OffsetZeroStartsAgain()
    {
        var (stage, chunks, blob) = Started();
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(0UL));
        foreach (var c in chunks) Assert.That(Add(stage, c), Is.EqualTo(0UL), "a chunk at offset 0 drops what was staged and starts a new value");
        Assert.That(stage.TryTake(10000, out var back), Is.True);
        Assert.That(back, Is.EqualTo(blob));
    }

    [Test]
    public void AChunkPastTheTotalIsRefused()
    {
        var (stage, chunks, _) = Started();
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(0UL));
        // 1004 bytes where 1000 remain.
        Assert.That(stage.Add(N(9000), N(10000), S(Convert.ToBase64String(new byte[1004]))), Is.EqualTo(ArgumentsBad));
        AssertEmpty(stage);

        var one = new BlobStage();
        Assert.That(one.Add(N(0), N(2), S("AQID")), Is.EqualTo(ArgumentsBad), "a first chunk longer than the total");
    }

    [Test]
    public void AChunkAfterTheLastIsRefused()
    {
        var (stage, chunks, _) = Started();
        Assert.That(Add(stage, chunks[1]), Is.EqualTo(0UL));
        Assert.That(Add(stage, chunks[2]), Is.EqualTo(0UL));
        Assert.That(stage.Add(N(10000), N(10000), S("AA==")), Is.EqualTo(ArgumentsBad));
        AssertEmpty(stage);
    }

    [Test]
    public void AChangedTotalIsRefused()
    {
        var (stage, chunks, _) = Started();
        Assert.That(stage.Add(chunks[1].Args[1], N(10001), chunks[1].Args[3]), Is.EqualTo(ArgumentsBad));
        AssertEmpty(stage);
    }

    [TestCase(262145UL)]
    [TestCase(4294967296UL)]
    [TestCase(18446744073709551615UL)]
    public void AnOversizeTotalIsRefused(ulong total)
    {
        var (stage, _, _) = Started();
        Assert.That(stage.Add(N(0), N(total), S("AQID")), Is.EqualTo(DataLenRange));
        AssertEmpty(stage);
    }

    [Test]
    public void TheLargestTotalIsAccepted() =>
        Assert.That(new BlobStage().Add(N(0), N((ulong)P11Binary.MaxBlob), S("AQID")), Is.EqualTo(0UL));

    [Test]
    public void AZeroTotalIsRefused()
    {
        var (stage, _, _) = Started();
        Assert.That(stage.Add(N(0), N(0), S("")), Is.EqualTo(DataLenRange), "an empty value is sent inline as 0,\"\"");
        AssertEmpty(stage);
    }

    [TestCase("", TestName = "an empty chunk")]
    [TestCase("AQI", TestName = "not a multiple of 4")]
    [TestCase("AQ=D", TestName = "padding inside")]
    [TestCase("AQI*", TestName = "outside the alphabet")]
    [TestCase("AQIDé===", TestName = "non-ASCII")]
    public void BadBase64IsRefused(string chunk)
    {
        var (stage, chunks, _) = Started();
        Assert.That(stage.Add(chunks[1].Args[1], chunks[1].Args[2], S(chunk)), Is.EqualTo(ArgumentsBad));
        AssertEmpty(stage);
        var fresh = new BlobStage();
        Assert.That(fresh.Add(N(0), N(3), S(chunk)), Is.EqualTo(ArgumentsBad));
    }

    [Test]
    public void WrongKindsAreRefused()
    {
        var stage = new BlobStage();
        Assert.That(stage.Add(S("0"), N(3), S("AQID")), Is.EqualTo(ArgumentsBad));
        Assert.That(stage.Add(N(0), AtValue.Omitted, S("AQID")), Is.EqualTo(ArgumentsBad));
        Assert.That(stage.Add(N(0), N(3), N(1)), Is.EqualTo(ArgumentsBad));
    }

    [Test]
    public void AfterARefusalANewValueCanBeStaged()
    {
        var (stage, chunks, blob) = Started();
        Assert.That(Add(stage, chunks[2]), Is.EqualTo(ArgumentsBad));
        foreach (var c in chunks) Assert.That(Add(stage, c), Is.EqualTo(0UL));
        Assert.That(stage.TryTake(10000, out var back), Is.True);
        Assert.That(back, Is.EqualTo(blob));
    }

    // ---- responses ----

    /// <summary>A +P11SIGN answer carrying the blob, as the phone builds it.</summary>
    private static List<AtResponseLine> SignAnswer(byte[] blob, ulong tag = Tag)
    {
        var (len, text, chunks) = AtBlobs.ForResponse(tag, blob);
        return AtReplies.Tagged(tag, CKR.OK, [.. chunks, AtResponseLine.Info(AtCommands.Sign, tag, len, text)]);
    }

    [TestCase(0, 0)]
    [TestCase(100, 0)]
    [TestCase(4500, 0)]
    [TestCase(4501, 2)]
    [TestCase(20 * Kib, 5)]
    [TestCase(256 * Kib, 59)]
    public void AResponseBlobIsReadBack(int size, int chunks)
    {
        var blob = Blob(size, size + 1);
        var response = ReceiveResponse(SignAnswer(blob));
        Assert.That(response.Rv, Is.EqualTo(0UL));
        Assert.That(response.Info(AtCommands.Data).Count(), Is.EqualTo(chunks));
        var line = response.Info(AtCommands.Sign).Single();
        Assert.That(line.Values[1], Is.EqualTo(N((ulong)size)));
        Assert.That(line.Values[2].Text, Is.EqualTo(chunks == 0 ? Convert.ToBase64String(blob) : ""));
        Assert.That(AtBlobs.TryRead(response, line, 1, out var back), Is.True);
        Assert.That(back, Is.EqualTo(blob));
    }

    [Test]
    public void ACatalogueOfInlineAndStagedObjectsIsReadBack()
    {
        // As +P11CAT answers: for each object its +P11DATA lines (if any), then its +P11OBJ line.
        byte[][] objects = [Blob(300, 1), Blob(20 * Kib, 2), Blob(10, 3), Blob(9000, 4), Blob(20 * Kib, 5), Blob(0, 6)];
        var lines = new List<AtResponseLine> { AtResponseLine.Info(AtCommands.Catalogue, Tag, 0, 7, 1, (ulong)objects.Length) };
        for (int i = 0; i < objects.Length; i++)
        {
            var (len, text, chunks) = AtBlobs.ForResponse(Tag, objects[i]);
            lines.AddRange(chunks);
            lines.Add(AtResponseLine.Info(AtCommands.Object, Tag, (ulong)i + 1, len, text));
        }
        var response = ReceiveResponse(AtReplies.Tagged(Tag, CKR.OK, lines));
        var read = response.Info(AtCommands.Object).ToList();
        Assert.That(read, Has.Count.EqualTo(objects.Length));
        for (int i = 0; i < objects.Length; i++)
        {
            Assert.That(AtBlobs.TryRead(response, read[i], 2, out var back), Is.True, $"object {i}");
            Assert.That(back, Is.EqualTo(objects[i]), $"object {i}");
        }
    }

    [Test]
    public void AStagedValueTakesOnlyTheChunksRightBeforeIt()
    {
        // The second object says "staged" but no +P11DATA lines precede it: the first object's chunks
        // (same length) are not its value.
        var blob = Blob(20 * Kib);
        var (len, text, chunks) = AtBlobs.ForResponse(Tag, blob);
        var lines = new List<AtResponseLine> { AtResponseLine.Info(AtCommands.Catalogue, Tag, 0, 7, 1, 2) };
        lines.AddRange(chunks);
        lines.Add(AtResponseLine.Info(AtCommands.Object, Tag, 1, len, text));
        lines.Add(AtResponseLine.Info(AtCommands.Object, Tag, 2, len, text));
        var response = ReceiveResponse(AtReplies.Tagged(Tag, CKR.OK, lines));
        var read = response.Info(AtCommands.Object).ToList();
        Assert.That(AtBlobs.TryRead(response, read[0], 2, out var first), Is.True);
        Assert.That(first, Is.EqualTo(blob));
        Assert.That(AtBlobs.TryRead(response, read[1], 2, out _), Is.False);
    }

    /// <summary>A staged +P11SIGN answer with its chunk lines changed by <paramref name="edit"/>.</summary>
    private static bool ReadEdited(Func<List<AtResponseLine>, List<AtResponseLine>> edit, int size = 10000)
    {
        var blob = Blob(size, 9);
        var (len, text, chunks) = AtBlobs.ForResponse(Tag, blob);
        var lines = edit(chunks);
        var response = ReceiveResponse(AtReplies.Tagged(Tag, CKR.OK, [.. lines, AtResponseLine.Info(AtCommands.Sign, Tag, len, text)]));
        bool ok = AtBlobs.TryRead(response, response.Info(AtCommands.Sign).Single(), 1, out var back);
        Assert.That(!ok || back.SequenceEqual(blob), Is.True, "what is read is the value sent");
        return ok;
    }

    private static AtResponseLine Chunk(ulong offset, ulong total, string text) => AtResponseLine.Info(AtCommands.Data, Tag, offset, total, text);

    [Test]
    public void MalformedResponseChunksAreRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReadEdited(c => c), Is.True, "unchanged");
            Assert.That(ReadEdited(c => [c[0], c[2], c[1]]), Is.False, "out of order");
            Assert.That(ReadEdited(c => [c[0], c[1], c[1], c[2]]), Is.False, "a duplicate");
            Assert.That(ReadEdited(c => [c[0], c[1]]), Is.False, "one missing");
            Assert.That(ReadEdited(c => [c[1], c[2]]), Is.False, "no first chunk");
            Assert.That(ReadEdited(c => []), Is.False, "no chunks at all");
            Assert.That(ReadEdited(c => [c[0], c[1], Chunk(c[2].Values[1].Number, 10000, "AQI")]), Is.False, "bad base64");
            Assert.That(ReadEdited(c => [c[0], c[1], Chunk(c[2].Values[1].Number, 10000, Convert.ToBase64String(new byte[1001]))]), Is.False, "past the total");
            Assert.That(ReadEdited(c => [.. c, Chunk(10000, 10000, "AA==")]), Is.False, "a chunk after the last");
            Assert.That(ReadEdited(c => [Chunk(0, 0, ""), .. c]), Is.False, "a malformed chunk among those of the value");
            Assert.That(ReadEdited(c => [c[0], .. c]), Is.True, "offset 0 again starts the value again");
            Assert.That(ReadEdited(c => [.. c, Chunk(0, 0, "")]), Is.False, "a zero-total chunk");
            Assert.That(ReadEdited(c => [.. c, Chunk(0, (ulong)P11Binary.MaxBlob + 1, "AQID")]), Is.False, "an oversize total");
            Assert.That(ReadEdited(c => [.. c.Select(l => Chunk(l.Values[1].Number, 10001, l.Values[3].Text))]), Is.False, "a total that differs from the length");
        });
    }

    [Test]
    public void TryReadChecksTheValuePair()
    {
        var response = ReceiveResponse(AtReplies.Tagged(Tag, CKR.OK, [
            AtResponseLine.Info(AtCommands.Sign, Tag, 3, "AQID"),
            AtResponseLine.Info(AtCommands.Random, Tag, 2, "AQID"),
            AtResponseLine.Info(AtCommands.Decrypt, Tag, "3", "AQID"),
            AtResponseLine.Info(AtCommands.Create, Tag, 3),
            AtResponseLine.Info(AtCommands.Destroy, Tag, (ulong)P11Binary.MaxBlob + 1, ""),
        ]));
        Assert.That(AtBlobs.TryRead(response, response.Info(AtCommands.Sign).Single(), 1, out var ok), Is.True);
        Assert.That(ok, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(AtBlobs.TryRead(response, response.Info(AtCommands.Random).Single(), 1, out _), Is.False, "length differs");
        Assert.That(AtBlobs.TryRead(response, response.Info(AtCommands.Decrypt).Single(), 1, out _), Is.False, "a string length");
        Assert.That(AtBlobs.TryRead(response, response.Info(AtCommands.Create).Single(), 1, out _), Is.False, "no text");
        Assert.That(AtBlobs.TryRead(response, response.Info(AtCommands.Destroy).Single(), 1, out _), Is.False, "over the limit");
    }

    [Test]
    public void ResponseChunksFitInOneLine()
    {
        var (_, _, chunks) = AtBlobs.ForResponse(Tag, Blob(P11Binary.MaxBlob));
        Assert.That(chunks, Has.Count.EqualTo(59));
        foreach (var c in chunks)
            Assert.That(c.ToString().Length, Is.LessThan(AtSyntax.MaxLineLength));
    }
}
