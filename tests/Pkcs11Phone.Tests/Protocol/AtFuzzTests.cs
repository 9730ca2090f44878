using NUnit.Framework;
using System.Text;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Device;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>Random bytes through every parsing layer: each must answer, never throw.</summary>
public sealed class AtFuzzTests
{
    private const int Seed = 20250611;
    private const int Count = 5000;

    private static readonly string[] Fragments =
    [
        "AT", "at", "+P11", "+P11TOKEN", "+P11MECH", "+P11PING", "+P11VER", "+P11SLOTS", "+P11RV", "+GCAP", "+CME ERROR",
        "=", "?", "=?", ",", ",,", "\"", "\\", "\\22", "\\5C", "\\80", "\\G1", "0", "1", "4294967295", "4294967296",
        "18446744073709551615", "18446744073709551616", ": ", " ", "OK", "ERROR", "E0", "E1", "I", ";", "é", "🔑", "(1)", "\t",
    ];

    /// <summary>A random byte string: sometimes plain random bytes, sometimes AT-like fragments with a few random bytes in between.</summary>
    private static byte[] RandomInput(Random random)
    {
        var bytes = new List<byte>();
        int mode = random.Next(4);
        int parts = random.Next(0, 40);
        for (int i = 0; i < parts; i++)
        {
            if (mode == 0 || random.Next(8) == 0)
            {
                int n = random.Next(1, 12);
                for (int j = 0; j < n; j++) bytes.Add((byte)random.Next(256));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
            }
            int t = random.Next(10);
            if (t == 0) bytes.Add((byte)'\r');
            else if (t == 1) bytes.Add((byte)'\n');
        }
        if (mode == 3)
        {
            // An occasional over-long line.
            int n = random.Next(AtSyntax.MaxLineLength - 10, AtSyntax.MaxLineLength + 10);
            for (int j = 0; j < n; j++) bytes.Add((byte)'A');
            bytes.Add((byte)'\r');
        }
        else if (random.Next(2) == 0) bytes.Add((byte)'\r');
        return bytes.ToArray();
    }

    /// <summary>Splits the input into random reads.</summary>
    private static IEnumerable<byte[]> RandomChunks(Random random, byte[] input)
    {
        int i = 0;
        while (i < input.Length)
        {
            int n = Math.Min(input.Length - i, random.Next(1, 64));
            yield return input[i..(i + n)];
            i += n;
        }
    }

    private static void CheckFault(IReadOnlyList<AtResponseLine> fault)
    {
        Assert.That(fault, Has.Count.EqualTo(1));
        Assert.That(fault[0].IsFinal, Is.True);
        Assert.That(fault[0].Kind, Is.Not.EqualTo(AtResponseKind.Ok));
    }

    [Test]
    public void RandomBytesThroughTheCodecNeverThrow()
    {
        var random = new Random(Seed);
        int lines = 0, accepted = 0;
        for (int round = 0; round < Count; round++)
        {
            var input = RandomInput(random);
            var chunks = RandomChunks(random, input).ToList();
            Assert.DoesNotThrow(() =>
            {
                var reader = new AtLineReader(new ChunkedStream(chunks));
                while (reader.ReadLine() is { } line)
                {
                    lines++;
                    Assert.That(line.Text.Length, Is.LessThanOrEqualTo(AtSyntax.MaxLineLength));
                    foreach (var scope in new[] { AtScope.Link, AtScope.Agent })
                    {
                        if (AtReplies.TryAccept(line, scope, out var command, out var spec, out var fault))
                        {
                            accepted++;
                            Assert.That(fault, Is.Empty);
                            Assert.That(command.ToString(), Is.Not.Null);
                            if (spec is not null) Assert.That(spec.Accepts(command, out _), Is.True);
                        }
                        else CheckFault(fault);
                    }
                    var response = AtResponseLine.Parse(line.Text);
                    Assert.That(response.ToString(), Is.Not.Null);
                    AtCommandLine.TryParse(line.Text, out _, out _);
                    new AtResponseCollector(1, 8).Feed(response);
                }
            }, $"round {round}: {Convert.ToHexString(input)}");
        }
        Assert.That(lines, Is.GreaterThan(Count), "the generator makes lines");
        Assert.That(accepted, Is.GreaterThan(0), "the generator sometimes makes valid commands");
    }

    [Test]
    public void RandomLinesThroughThePhoneAndTheAgentNeverThrow()
    {
        var dir = Directory.CreateTempSubdirectory("p11phone-fuzz-");
        try
        {
            using var crypto = new SoftwareCryptoModule(dir.FullName, new TokenSettings("Fuzz", "FUZZ"));
            var phone = new SecurityManager(crypto, "0.0.0");
            var agent = new AgentServer([], TextWriter.Null);
            var random = new Random(Seed + 1);
            for (int round = 0; round < Count; round++)
            {
                var input = RandomInput(random);
                if (random.Next(3) == 0) phone.Handle(new AtLine("AT+P11VER=1", AtLineStatus.Ok));
                Assert.DoesNotThrow(() =>
                {
                    var reader = new AtLineReader(new MemoryStream(input));
                    while (reader.ReadLine() is { } line)
                    {
                        foreach (var reply in new[] { phone.Handle(line), agent.Handle(line) })
                        {
                            Assert.That(reply, Is.Not.Empty);
                            Assert.That(reply[^1].IsFinal, Is.True);
                            Assert.That(reply.Take(reply.Count - 1).All(l => !l.IsFinal), Is.True);
                            // What goes back on the wire reads back as the same lines.
                            var back = Wire.Lines(AtWire.Response(reply));
                            Assert.That(back.Select(l => l.Status), Is.All.EqualTo(AtLineStatus.Ok));
                            Assert.That(back, Has.Count.EqualTo(reply.Count));
                        }
                    }
                }, $"round {round}: {Convert.ToHexString(input)}");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
