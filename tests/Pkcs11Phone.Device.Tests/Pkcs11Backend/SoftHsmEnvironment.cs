using System.Diagnostics;
using System.Security.Cryptography;
using Pkcs11Phone.Device.Pkcs11Backend;

namespace Pkcs11Phone.Device.Tests.Pkcs11Backend;

/// <summary>A SoftHSMv2 token made for one fixture, with the PINs generated for this run.</summary>
public sealed record SoftHsmToken(string Label, string SoPin, string UserPin)
{
    public byte[] SoPinBytes => System.Text.Encoding.UTF8.GetBytes(SoPin);

    public byte[] UserPinBytes => System.Text.Encoding.UTF8.GetBytes(UserPin);

    // PINs stay out of test output.
    public override string ToString() => $"SoftHsmToken {{ Label = {Label} }}";
}

/// <summary>
/// A private SoftHSMv2 set-up for this test run: a temporary directory with its own softhsm2.conf and token
/// directory, named by SOFTHSM2_CONF in the C environment (SoftHSM reads it at C_Initialize, and a test process
/// loads the library once, so there is one environment per run and a fresh token per fixture).
/// </summary>
public sealed class SoftHsmEnvironment : IDisposable
{
    public const string LibraryPath = Pkcs11CryptoModule.SoftHsmLibraryPath;
    public const string Util = "softhsm2-util";
    private const string Missing = "SoftHSMv2 is not installed ({0} not found). Run build/deps.sh, which installs the softhsm2 package.";

    private static SoftHsmEnvironment? _current;

    private SoftHsmEnvironment(string directory)
    {
        Directory = directory;
        TokenDirectory = Path.Combine(directory, "tokens");
        ConfigPath = Path.Combine(directory, "softhsm2.conf");
    }

    /// <summary>The environment of this run (made by <see cref="SoftHsmSetUp"/>).</summary>
    public static SoftHsmEnvironment Current =>
        _current ?? throw new InvalidOperationException("No SoftHSM environment: SoftHsmSetUp has not run for this namespace.");

    public string Directory { get; }

    public string TokenDirectory { get; }

    public string ConfigPath { get; }

    /// <summary>Makes the run's environment; fails the tests (naming build/deps.sh) when SoftHSMv2 is missing.</summary>
    public static SoftHsmEnvironment Start()
    {
        if (_current is not null) return _current;
        if (!File.Exists(LibraryPath)) Assert.Fail(string.Format(Missing, LibraryPath));
        if (FindOnPath(Util) is null) Assert.Fail(string.Format(Missing, Util));

        string directory = Path.Combine(Path.GetTempPath(), "p11phone-softhsm-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var environment = new SoftHsmEnvironment(directory);
        System.IO.Directory.CreateDirectory(environment.TokenDirectory);
        File.WriteAllText(environment.ConfigPath,
            "# SoftHSMv2 configuration of one Pkcs11Phone test run\n" +
            $"directories.tokendir = {environment.TokenDirectory}\n" +
            "objectstore.backend = file\n" +
            "log.level = ERROR\n" +
            "slots.removable = false\n");
        NativeEnvironment.Set("SOFTHSM2_CONF", environment.ConfigPath);
        _current = environment;
        return environment;
    }

    public static void Stop()
    {
        _current?.Dispose();
        _current = null;
    }

    /// <summary>
    /// Initializes a new token in a free slot with softhsm2-util, with a unique label and PINs generated for it.
    /// </summary>
    /// <remarks>
    /// SoftHSM scans its token directory at C_Initialize only. The backend initializes the library once per process
    /// and finalizes it when the last module is disposed, so a token made by softhsm2-util shows up in the next
    /// module unless another module still holds the library. In that case the util's token is deleted again and the
    /// token is made in this process instead, through the backend: C_InitToken on SoftHSM's free slot, then the SO
    /// sets the user PIN.
    /// </remarks>
    public SoftHsmToken CreateToken(string prefix = "p11phone", string? soPin = null, string? userPin = null)
    {
        string label = prefix.Length > 15 ? prefix[..15] : prefix;
        label += "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var token = new SoftHsmToken(label, soPin ?? NewPin(), userPin ?? NewPin());
        RunUtil("--init-token", "--free", "--label", token.Label, "--so-pin", token.SoPin, "--pin", token.UserPin);
        using (var probe = Open(token))
            if (probe.Tokens.Count == 1) return token;
        RunUtil("--delete-token", "--token", token.Label);
        InitializeInProcess(token);
        return token;
    }

    private static void InitializeInProcess(SoftHsmToken token)
    {
        using var module = new Pkcs11CryptoModule(LibraryPath);
        var free = module.Tokens.FirstOrDefault(t => (t.Info.Flags & Interop.CKF.TOKEN_INITIALIZED) == 0)
            ?? throw new InvalidOperationException("SoftHSM offers no free slot");
        Check(free.InitToken(token.SoPinBytes, token.Label), "C_InitToken");
        Check(free.Login("softhsm-setup", Interop.CKU.SO, token.SoPinBytes), "C_Login(SO)");
        Check(free.InitPin("softhsm-setup", token.UserPinBytes), "C_InitPIN");
        free.EndClient("softhsm-setup");

        static void Check(ulong rv, string what)
        {
            if (rv != 0) throw new InvalidOperationException($"{what} failed: CK_RV 0x{rv:x}");
        }
    }

    /// <summary>The backend module for one token of this environment (only that token, by its label).</summary>
    public static Pkcs11CryptoModule Open(SoftHsmToken token) => new(LibraryPath, token.Label);

    /// <summary>Runs softhsm2-util with this environment's configuration. Its arguments (PINs) never appear in failures.</summary>
    public string RunUtil(params string[] arguments)
    {
        var start = new ProcessStartInfo(FindOnPath(Util) ?? Util)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["SOFTHSM2_CONF"] = ConfigPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"softhsm2-util {arguments.FirstOrDefault()} failed ({process.ExitCode}): {stderr.Trim()}");
        return stdout.Result;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp directory is harmless */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>A random 12-digit PIN.</summary>
    public static string NewPin() => string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>One SoftHSM environment for every fixture of this namespace (the Pkcs11 backend's tests).</summary>
[SetUpFixture]
public sealed class SoftHsmSetUp
{
    [OneTimeSetUp]
    public void Start() => SoftHsmEnvironment.Start();

    [OneTimeTearDown]
    public void Stop() => SoftHsmEnvironment.Stop();
}
