using System.Diagnostics;
using System.Text;

namespace Pkcs11Phone.Tests.Clients.Support;

/// <summary>What a finished program printed and how it ended.</summary>
public sealed record ToolResult(string Command, int Code, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string Output => Stdout + Stderr;

    /// <summary>For assertion messages: the command, its exit code and everything it printed.</summary>
    public override string ToString() => $"$ {Command}\nexit {Code} after {Elapsed.TotalSeconds:0.0} s\n{Output}";
}

/// <summary>
/// Runs client programs (ssh, openssl, p11tool, ...) to completion with a time limit, as the test process's user
/// or, through <c>setpriv</c>, as a <see cref="ThrowawayUser"/>. Every run is logged to the test's output.
/// </summary>
public static class Tool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <param name="env">Variables to set; a null value removes the variable.</param>
    /// <param name="asUser">Run as this user, with only <paramref name="env"/> and a minimal login environment.</param>
    /// <param name="stdin">Text written to the program's standard input (else it reads an empty input).</param>
    /// <param name="workDir">The program's working directory (else this process's).</param>
    public static ToolResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        TimeSpan? timeout = null, ThrowawayUser? asUser = null, string? stdin = null, string? workDir = null)
    {
        var argList = args.ToList();
        var limit = timeout ?? DefaultTimeout;
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workDir ?? "",
        };
        if (asUser is null)
        {
            psi.FileName = file;
            foreach (var a in argList) psi.ArgumentList.Add(a);
            foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            {
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
            }
        }
        else
        {
            psi.FileName = "setpriv";
            foreach (var a in asUser.SetprivArguments(env)) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(file);
            foreach (var a in argList) psi.ArgumentList.Add(a);
        }
        var command = (asUser is null ? "" : $"[as {asUser.Name}] ") + file + " " + string.Join(' ', argList.Select(Quote));
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input.
        }
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
            var partial = new ToolResult(command, -1, stdout.IsCompleted ? stdout.Result : "", stderr.IsCompleted ? stderr.Result : "", sw.Elapsed);
            Assert.Fail($"did not finish within {limit.TotalSeconds} s: {partial}");
        }
        p.WaitForExit();
        var result = new ToolResult(command, p.ExitCode, stdout.Result, stderr.Result, sw.Elapsed);
        TestContext.Out.WriteLine(result.ToString().TrimEnd());
        return result;
    }

    /// <summary>Runs a program that must succeed; fails the test with its output otherwise.</summary>
    public static ToolResult Ok(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        TimeSpan? timeout = null, ThrowawayUser? asUser = null, string? stdin = null)
    {
        var r = Run(file, args, env, timeout, asUser, stdin);
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        return r;
    }

    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";

    /// <summary>Merges environments: later entries win; null values stay (they mean "remove").</summary>
    public static Dictionary<string, string?> Env(params IReadOnlyDictionary<string, string?>[] parts)
    {
        var all = new Dictionary<string, string?>();
        foreach (var part in parts)
            foreach (var (k, v) in part) all[k] = v;
        return all;
    }
}

/// <summary>A long-running program (sshd, ssh-agent) whose output lines are kept for the test to inspect.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    public string Name { get; }

    public BackgroundProcess(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, ThrowawayUser? asUser = null)
    {
        Name = Path.GetFileName(file);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser is null)
        {
            psi.FileName = file;
            foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            {
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
            }
        }
        else
        {
            psi.FileName = "setpriv";
            foreach (var a in asUser.SetprivArguments(env)) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(file);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
        TestContext.Progress.WriteLine($"[{Name}] {line}");
    }

    public bool HasExited => _process.HasExited;

    /// <summary>How many lines have been read so far: a mark for <see cref="LinesSince"/>.</summary>
    public int Mark()
    {
        lock (_lines) return _lines.Count;
    }

    public List<string> LinesSince(int mark)
    {
        lock (_lines) return _lines.Skip(mark).ToList();
    }

    public string Log
    {
        get
        {
            lock (_lines) return string.Join('\n', _lines);
        }
    }

    /// <summary>Waits (bounded) for a line after <paramref name="mark"/> that satisfies <paramref name="match"/>; null if none came.</summary>
    public string? WaitForLine(Func<string, bool> match, TimeSpan timeout, int mark = 0)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            bool exited = _process.HasExited;
            if (exited) _process.WaitForExit(); // drains the output readers
            var hit = LinesSince(mark).FirstOrDefault(match);
            if (hit is not null) return hit;
            if (exited || sw.Elapsed > timeout) return null;
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}

/// <summary>Small file helpers for the client tests.</summary>
public static class Files
{
    /// <summary>A copy of the file with one bit flipped in its last byte (the end of a signature in every format used here).</summary>
    public static string Tampered(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        var copy = path + ".tampered";
        File.WriteAllBytes(copy, bytes);
        return copy;
    }

    public static string Write(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>A PEM text without line-break differences, for comparing keys.</summary>
    public static string NormalizePem(string pem) =>
        string.Join('\n', pem.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}

/// <summary>Ports for servers the tests start: on 127.0.0.1 only.</summary>
public static class LoopbackPort
{
    /// <summary>A free TCP port on 127.0.0.1 (the system picks it; the caller binds it right after, and retries on a clash).</summary>
    public static int Free()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Certificate helpers, with plain openssl (no engine).</summary>
public static class Certificates
{
    /// <summary>A PEM copy of the certificate with one bit of its signature flipped (the signature ends the DER encoding).</summary>
    public static string Tampered(string pem)
    {
        var plain = ClientToken.PlainOpenSsl;
        var der = pem + ".der";
        Tool.Ok("openssl", ["x509", "-in", pem, "-outform", "DER", "-out", der], plain);
        var changed = Files.Tampered(der);
        var tamperedPem = pem + ".tampered.pem";
        Tool.Ok("openssl", ["x509", "-inform", "DER", "-in", changed, "-out", tamperedPem], plain);
        return tamperedPem;
    }

    /// <summary>Plain openssl's verdict on a self-signed certificate, its own signature checked (-check_ss_sig).</summary>
    public static ToolResult VerifySelfSigned(string pem) =>
        Tool.Run("openssl", ["verify", "-check_ss_sig", "-CAfile", pem, pem], ClientToken.PlainOpenSsl);
}
