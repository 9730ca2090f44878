using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>What a finished program printed, with its exit code and how long it ran.</summary>
public sealed record ProcResult(string Command, int Code, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"$ {Command}\nexit {Code} after {Elapsed.TotalSeconds:0.0} s\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the clients' command-line tools, each with a time limit and a closed standard input.</summary>
public static class Proc
{
    public static ProcResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        TimeSpan? timeout = null, string? stdin = null, string? workDir = null)
    {
        // Another test may have pointed this process's OpenSSL at an engine configuration: not for these tools.
        var r = Support.Tool.Run(file, args, env ?? new Dictionary<string, string?> { ["OPENSSL_CONF"] = null }, timeout, null, stdin, workDir);
        return new ProcResult(r.Command, r.Code, r.Stdout, r.Stderr, r.Elapsed);
    }

    /// <summary>Runs a program that must succeed.</summary>
    public static ProcResult Ok(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        TimeSpan? timeout = null, string? stdin = null, string? workDir = null)
    {
        var r = Run(file, args, env, timeout, stdin, workDir);
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        return r;
    }

    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Polls a condition, at most for <paramref name="timeout"/>.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout, int pollMs = 100)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (condition()) return true;
            Thread.Sleep(pollMs);
        }
        return condition();
    }
}

/// <summary>
/// A long-running program (a TLS server, a browser) started under coreutils' <c>timeout</c>, so that it ends
/// even if the test process dies; <see cref="Dispose"/> stops it and its children.
/// </summary>
public sealed class Background : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();
    private readonly Lock _gate = new();
    public string Name { get; }

    public Background(string name, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env, TimeSpan lifetime)
    {
        Name = name;
        var psi = new ProcessStartInfo("timeout")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--kill-after=5", ((int)lifetime.TotalSeconds).ToString(), file }.Concat(args)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }
    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int Pid => _process.Id;

    /// <summary>Waits until the program's output (stdout and stderr) contains <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout) =>
        Proc.WaitUntil(() => Stdout.Contains(text, StringComparison.Ordinal) || Stderr.Contains(text, StringComparison.Ordinal) || _process.HasExited, timeout)
        && (Stdout.Contains(text, StringComparison.Ordinal) || Stderr.Contains(text, StringComparison.Ordinal));

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public override string ToString() => $"[{Name}] --- stdout\n{Stdout}\n[{Name}] --- stderr\n{Stderr}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
