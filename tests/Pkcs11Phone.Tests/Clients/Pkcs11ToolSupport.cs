using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients.Pkcs11ToolChecks;

/// <summary>How a finished program ended and what it printed.</summary>
public sealed record ProgramRun(string Command, int Code, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string Output => Stdout + Stderr;

    public bool Ok => Code == 0;

    /// <summary>For assertion messages: the command, its exit code and everything it printed.</summary>
    public override string ToString() => $"$ {Command}\nexit {Code} after {Elapsed.TotalSeconds:0.0} s\n{Output.TrimEnd()}";
}

/// <summary>
/// Runs programs to completion with a time limit (killed and reported when they overrun, so nothing hangs),
/// logging every command and its output to the test's output.
/// </summary>
public static class Programs
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <param name="env">Variables to set; a null value removes the variable.</param>
    public static ProgramRun Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        var limit = timeout ?? DefaultTimeout;
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in argList) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var command = file + " " + string.Join(' ', argList.Select(Quote));
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try { p.StandardInput.Close(); } catch (IOException) { /* it exited already */ }
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
            var partial = new ProgramRun(command, -1, stdout.IsCompleted ? stdout.Result : "", stderr.IsCompleted ? stderr.Result : "", sw.Elapsed);
            TestContext.Out.WriteLine(partial.ToString());
            Assert.Fail($"did not finish within {limit.TotalSeconds} s:\n{partial}");
        }
        p.WaitForExit();
        var run = new ProgramRun(command, p.ExitCode, stdout.Result, stderr.Result, sw.Elapsed);
        TestContext.Out.WriteLine(run.ToString());
        TestContext.Out.WriteLine();
        return run;
    }

    /// <summary>Runs a program that must succeed (exit 0); fails the test with its output otherwise.</summary>
    public static ProgramRun Ok(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var run = Run(file, args, env, timeout);
        Assert.That(run.Code, Is.EqualTo(0), run.ToString());
        return run;
    }

    /// <summary>openssl, the independent implementation the token's results are checked with.</summary>
    public static ProgramRun OpenSsl(params string[] args) => Run("openssl", args);

    private static string Quote(string a) => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'";
}

/// <summary>OpenSC's pkcs11-tool pointed at the published module, with the harness's environment.</summary>
public sealed class Pkcs11Tool(string module, IReadOnlyDictionary<string, string?> env)
{
    public string Module { get; } = module;
    public IReadOnlyDictionary<string, string?> Environment { get; } = env;

    /// <summary>Arguments that pick the token (e.g. --token-label), put after --module on every run.</summary>
    public List<string> TokenSelection { get; } = [];

    public ProgramRun Run(params string[] args) => Run(Programs.DefaultTimeout, args);

    public ProgramRun Run(TimeSpan timeout, params string[] args) =>
        Programs.Run("pkcs11-tool", ["--module", Module, .. TokenSelection, .. args], Environment, timeout);

    /// <summary>Runs without the token selection (for --init-token, before the token has its label).</summary>
    public ProgramRun RunBare(params string[] args) =>
        Programs.Run("pkcs11-tool", ["--module", Module, .. args], Environment, Programs.DefaultTimeout);

    /// <summary>
    /// The lines of pkcs11-tool's output that say something went wrong, in its own wording (pkcs11-tool.c of
    /// OpenSC 0.23): "ERR: ..." (a failed test step), "error: ..." then "Aborting." (util_fatal, exit 1),
    /// "... failed ...", "resulting cleartext doesn't match input", "openssl error during verification",
    /// "N errors" (the --test summary) and "... have ended some errors" (--test-threads). Its "warning: ..."
    /// lines (p11_warn: a step it tolerates, such as C_SignUpdate not supported for a single-part mechanism)
    /// are not failures.
    /// </summary>
    public static IReadOnlyList<string> ErrorLines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => !l.StartsWith("warning:"))
            .Where(l => l.Contains("ERR:") || l.StartsWith("error:") || Regex.IsMatch(l, @"\bfailed\b", RegexOptions.IgnoreCase)
                        || l.Contains("Aborting.") || l.Contains("doesn't match") || l.Contains("openssl error")
                        || Regex.IsMatch(l, @"^\d+ errors$") || l.Contains("some errors"))
            .ToList();

    /// <summary>pkcs11-tool's "warning: ..." lines (steps it tolerates), for the report.</summary>
    public static IReadOnlyList<string> WarningLines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("warning:")).ToList();

    /// <summary>
    /// The blocks of <c>pkcs11-tool -O</c>: each starts with "... Object;" and holds its indented attribute lines.
    /// </summary>
    public static List<ListedObject> ParseObjects(string output)
    {
        var list = new List<ListedObject>();
        ListedObject? current = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var head = Regex.Match(line, @"^(Public Key|Private Key|Secret Key|Certificate|Data|Profile) Object;\s*(.*)$");
            if (head.Success)
            {
                current = new ListedObject(head.Groups[1].Value, head.Groups[2].Value.Trim());
                list.Add(current);
                continue;
            }
            if (current is null) continue;
            var attr = Regex.Match(line, @"^\s+([A-Za-z_ ]+?):\s*(.*)$");
            if (attr.Success && line.StartsWith("  ")) current.Attributes.TryAdd(attr.Groups[1].Value.Trim(), attr.Groups[2].Value.Trim());
            else if (!line.StartsWith(' ')) current = null;
        }
        return list;
    }
}

/// <summary>One object as <c>pkcs11-tool -O</c> prints it: its kind, the rest of the head line, its attributes.</summary>
public sealed record ListedObject(string Kind, string Head)
{
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Label => Attributes.GetValueOrDefault("label");
    public string? Id => Attributes.GetValueOrDefault("ID");

    public override string ToString() => $"{Kind} Object; {Head} " + string.Join(", ", Attributes.Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>
/// The agent's link round-trip counters (<see cref="AgentProbe"/>), read once they have stopped moving: the agent
/// ends a module's client (+P11END, then +P11CAT) after the process has gone, a moment after pkcs11-tool exits.
/// </summary>
public static class RoundTrips
{
    /// <summary>
    /// The counters once they have not moved for a second (four readings 250 ms apart agree; pings left out:
    /// they run on their own timer).
    /// </summary>
    public static Dictionary<string, long> Settled(PhoneHarness phone, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        var last = Read(phone);
        int steady = 0;
        while (true)
        {
            Thread.Sleep(250);
            var now = Read(phone);
            steady = Same(last, now) ? steady + 1 : 0;
            if (steady >= 4 || DateTime.UtcNow > deadline) return now;
            last = now;
        }
    }

    /// <summary>Round trips made by <paramref name="action"/>, counted after the agent has finished with its client.</summary>
    public static Dictionary<string, long> During(PhoneHarness phone, Action action)
    {
        var before = Settled(phone);
        action();
        var after = Settled(phone);
        return after.Select(kv => (kv.Key, Value: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Value != 0)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public static string Format(IReadOnlyDictionary<string, long> trips) =>
        trips.Count == 0 ? "none" : string.Join(", ", trips.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    private static Dictionary<string, long> Read(PhoneHarness phone) =>
        AgentProbe.RoundTrips(phone).Where(kv => kv.Key != AtCommands.Ping).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static bool Same(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
