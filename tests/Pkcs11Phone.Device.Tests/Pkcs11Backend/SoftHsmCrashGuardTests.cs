using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Pkcs11Phone.Device.Pkcs11Backend;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.Pkcs11Backend.Pkcs11TestKit;
using CKA = Pkcs11Phone.Interop.CKA;
using CKK = Pkcs11Phone.Interop.CKK;
using CKM = Pkcs11Phone.Interop.CKM;
using CKO = Pkcs11Phone.Interop.CKO;
using CKR = Pkcs11Phone.Interop.CKR;
using CKU = Pkcs11Phone.Interop.CKU;

namespace Pkcs11Phone.Device.Tests.Pkcs11Backend;

/// <summary>
/// Input that would end the phone's process inside SoftHSMv2 2.6 never reaches it. These run in a child process
/// (<see cref="SoftHsmCrashGuard"/>), so that a regression fails this test instead of taking the test host down, which
/// is how such a crash showed before: the host vanished mid-run.
/// </summary>
[TestFixture]
public sealed class SoftHsmCrashGuardTests
{
    [Test]
    public void Inputs_that_crash_SoftHsm_are_refused_before_it_sees_them()
    {
        var token = SoftHsmEnvironment.Current.CreateToken("guard");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["exec", typeof(SoftHsmCrashGuard).Assembly.Location, SoftHsmCrashGuard.Command, token.Label, token.UserPin])
            start.ArgumentList.Add(a);
        start.Environment["SOFTHSM2_CONF"] = SoftHsmEnvironment.Current.ConfigPath;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the guard process finishes");
        Assert.That(process.ExitCode, Is.Zero, $"the guard process survived (exit {process.ExitCode}; 139 = SIGSEGV, 5 = SoftHSM's exit on an exception)\n{output}\n{stderr.Result}");
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        Assert.Multiple(() =>
        {
            Assert.That(results.GetValueOrDefault("x509-257-bytes"), Is.EqualTo(Hex(CKR.DATA_LEN_RANGE)), "CKM_RSA_X_509 over more bytes than the modulus");
            Assert.That(results.GetValueOrDefault("import-bad-curve-name"), Is.EqualTo(Hex(CKR.ATTRIBUTE_VALUE_INVALID)), "an Edwards key whose curve name does not decode");
            Assert.That(results.GetValueOrDefault("import-empty-curve"), Is.EqualTo(Hex(CKR.ATTRIBUTE_VALUE_INVALID)), "an Edwards key with empty CKA_EC_PARAMS");
            Assert.That(results.GetValueOrDefault("sign-bad-curve-name"), Is.EqualTo(Hex(CKR.DOMAIN_PARAMS_INVALID)), "such a key made on the token by another tool");
            Assert.That(results.GetValueOrDefault("sign-good-key"), Is.EqualTo(Hex(CKR.OK)), "the token still signs");
        });
    }

    internal static string Hex(ulong rv) => "0x" + rv.ToString("x");

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }
}

/// <summary>
/// The child process of <see cref="SoftHsmCrashGuardTests"/>: <c>dotnet Pkcs11Phone.Device.Tests.dll softhsm-guard LABEL PIN</c>
/// with SOFTHSM2_CONF set. Offers each dangerous input to the backend and prints "name CK_RV" for each.
/// </summary>
public static class SoftHsmCrashGuard
{
    public const string Command = "softhsm-guard";
    private const string Client = "guard";

    /// <summary>A PrintableString tag with a length longer than its content: OSSL::byteString2oid's d2i fails and it uses the null result.</summary>
    private static readonly byte[] BadCurveName = [0x13, 0x05, 0x61];

    public static int Run(string label, string userPin)
    {
        using var module = new Pkcs11CryptoModule(Pkcs11CryptoModule.SoftHsmLibraryPath, label);
        var token = module.Tokens.Single();
        Require(token.Login(Client, CKU.USER, System.Text.Encoding.UTF8.GetBytes(userPin)), "login");
        void Report(string name, ulong rv)
        {
            Console.WriteLine($"{name} {SoftHsmCrashGuardTests.Hex(rv)}");
            Console.Out.Flush();
        }

        // 1. SoftHSM computes size - length for the zero padding of a raw RSA input: 2^64 - 1 bytes, an exception, exit(5).
        var (pub, priv) = RsaTemplates(NewId(), token: false);
        var rsa = token.GenerateKeyPair(Client, Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), pub, priv);
        Require(rsa.Rv, "RSA key");
        Report("x509-257-bytes", token.Sign(Client, rsa.Value.PrivateKey, Plain(CKM.RSA_X_509), new byte[257]).Rv);

        // 2. An Edwards private key whose CKA_EC_PARAMS does not decode: C_SignInit dereferences a null pointer.
        List<P11Attribute> EdKey(byte[] ecParams) =>
        [
            P11Attribute.Of(CKA.CLASS, CKO.PRIVATE_KEY), P11Attribute.Of(CKA.KEY_TYPE, CKK.EC_EDWARDS), P11Attribute.Of(CKA.TOKEN, false),
            P11Attribute.Of(CKA.SIGN, true), new(CKA.EC_PARAMS, ecParams), new(CKA.VALUE, new byte[32]),
        ];
        Report("import-bad-curve-name", token.CreateObject(Client, EdKey(BadCurveName)).Rv);
        Report("import-empty-curve", token.CreateObject(Client, EdKey([])).Rv);

        // The same key made on the token without the phone (as another PKCS#11 application could): refused at signing.
        var host = Pkcs11LibraryHost.Acquire(Pkcs11CryptoModule.SoftHsmLibraryPath);
        try
        {
            var slot = host.Library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == label);
            using var session = slot.OpenSession(SessionType.ReadWrite);
            var f = host.Factories.ObjectAttributeFactory;
            var attributes = new List<IObjectAttribute>
            {
                f.Create((ulong)CKA.CLASS, (ulong)CKO.PRIVATE_KEY), f.Create((ulong)CKA.KEY_TYPE, (ulong)CKK.EC_EDWARDS),
                f.Create((ulong)CKA.TOKEN, true), f.Create((ulong)CKA.PRIVATE, true), f.Create((ulong)CKA.SIGN, true),
                f.Create((ulong)CKA.EC_PARAMS, BadCurveName), f.Create((ulong)CKA.VALUE, new byte[32]),
            };
            var made = session.CreateObject(attributes);
            foreach (var a in attributes) a.Dispose();
            Report("sign-bad-curve-name", token.Sign(Client, made.ObjectId, Plain(CKM.EDDSA), [1, 2, 3]).Rv);
            session.DestroyObject(made);
        }
        finally
        {
            host.Release();
        }

        var (edPub, edPriv) = EcTemplates(NewId(), token: false, ecParams: Ed25519Params);
        var ed = token.GenerateKeyPair(Client, Plain(CKM.EC_EDWARDS_KEY_PAIR_GEN), edPub, edPriv);
        Require(ed.Rv, "Ed25519 key");
        Report("sign-good-key", token.Sign(Client, ed.Value.PrivateKey, Plain(CKM.EDDSA), [1, 2, 3]).Rv);
        token.EndClient(Client);
        return 0;
    }

    private static void Require(ulong rv, string what)
    {
        if (rv != CKR.OK) throw new InvalidOperationException($"{what}: CK_RV 0x{rv:x}");
    }
}
