using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Pkcs11Phone.Device.Tests.BackendSuite;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.Software;

/// <summary>
/// The store is crash-safe: a copy of the data directory taken while objects are being written, and a directory whose
/// writer was killed with SIGKILL, both load cleanly and hold every object whose operation had returned.
/// </summary>
public sealed class CrashTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-crash-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void CopiesTakenWhileWritingLoadCleanly()
    {
        using var module = new SoftwareCryptoModule(_dir, new TokenSettings("Snapshots"), SoftwareTokenContract.Cheap);
        var t = module.Tokens[0];
        Assert.That(t.InitToken(Utf8("snap-so-pin"), "Snapshots"), Is.EqualTo((ulong)CKR.OK));

        var committed = new ConcurrentQueue<(ulong Handle, string Value)>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var value = "payload " + i;
                var h = t.CreateObject("writer", [U(CKA.CLASS, CKO.DATA), B(CKA.TOKEN, true), S(CKA.LABEL, "o" + i), Raw(CKA.VALUE, Utf8(value))]);
                if (h.Rv != CKR.OK) throw new InvalidOperationException(Name(h.Rv));
                committed.Enqueue((h.Value, value));
                if (i % 3 == 0 && t.SetAttributes("writer", h.Value, [S(CKA.LABEL, "relabelled " + i)]) != CKR.OK)
                    throw new InvalidOperationException("set attributes");
            }
        });

        int snapshots = 0;
        var deadline = Stopwatch.StartNew();
        while (snapshots < 25 && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(Random.Shared.Next(0, 15));
            var before = committed.ToArray();
            var copy = SoftwareStoreTests.CopyTree(_dir);
            try
            {
                using var loaded = new SoftwareCryptoModule(copy, new TokenSettings(), SoftwareTokenContract.Cheap);
                var objects = loaded.Tokens[0].Objects.ToDictionary(o => o.Handle);
                foreach (var (h, value) in before)
                {
                    Assert.That(objects.ContainsKey(h), Is.True, $"snapshot {snapshots}: object {h} was committed before the copy began");
                    Assert.That(objects[h].Text(CKA.VALUE), Is.EqualTo(value));
                }
                Assert.That(loaded.Tokens[0].Info.Flags & CKF.TOKEN_INITIALIZED, Is.Not.Zero);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
            snapshots++;
        }
        stop.Cancel();
        writer.Wait();
        Assert.That(snapshots, Is.GreaterThanOrEqualTo(10));
        Assert.That(committed.Count, Is.GreaterThan(snapshots), "objects were written between the copies");
    }

    [Test]
    public void AWriterKilledWithSigkillLosesNothingCommitted()
    {
        var created = new Dictionary<ulong, string>();
        var destroyed = new HashSet<ulong>();
        var uncertain = new HashSet<ulong>();
        var keyPairs = new List<(ulong Pub, ulong Priv)>();
        for (int round = 0; round < 4; round++)
        {
            var lines = RunAndKill(Random.Shared.Next(15, 45));
            foreach (var line in lines)
            {
                var f = line.Split(' ');
                if (f[^1] != ".") continue; // cut by the kill
                switch (f[0])
                {
                    case "C": created[ulong.Parse(f[1])] = "payload " + f[2]; break;
                    case "K": keyPairs.Add((ulong.Parse(f[1]), ulong.Parse(f[2]))); break;
                    case "d": uncertain.Add(ulong.Parse(f[1])); break;
                    case "D":
                        uncertain.Remove(ulong.Parse(f[1]));
                        destroyed.Add(ulong.Parse(f[1]));
                        break;
                }
            }

            using var module = new SoftwareCryptoModule(_dir, new TokenSettings(), SoftwareTokenContract.Cheap);
            var t = module.Tokens[0];
            var objects = t.Objects.ToDictionary(o => o.Handle);
            foreach (var (h, value) in created)
            {
                if (uncertain.Contains(h)) continue;
                if (destroyed.Contains(h))
                {
                    Assert.That(objects.ContainsKey(h), Is.False, $"round {round}: object {h} was destroyed");
                    continue;
                }
                Assert.That(objects.ContainsKey(h), Is.True, $"round {round}: object {h} was committed");
                Assert.That(objects[h].Text(CKA.VALUE), Is.EqualTo(value));
            }
            Assert.That(t.Login("checker", CKU.USER, Utf8(CrashWriter.UserPin)), Is.EqualTo((ulong)CKR.OK));
            foreach (var (pub, priv) in keyPairs)
            {
                var hash = SHA256.HashData(BitConverter.GetBytes(priv));
                var sig = t.Sign("checker", priv, P11Mechanism.Plain(CKM.ECDSA), hash).Ok($"round {round}: key {priv}");
                Assert.That(Independent.Verify(KeySpec.P256, objects[pub], P11Mechanism.Plain(CKM.ECDSA), hash, sig), Is.True);
            }
        }
        Assert.That(created, Has.Count.GreaterThan(10));
        Assert.That(keyPairs, Is.Not.Empty);
    }

    /// <summary>Starts the crash writer on the directory, lets it commit some operations, kills it, and returns what it said.</summary>
    private List<string> RunAndKill(int operations)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashWriter).Assembly.Location);
        start.ArgumentList.Add("crash-writer");
        start.ArgumentList.Add(_dir);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var timeout = Stopwatch.StartNew();
        while (lines.Count(l => l != "ready") < operations)
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null || timeout.Elapsed > TimeSpan.FromSeconds(30))
            {
                process.Kill();
                Assert.Fail($"the crash writer stopped: {stderr.Result}");
            }
            lines.Add(line!);
        }
        Thread.Sleep(Random.Shared.Next(0, 20));
        process.Kill(); // SIGKILL
        process.WaitForExit();
        // What it printed before dying was committed too.
        while (process.StandardOutput.ReadLine() is { } rest) lines.Add(rest);
        return lines;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }
}
