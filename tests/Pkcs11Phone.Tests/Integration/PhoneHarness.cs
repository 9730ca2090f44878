using System.Diagnostics;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// An emulated phone on a pseudo-terminal pair (socat), paired with this "computer" the way a user pairs
/// one (`p11phone device --pair --pairing-code-file`, then `p11phone pair --code-file`), and private
/// runtime and configuration directories for the agent that the module starts, so every test runs over
/// the secure link. The environment of this process is pointed at them for the module.
/// </summary>
public sealed class PhoneHarness : IDisposable
{
    public string Work { get; } = Directory.CreateTempSubdirectory("p11phone-test-").FullName;
    public string ComputerEnd => Path.Combine(Work, "computer");
    public string PhoneEnd => Path.Combine(Work, "phone");
    public string PhoneData => Path.Combine(Work, "phone-data");
    public string RuntimeDir => Path.Combine(Work, "run");
    /// <summary>The computer's XDG_CONFIG_HOME: the agent's link keys are in pkcs11phone/keys/ below it.</summary>
    public string ConfigHome => Path.Combine(Work, "config");
    public string PairingCodeFile => Path.Combine(Work, "pairing-code");
    /// <summary>The name the phone is paired under (the agent's name for the PKCS11PHONE_PHONE phone).</summary>
    public const string PhoneName = "phone";
    public AgentPaths AgentPaths => new(Path.Combine(RuntimeDir, "pkcs11phone"));

    private Process? _socat;
    private Process? _device;
    private readonly string[] _deviceArgs;

    public PhoneHarness(params string[] deviceArgs)
    {
        // The emulated phone approves every key use, unless a test sets its own policy.
        _deviceArgs = deviceArgs.Contains("--approve") ? deviceArgs : [.. deviceArgs, "--approve", "auto"];
        Directory.CreateDirectory(RuntimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _socat = Start("socat", [$"pty,raw,echo=0,link={ComputerEnd}", $"pty,raw,echo=0,link={PhoneEnd}"]);
        WaitFor(() => File.Exists(ComputerEnd) && File.Exists(PhoneEnd), TimeSpan.FromSeconds(5), "socat made no pty pair");
        Pair();
    }

    /// <summary>
    /// Starts the phone waiting for one pairing and pairs this computer with it, as a user would; the
    /// phone then goes on serving the agent.
    /// </summary>
    private void Pair()
    {
        _device = Start(Repo.Cli, ["device", "--serial", PhoneEnd, "--data", PhoneData, "--pair", "--pairing-code-file", PairingCodeFile, .. _deviceArgs], redirectInput: true, onOutput: Screen);
        WaitFor(() => File.Exists(PairingCodeFile), TimeSpan.FromSeconds(30), "the phone wrote no pairing code");
        var (code, output) = Run(Repo.Cli, ["pair", "--phone", "serial:" + ComputerEnd, "--name", PhoneName, "--code-file", PairingCodeFile],
            Environment, TimeSpan.FromSeconds(30));
        Assert.That(code, Is.EqualTo(0), "p11phone pair: " + output);
        TestContext.Progress.WriteLine("[pair] " + output.Trim());
    }

    /// <summary>Environment for the module and the processes that load it.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["XDG_RUNTIME_DIR"] = RuntimeDir,
        ["XDG_CONFIG_HOME"] = ConfigHome,
        [EnvironmentNames.Phone] = "serial:" + ComputerEnd,
        [EnvironmentNames.Config] = null,
        [EnvironmentNames.NoAutostart] = null,
        [EnvironmentNames.AgentExecutable] = Repo.Cli,
    };

    /// <summary>Points this process's environment at the harness, for a module loaded in-process.</summary>
    public void ApplyToProcess()
    {
        foreach (var (k, v) in Environment) ProcessEnvironment.Set(k, v);
    }

    public void StartDevice()
    {
        _device = Start(Repo.Cli, ["device", "--serial", PhoneEnd, "--data", PhoneData, .. _deviceArgs], redirectInput: true, onOutput: Screen);
    }

    private readonly System.Text.StringBuilder _deviceOutput = new();

    private void Screen(string line)
    {
        lock (_deviceOutput) _deviceOutput.AppendLine(line);
    }

    /// <summary>What the phone has shown on its terminal (standard output: its questions to its user).</summary>
    public string DeviceOutput
    {
        get { lock (_deviceOutput) return _deviceOutput.ToString(); }
    }

    public void KillDevice()
    {
        if (_device is { HasExited: false } d)
        {
            d.Kill();
            d.WaitForExit(5000);
        }
        _device = null;
    }

    /// <summary>What the phone's user types at its terminal (its approval prompts read it).</summary>
    public StreamWriter DeviceInput => _device?.StandardInput ?? throw new InvalidOperationException("the phone is not running");

    public Process Start(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null, bool redirectInput = false, Action<string>? onOutput = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) onOutput?.Invoke(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine($"[{Path.GetFileName(file)}] {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs a program to completion with a time limit; returns its exit code and output.</summary>
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string?> env, TimeSpan timeout)
    {
        var r = Clients.Support.Tool.Run(file, args, new Dictionary<string, string?>(env), timeout);
        return (r.Code, r.Output);
    }

    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) Assert.Fail($"{what} (waited {timeout.TotalSeconds} s)");
            Thread.Sleep(50);
        }
    }

    public void StopAgent()
    {
        try
        {
            if (File.Exists(AgentPaths.Pid) && int.TryParse(File.ReadAllText(AgentPaths.Pid).Trim(), out int pid))
            {
                using var agent = Process.GetProcessById(pid);
                agent.Kill();
                agent.WaitForExit(5000);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        StopAgent();
        KillDevice();
        if (_socat is { HasExited: false } s) { s.Kill(); s.WaitForExit(5000); }
        try { Directory.Delete(Work, true); } catch (IOException) { }
    }
}
