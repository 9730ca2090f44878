using System.Diagnostics;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

// Benchmarks of Pkcs11Phone through the published module, the agent, the sealed link and a phone that
// build/bench.sh starts (and pairs) beforehand. Usage:
//   Pkcs11Phone.Bench MODULE setup           initialises the token and makes the keys
//   Pkcs11Phone.Bench MODULE run             latency of each operation, then signatures by 1, 2 and 4 processes at once
//   Pkcs11Phone.Bench MODULE worker N GO     (internal) N ECDSA signatures once the file GO exists; prints ms
NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, _, _) =>
    name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);

const string SoPin = "bench-so-1", UserPin = "bench-user-1";
if (args.Length < 2) { Console.Error.WriteLine("usage: Pkcs11Phone.Bench MODULE setup|run|worker N GO"); return 2; }
var module = args[0];
var f = new Pkcs11InteropFactories();
using var library = f.Pkcs11LibraryFactory.LoadPkcs11Library(f, module, AppType.MultiThreaded);
var slot = library.GetSlotList(SlotsType.WithTokenPresent).FirstOrDefault() ?? throw new InvalidOperationException("no token: is the phone up?");
var A = f.ObjectAttributeFactory;
var M = f.MechanismFactory;

switch (args[1])
{
    case "setup":
    {
        slot.InitToken(SoPin, "Bench phone");
        using (var so = slot.OpenSession(SessionType.ReadWrite))
        {
            so.Login(CKU.CKU_SO, SoPin);
            so.InitPin(UserPin);
            so.Logout();
        }
        using var s = slot.OpenSession(SessionType.ReadWrite);
        s.Login(CKU.CKU_USER, UserPin);
        byte[] p256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
        byte[] ed25519 = [0x06, 0x03, 0x2B, 0x65, 0x70];
        var sw = Stopwatch.StartNew();
        s.GenerateKeyPair(M.Create(CKM.CKM_EC_KEY_PAIR_GEN), [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_EC_PARAMS, p256), A.Create(CKA.CKA_LABEL, "ec")],
            [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_SIGN, true), A.Create(CKA.CKA_LABEL, "ec")], out _, out _);
        Console.WriteLine($"C_GenerateKeyPair EC P-256 on the phone: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        s.GenerateKeyPair(M.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN), [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_MODULUS_BITS, 2048UL), A.Create(CKA.CKA_LABEL, "rsa")],
            [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_SIGN, true), A.Create(CKA.CKA_DECRYPT, true), A.Create(CKA.CKA_LABEL, "rsa")], out _, out _);
        Console.WriteLine($"C_GenerateKeyPair RSA-2048 on the phone: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        s.GenerateKeyPair(M.Create((CKM)0x1055), [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_EC_PARAMS, ed25519), A.Create(CKA.CKA_LABEL, "ed")],
            [A.Create(CKA.CKA_TOKEN, true), A.Create(CKA.CKA_SIGN, true), A.Create(CKA.CKA_LABEL, "ed")], out _, out _);
        Console.WriteLine($"C_GenerateKeyPair Ed25519 on the phone: {sw.Elapsed.TotalMilliseconds:F0} ms");
        return 0;
    }
    case "worker":
    {
        int n = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        using var s = slot.OpenSession(SessionType.ReadWrite);
        s.Login(CKU.CKU_USER, UserPin);
        var key = Find(s, CKO.CKO_PRIVATE_KEY, "ec");
        while (!File.Exists(args[3])) Thread.Sleep(1);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n; i++) s.Sign(M.Create(CKM.CKM_ECDSA_SHA256), key, BitConverter.GetBytes(i));
        Console.WriteLine(sw.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }
    case "run":
    {
        using var s = slot.OpenSession(SessionType.ReadWrite);
        var login = Stopwatch.StartNew();
        s.Login(CKU.CKU_USER, UserPin);
        Console.WriteLine($"C_Login (PIN checked on the phone): {login.Elapsed.TotalMilliseconds:F1} ms");
        var ec = Find(s, CKO.CKO_PRIVATE_KEY, "ec");
        var ecPub = Find(s, CKO.CKO_PUBLIC_KEY, "ec");
        var rsa = Find(s, CKO.CKO_PRIVATE_KEY, "rsa");
        var rsaPub = Find(s, CKO.CKO_PUBLIC_KEY, "rsa");
        var ed = Find(s, CKO.CKO_PRIVATE_KEY, "ed");
        var data = new byte[64];
        var ecSig = s.Sign(M.Create(CKM.CKM_ECDSA_SHA256), ec, data);
        var rsaSig = s.Sign(M.Create(CKM.CKM_SHA256_RSA_PKCS), rsa, data);
        var rsaCipher = s.Encrypt(M.Create(CKM.CKM_RSA_PKCS), rsaPub, data[..32]);
        Console.WriteLine("operation                                   n   mean ms   p50 ms   p95 ms   max ms   link round trips each");
        Measure("C_Sign CKM_ECDSA_SHA256 (P-256)", 300, () => s.Sign(M.Create(CKM.CKM_ECDSA_SHA256), ec, data), "1");
        Measure("C_Sign CKM_SHA256_RSA_PKCS (RSA-2048)", 200, () => s.Sign(M.Create(CKM.CKM_SHA256_RSA_PKCS), rsa, data), "1");
        Measure("C_Sign CKM_EDDSA (Ed25519)", 300, () => s.Sign(M.Create((CKM)0x1057), ed, data), "1");
        Measure("C_Decrypt CKM_RSA_PKCS (RSA-2048)", 200, () => s.Decrypt(M.Create(CKM.CKM_RSA_PKCS), rsa, rsaCipher), "1");
        Measure("C_GenerateRandom 32 bytes", 300, () => s.GenerateRandom(32), "1");
        Measure("C_Verify CKM_ECDSA_SHA256 (P-256)", 300, () => s.Verify(M.Create(CKM.CKM_ECDSA_SHA256), ecPub, data, ecSig, out _), "0");
        Measure("C_Verify CKM_SHA256_RSA_PKCS (RSA-2048)", 300, () => s.Verify(M.Create(CKM.CKM_SHA256_RSA_PKCS), rsaPub, data, rsaSig, out _), "0");
        Measure("C_Digest CKM_SHA256 (64 bytes)", 1000, () => s.Digest(M.Create(CKM.CKM_SHA256), data), "0");
        Measure("C_FindObjects (all objects)", 1000, () => s.FindAllObjects([]), "0");
        Measure("C_GetAttributeValue (label)", 1000, () => s.GetAttributeValue(ec, [CKA.CKA_LABEL]), "0");
        Measure("C_GetTokenInfo", 1000, () => slot.GetTokenInfo(), "0");

        // Several processes signing at once: each is one client of the agent; the link carries their
        // commands side by side, and the phone signs them one after the other.
        const int perWorker = 100;
        Console.WriteLine();
        Console.WriteLine("processes signing at once (ECDSA P-256, 100 each)   total   wall ms   signatures/s");
        foreach (int k in new[] { 1, 2, 4 })
        {
            var go = Path.Combine(Path.GetTempPath(), $"p11bench-go-{Environment.ProcessId}-{k}");
            File.Delete(go);
            var self = Environment.ProcessPath!;
            var dll = typeof(Pkcs11InteropFactories).Assembly.Location.Length > 0 ? Path.Combine(AppContext.BaseDirectory, "Pkcs11Phone.Bench.dll") : "";
            var workers = Enumerable.Range(0, k).Select(_ =>
            {
                var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
                if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(dll);
                foreach (var a in new[] { module, "worker", perWorker.ToString(System.Globalization.CultureInfo.InvariantCulture), go }) psi.ArgumentList.Add(a);
                return Process.Start(psi)!;
            }).ToList();
            Thread.Sleep(1500);
            var wall = Stopwatch.StartNew();
            File.WriteAllText(go, "");
            foreach (var w in workers) w.WaitForExit();
            wall.Stop();
            File.Delete(go);
            if (workers.Any(w => w.ExitCode != 0)) { Console.Error.WriteLine("a worker failed"); return 1; }
            int total = k * perWorker;
            Console.WriteLine($"{k,-52}{total,5}   {wall.Elapsed.TotalMilliseconds,7:F0}   {total / wall.Elapsed.TotalSeconds,12:F0}");
        }
        return 0;
    }
    default:
        Console.Error.WriteLine("unknown mode " + args[1]);
        return 2;
}

IObjectHandle Find(ISession s, CKO cls, string label) =>
    s.FindAllObjects([A.Create(CKA.CKA_CLASS, cls), A.Create(CKA.CKA_LABEL, label)]).Single();

static void Measure(string what, int n, Action op, string trips)
{
    for (int i = 0; i < Math.Min(20, n / 10); i++) op();
    var times = new double[n];
    for (int i = 0; i < n; i++)
    {
        long t = Stopwatch.GetTimestamp();
        op();
        times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }
    Array.Sort(times);
    Console.WriteLine($"{what,-40}{n,5}   {times.Average(),7:F3}  {times[n / 2],7:F3}  {times[(int)(n * 0.95)],7:F3}  {times[^1],7:F3}   {trips}");
}
