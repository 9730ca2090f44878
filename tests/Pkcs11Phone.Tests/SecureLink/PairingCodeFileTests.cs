using System.Diagnostics;
using NUnit.Framework;
using Pkcs11Phone.Device.Pairing;
using Pkcs11Phone.SecureChannel;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>
/// The code file of <c>p11phone device --pair --pairing-code-file</c> does not outlive its window: deleted on
/// SIGTERM and SIGINT, and, when the phone was killed outright, by its next start; but a file that is no longer
/// the one the phone wrote is never deleted.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class PairingCodeFileTests
{
    private string _work = null!;
    private readonly List<Process> _processes = [];
    private string Data => Path.Combine(_work, "phone");
    private string CodeFile => Path.Combine(_work, "code");
    private string Record => Path.Combine(Data, PhoneKeys.DirectoryName, PhoneKeys.PairingCodeRecordName);

    [SetUp]
    public void SetUp() => _work = Directory.CreateTempSubdirectory("p11phone-codefile-").FullName;

    [TearDown]
    public void TearDown()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited) { p.Kill(); p.WaitForExit(5000); }
            p.Dispose();
        }
        _processes.Clear();
        Directory.Delete(_work, recursive: true);
    }

    private (Process Process, TestLog Log) StartDevice(params string[] extra)
    {
        var log = new TestLog("device");
        var psi = new ProcessStartInfo(Repo.Cli) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in (string[])["device", "--listen", $"tcp:127.0.0.1:{SecureLinkTestKit.FreePort()}", "--data", Data, .. extra])
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _processes.Add(p);
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        PhoneHarness.WaitFor(() => log.Text.Contains("serving on") || p.HasExited, TimeSpan.FromSeconds(30), "the phone did not start");
        Assert.That(p.HasExited, Is.False, "the phone exited:\n" + log.Text);
        return (p, log);
    }

    private (Process Process, TestLog Log) StartPairing()
    {
        var started = StartDevice("--pair", "--pairing-code-file", CodeFile);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(CodeFile), "the code file is written before the phone serves");
            Assert.That(File.Exists(Record), "the code file is recorded in the data directory");
        });
        return started;
    }

    private static void KillHard(Process p)
    {
        p.Kill(); // SIGKILL: no finally block runs
        Assert.That(p.WaitForExit(5000), "the phone did not die");
    }

    private static void Signal(Process p, string signal)
    {
        // System.CommandLine registers its SIGINT/SIGTERM handlers only once the action has run to its first await,
        // which is after "serving on": a signal in the first milliseconds still kills the phone outright (and its
        // next start then removes the file). A user's signal comes later than that.
        Thread.Sleep(500);
        using var kill = Process.Start("kill", ["-" + signal, p.Id.ToString()])!;
        kill.WaitForExit();
        Assert.That(p.WaitForExit(10_000), $"the phone did not stop on SIG{signal}");
    }

    [Test]
    public void AKilledPhonesCodeFileIsRemovedByItsNextStart([Values] bool pairAgain)
    {
        var (first, _) = StartPairing();
        var oldCode = PairingCode.Parse(File.ReadAllText(CodeFile));
        KillHard(first);
        Assert.That(File.Exists(CodeFile), "SIGKILL left the code file (the case under test)");

        var (second, log) = pairAgain ? StartDevice("--pair", "--pairing-code-file", CodeFile) : StartDevice();
        Assert.That(log.Text, Does.Contain($"removed {CodeFile}, the pairing code file of an earlier run"));
        if (pairAgain)
        {
            var newCode = PairingCode.Parse(File.ReadAllText(CodeFile));
            Assert.Multiple(() =>
            {
                Assert.That(newCode, Is.Not.EqualTo(oldCode), "the file holds the new window's code");
                Assert.That(File.GetUnixFileMode(CodeFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                Assert.That(File.Exists(Record), "the new code file is recorded");
            });
            Signal(second, "TERM");
            Assert.That(File.Exists(CodeFile), Is.False, $"SIGTERM deletes the new code file (exit {second.ExitCode}):\n{log.Text}");
        }
        else
        {
            Assert.That(File.Exists(CodeFile), Is.False, "the leftover code file is removed");
        }
        Assert.That(File.Exists(Record), Is.False, "the record is removed with it");
    }

    [Test]
    public void AFileThatIsNoLongerOursIsNotRemoved([Values("code", "text", "symlink")] string replacement)
    {
        var (first, _) = StartPairing();
        KillHard(first);
        var userFile = Path.Combine(_work, "user-file");
        string userText = replacement == "text" ? "the user's own notes\n" : PairingCode.Generate() + "\n";
        File.Delete(CodeFile);
        if (replacement == "symlink")
        {
            // A link to a file with the very contents we wrote is still not the file we wrote.
            File.WriteAllText(userFile, userText);
            File.CreateSymbolicLink(CodeFile, userFile);
        }
        else
        {
            File.WriteAllText(CodeFile, userText);
        }

        StartDevice();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(CodeFile), "a file the phone did not write is left alone");
            Assert.That(File.ReadAllText(CodeFile), Is.EqualTo(userText));
            Assert.That(File.Exists(Record), Is.False, "the stale record is dropped");
        });
    }

    [Test]
    public void TheCodeFileOfALivePhoneIsNotRemovedByAnotherStart()
    {
        StartPairing();
        // A second phone on the same data directory (another endpoint) must not take the live window's file away.
        StartDevice();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(CodeFile), "the live window's code file stays");
            Assert.That(File.Exists(Record), "and so does its record");
        });
    }

    [Test]
    public void StoppingThePhoneRemovesTheCodeFile([Values("TERM", "INT")] string signal)
    {
        var (p, log) = StartPairing();
        Signal(p, signal);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(CodeFile), Is.False, $"SIG{signal} deletes the code file (exit {p.ExitCode}):\n{log.Text}");
            Assert.That(File.Exists(Record), Is.False, "and its record");
        });
    }

    [Test]
    public void ClosingTheWindowRemovesTheCodeFileAndItsRecord()
    {
        var window = PairingWindow.Open(CodeFile, Record);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(CodeFile).Trim(), Is.EqualTo(window.Code.ToString()));
            Assert.That(File.Exists(Record));
            Assert.That(PairingWindow.RemoveLeftover(Record), Is.Null, "a live window's record is locked");
            Assert.That(File.Exists(CodeFile), "so its file stays");
        });
        window.Close();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(CodeFile), Is.False);
            Assert.That(File.Exists(Record), Is.False);
        });
    }
}
