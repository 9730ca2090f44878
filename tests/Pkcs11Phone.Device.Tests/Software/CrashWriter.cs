using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.Software;

/// <summary>
/// The entry point of the test assembly, which is an executable: <c>dotnet Pkcs11Phone.Device.Tests.dll crash-writer DIR</c>
/// runs <see cref="CrashWriter"/>, the process the crash tests kill with SIGKILL; <c>softhsm-guard LABEL PIN</c> runs
/// <see cref="Pkcs11Backend.SoftHsmCrashGuard"/>, which offers the backend input that would crash SoftHSMv2.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["crash-writer", var dir]) return CrashWriter.Run(dir);
        if (args is [Pkcs11Backend.SoftHsmCrashGuard.Command, var label, var pin]) return Pkcs11Backend.SoftHsmCrashGuard.Run(label, pin);
        Console.Error.WriteLine("usage: crash-writer DIR | softhsm-guard LABEL PIN   (helpers of the crash tests)");
        return 2;
    }
}

/// <summary>
/// Changes a software token's objects forever and reports on stdout, one line each, what has been committed:
/// <c>C handle i</c> after a data object with CKA_VALUE "payload i" was created, <c>K pub priv</c> after a key pair,
/// <c>S handle</c> after a label change, <c>d handle</c> before and <c>D handle</c> after a destruction. Every line ends
/// with " .", so that a line cut by the kill is recognized.
/// </summary>
public static class CrashWriter
{
    public const string SoPin = "crash-so-pin", UserPin = "crash-user-pin", Client = "writer";

    public static int Run(string dir)
    {
        using var module = new SoftwareCryptoModule(dir, new TokenSettings("Crash"), SoftwareTokenContract.Cheap);
        var t = module.Tokens[0];
        if ((t.Info.Flags & CKF.TOKEN_INITIALIZED) == 0)
        {
            Check(t.InitToken(Utf8(SoPin), "Crash"));
            Check(t.Login("setup", CKU.SO, Utf8(SoPin)));
            Check(t.InitPin("setup", Utf8(UserPin)));
            Check(t.Logout("setup"));
        }
        Check(t.Login(Client, CKU.USER, Utf8(UserPin)));
        var live = t.Objects.Where(o => o.Find(CKA.CLASS)?.AsULong == CKO.DATA).Select(o => o.Handle).ToList();
        var random = new Random();
        var output = Console.Out;
        output.WriteLine("ready");
        for (long i = 0; ; i++)
        {
            switch (i % 6)
            {
                case 3:
                {
                    var (pub, priv) = t.GenerateKeyPair(Client, P11Mechanism.Plain(CKM.EC_KEY_PAIR_GEN),
                        [B(CKA.TOKEN, true), Raw(CKA.EC_PARAMS, DerOid("1.2.840.10045.3.1.7"))],
                        [B(CKA.TOKEN, true), B(CKA.PRIVATE, true)]).Value();
                    output.WriteLine($"K {pub} {priv} .");
                    break;
                }
                case 4 when live.Count > 0:
                {
                    var h = live[random.Next(live.Count)];
                    Check(t.SetAttributes(Client, h, [S(CKA.LABEL, "label " + i)]));
                    output.WriteLine($"S {h} .");
                    break;
                }
                case 5 when live.Count > 3:
                {
                    var h = live[random.Next(live.Count)];
                    output.WriteLine($"d {h} .");
                    Check(t.DestroyObject(Client, h));
                    live.Remove(h);
                    output.WriteLine($"D {h} .");
                    break;
                }
                default:
                {
                    var h = t.CreateObject(Client, [U(CKA.CLASS, CKO.DATA), B(CKA.TOKEN, true), S(CKA.LABEL, "object " + i),
                        Raw(CKA.VALUE, Utf8("payload " + i))]).Value();
                    live.Add(h);
                    output.WriteLine($"C {h} {i} .");
                    break;
                }
            }
        }
    }

    private static void Check(ulong rv)
    {
        if (rv != CKR.OK) throw new InvalidOperationException("crash writer: " + Name(rv));
    }

    private static T Value<T>(this P11Result<T> r)
    {
        Check(r.Rv);
        return r.Value!;
    }
}
