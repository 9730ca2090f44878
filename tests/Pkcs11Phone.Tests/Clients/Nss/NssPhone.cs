using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>
/// An emulated, paired phone (<see cref="PhoneHarness"/>) whose token a user has initialized with OpenSC's
/// pkcs11-tool (label, SO PIN, user PIN) and nothing else: the clients under test make their own keys. Every
/// process that loads the module gets <see cref="Environment"/>, which also turns on the module's call trace
/// (<see cref="TraceFile"/>) for diagnosis.
/// </summary>
public sealed class NssPhone : IDisposable
{
    public const string UserPin = "4711-phone";
    public const string SoPin = "so-0815-phone";

    public PhoneHarness Phone { get; }
    public string Label { get; }
    public string Dir { get; }
    public string TraceFile => Path.Combine(Dir, "module-trace.txt");
    public string PinFile { get; }
    public string WrongPinFile { get; }
    public static string Module => Repo.Module;
    public Dictionary<string, string?> Environment { get; }

    private NssPhone(string label)
    {
        Label = label;
        Phone = new PhoneHarness("--label", label);
        Dir = Path.Combine(Phone.Work, "clients");
        Directory.CreateDirectory(Dir);
        Environment = new Dictionary<string, string?>(Phone.Environment)
        {
            ["PKCS11PHONE_TRACE"] = TraceFile,
            ["HOME"] = Path.Combine(Dir, "home"),
            ["OPENSSL_CONF"] = null,
        };
        Directory.CreateDirectory(Environment["HOME"]!);
        PinFile = Write("pin.txt", UserPin + "\n");
        WrongPinFile = Write("wrong-pin.txt", "not-the-pin\n");
    }

    /// <summary>Starts the phone and initializes its token as a user would: label, SO PIN, then the user PIN.</summary>
    public static NssPhone Start(string label)
    {
        var phone = new NssPhone(label);
        try
        {
            string listing = "";
            bool present = Proc.WaitUntil(() =>
            {
                listing = Proc.Run("pkcs11-tool", ["--module", Module, "--list-slots"], phone.Environment, TimeSpan.FromSeconds(30)).Output;
                return listing.Contains("token state", StringComparison.Ordinal) || listing.Contains("token label", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(30), 300);
            Assert.That(present, Is.True, "the phone's token did not appear:\n" + listing + "\n" + phone.AgentLog);
            phone.Pkcs11Tool(["--init-token", "--label", label, "--so-pin", SoPin]);
            phone.Pkcs11Tool(["--login", "--login-type", "so", "--so-pin", SoPin, "--init-pin", "--pin", UserPin]);
            return phone;
        }
        catch
        {
            phone.Dispose();
            throw;
        }
    }

    public ProcResult Pkcs11Tool(IEnumerable<string> args) =>
        Proc.Ok("pkcs11-tool", ["--module", Module, .. args], Environment, TimeSpan.FromSeconds(60));

    /// <summary>Runs a client with the module's environment.</summary>
    public ProcResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>(Environment);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return Proc.Run(file, args, env, timeout ?? TimeSpan.FromSeconds(90), stdin, Dir);
    }

    public ProcResult Ok(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var r = Run(file, args, timeout, stdin);
        Assert.That(r.Code, Is.EqualTo(0), r + Diagnosis());
        return r;
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>The token flags as pkcs11-tool shows them (e.g. "user PIN locked").</summary>
    public string TokenFlags()
    {
        var r = Pkcs11Tool(["--list-token-slots"]);
        return r.Stdout.Split('\n').FirstOrDefault(l => l.Contains("token flags", StringComparison.Ordinal))?.Trim() ?? r.Output;
    }

    /// <summary>After a lockout: the SO sets a new user PIN (the same one), which resets the counter.</summary>
    public void ResetUserPin() =>
        Pkcs11Tool(["--login", "--login-type", "so", "--so-pin", SoPin, "--init-pin", "--pin", UserPin]);

    public string AgentLog
    {
        get
        {
            var log = Path.Combine(Phone.AgentPaths.Directory, "agent.log");
            return File.Exists(log) ? "--- agent.log\n" + File.ReadAllText(log) : "(no agent log)";
        }
    }

    /// <summary>The calls of the module's trace that did not return CKR_OK, and the agent's log: for failure messages.</summary>
    public string Diagnosis(int maxLines = 40)
    {
        var failed = File.Exists(TraceFile)
            ? File.ReadLines(TraceFile).Where(l => !l.Contains("-> CKR_OK", StringComparison.Ordinal)).TakeLast(maxLines)
            : ["(no module trace)"];
        return "\n--- module calls that did not return CKR_OK (last " + maxLines + ")\n" + string.Join('\n', failed) + "\n" + AgentLog;
    }

    /// <summary>Lines of the module trace with this function name (for assertions about what a client called).</summary>
    public List<string> TraceLines(string function) =>
        File.Exists(TraceFile) ? File.ReadLines(TraceFile).Where(l => l.Contains(" " + function + " ", StringComparison.Ordinal)).ToList() : [];

    public void Dispose() => Phone.Dispose();
}
