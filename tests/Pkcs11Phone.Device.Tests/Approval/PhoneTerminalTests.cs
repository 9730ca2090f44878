using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Pkcs11Phone.Device.Approval;

namespace Pkcs11Phone.Device.Tests.Approval;

/// <summary>
/// The phone's terminal shared by approvals and PIN entry: one question at a time, each answer to its own
/// question, stale lines thrown away, timeouts (waiting for the terminal included), the end of the input,
/// and PINs never shown (nor echoed by a real terminal).
/// </summary>
[TestFixture, Parallelizable(ParallelScope.Self)]
public sealed class PhoneTerminalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    /// <summary>What the phone's user sees (the questions) and types (a real pipe, as stdin of `p11phone device` in the tests).</summary>
    private sealed class Keyboard : IDisposable
    {
        private readonly AnonymousPipeServerStream _server = new(PipeDirection.Out);
        private readonly AnonymousPipeClientStream _client;
        private readonly StreamWriter _keys;
        public Screen Screen { get; } = new();
        public PhoneTerminal Terminal { get; }

        public Keyboard()
        {
            _client = new AnonymousPipeClientStream(PipeDirection.In, _server.ClientSafePipeHandle);
            _keys = new StreamWriter(_server, new UTF8Encoding(false)) { AutoFlush = true };
            Terminal = new PhoneTerminal(new StreamReader(_client, Encoding.UTF8), Screen);
        }

        public void Type(string line) => _keys.Write(line + "\n");

        /// <summary>Closes the input: the end of stdin.</summary>
        public void Close() => _keys.Dispose();

        public void Dispose()
        {
            Terminal.Dispose();
            _keys.Dispose();
            _client.Dispose();
            _server.Dispose();
        }
    }

    /// <summary>A thread-safe screen.</summary>
    private sealed class Screen : TextWriter
    {
        private readonly StringBuilder _text = new();
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) { lock (_text) _text.Append(value); }
        public override void Write(string? value) { lock (_text) _text.Append(value); }
        public string Text { get { lock (_text) return _text.ToString(); } }

        public int Count(string what)
        {
            var text = Text;
            int n = 0;
            for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
            return n;
        }

        public void WaitFor(Func<Screen, bool> condition, string what)
        {
            var sw = Stopwatch.StartNew();
            while (!condition(this))
            {
                if (sw.Elapsed > Long) Assert.Fail($"{what}; the screen:\n{Text}");
                Thread.Sleep(10);
            }
        }
    }

    private static ApprovalRequest Use(string key, string client = "ssh[100].1") =>
        new("laptop", "ssh (pid 100)", client, key, "CKM_ECDSA", "sign");

    private static PinRequest Pin(string token, string purpose = "log in") => new("laptop", "ssh (pid 100)", token, "user", purpose);

    private const string ApprovalHeader = "asks to use a key on this phone";
    private const string PinHeader = "asks for a PIN on this phone";

    [Test]
    public void ConcurrentQuestionsAreAskedOneAfterTheOtherEachWithItsOwnAnswer()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, Long);
        var pad = new TerminalPinPad(kb.Terminal, Long);
        using var start = new Barrier(2);
        var approval = Task.Run(() => { start.SignalAndWait(); return approver.Approve(Use("alpha key")); });
        var pin = Task.Run(() => { start.SignalAndWait(); return pad.ReadPin(Pin("beta token")); });

        // Whichever is asked first gets the answer typed for it; the other is not shown until then.
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) + s.Count(PinHeader) == 1, "no question shown");
        Thread.Sleep(300);
        Assert.That(kb.Screen.Count(ApprovalHeader) + kb.Screen.Count(PinHeader), Is.EqualTo(1), "two questions at once");
        bool approvalFirst = kb.Screen.Count(ApprovalHeader) == 1;
        string firstAnswerShown = approvalFirst ? "allowed once" : "PIN entered";
        kb.Type(approvalFirst ? "y" : "2468");
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) + s.Count(PinHeader) == 2, "the second question was never shown");
        kb.Type(approvalFirst ? "2468" : "y");

        Assert.That(approval.Wait(Long) && pin.Wait(Long), Is.True, "an answer did not arrive");
        Assert.That(approval.Result, Is.EqualTo(ApprovalAnswer.Allowed));
        Assert.That(pin.Result.Outcome, Is.EqualTo(PinOutcome.Entered));
        Assert.That(Encoding.UTF8.GetString(pin.Result.Pin!), Is.EqualTo("2468"));

        // Never interleaved: the first question's outcome is written before the second question starts.
        var text = kb.Screen.Text;
        int secondStart = text.IndexOf(approvalFirst ? PinHeader : ApprovalHeader, StringComparison.Ordinal);
        int firstOutcome = text.IndexOf(firstAnswerShown, StringComparison.Ordinal);
        Assert.That(firstOutcome, Is.GreaterThan(0).And.LessThan(secondStart), text);
        Assert.That(text, Does.Not.Contain("2468"), "the PIN was shown");
    }

    [Test]
    public void AWithdrawnQuestionLeavesTheTerminalAtOnceAndTheNextIsAsked()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, Long);
        var pad = new TerminalPinPad(kb.Terminal, Long);
        using var gone = new CancellationTokenSource();
        using var goneToo = new CancellationTokenSource();
        var first = Task.Run(() => approver.Approve(Use("first key") with { Withdrawn = gone.Token }));
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) == 1, "the first question was not shown");
        var second = Task.Run(() => approver.Approve(Use("second key")));
        // A PIN request withdrawn while it waits for its turn never shows.
        var third = Task.Run(() => pad.ReadPin(Pin("third token") with { Withdrawn = goneToo.Token }));
        Thread.Sleep(200);
        goneToo.Cancel();
        Assert.That(third.Wait(Long), Is.True);
        Assert.That(third.Result.Outcome, Is.EqualTo(PinOutcome.Withdrawn));

        var sw = Stopwatch.StartNew();
        gone.Cancel();
        Assert.That(first.Wait(Long), Is.True);
        Assert.That(first.Result, Is.EqualTo(ApprovalAnswer.Withdrawn));
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "at once, not at the timeout");
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) == 2, "the next question was not asked");
        Assert.That(kb.Screen.Text, Does.Contain("withdrawn by the computer"));
        Assert.That(kb.Screen.Count(PinHeader), Is.EqualTo(0), "the withdrawn PIN request was never shown");
        kb.Type("y");
        Assert.That(second.Wait(Long), Is.True);
        Assert.That(second.Result, Is.EqualTo(ApprovalAnswer.Allowed));
    }

    [Test]
    public void TwoApprovalsAtOnceGetTheirOwnAnswers()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, Long);
        var one = Task.Run(() => approver.Approve(Use("key one", "a[1].1")));
        var two = Task.Run(() => approver.Approve(Use("key two", "b[2].1")));
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) == 1, "no question shown");
        Thread.Sleep(300);
        Assert.That(kb.Screen.Count(ApprovalHeader), Is.EqualTo(1), "two questions at once");
        bool oneFirst = kb.Screen.Text.Contains("key one", StringComparison.Ordinal);
        kb.Type("n");
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) == 2, "the second question was never shown");
        kb.Type("y");
        Assert.That(Task.WaitAll([one, two], Long), Is.True);
        Assert.That(oneFirst ? one.Result : two.Result, Is.EqualTo(ApprovalAnswer.Declined), "the first question was answered n");
        Assert.That(oneFirst ? two.Result : one.Result, Is.EqualTo(ApprovalAnswer.Allowed), "the second question was answered y");
        var text = kb.Screen.Text;
        Assert.That(text.IndexOf("declined", StringComparison.Ordinal), Is.LessThan(text.LastIndexOf(ApprovalHeader, StringComparison.Ordinal)), text);
    }

    [Test]
    public void AGrantGivenWhileWaitingForTheTerminalIsNotAskedAgain()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, Long);
        var one = Task.Run(() => approver.Approve(Use("shared key")));
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) == 1, "no question shown");
        var two = Task.Run(() => approver.Approve(Use("shared key")));
        Thread.Sleep(300);
        kb.Type("5");
        Assert.That(Task.WaitAll([one, two], Long), Is.True);
        Assert.That(one.Result, Is.EqualTo(ApprovalAnswer.Allowed));
        Assert.That(two.Result, Is.EqualTo(ApprovalAnswer.Allowed));
        Assert.That(kb.Screen.Count(ApprovalHeader), Is.EqualTo(1), "asked again within the 5 minutes");
    }

    [Test]
    public void WaitingForTheTerminalCountsAgainstTheTimeout()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, Long);
        var holder = Task.Run(() => approver.Approve(Use("holder")));
        kb.Screen.WaitFor(s => s.Count(ApprovalHeader) == 1, "no question shown");

        var shortPad = new TerminalPinPad(kb.Terminal, TimeSpan.FromMilliseconds(500));
        var sw = Stopwatch.StartNew();
        var entry = shortPad.ReadPin(Pin("waiting token"));
        Assert.That(entry.Outcome, Is.EqualTo(PinOutcome.TimedOut));
        Assert.That(sw.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450)).And.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(kb.Screen.Text, Does.Not.Contain(PinHeader), "a question that never got the terminal was shown");

        kb.Type("y");
        Assert.That(holder.Wait(Long), Is.True);
        Assert.That(holder.Result, Is.EqualTo(ApprovalAnswer.Allowed));
    }

    [Test]
    public void NoAnswerTimesOut()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, TimeSpan.FromMilliseconds(400));
        var pad = new TerminalPinPad(kb.Terminal, TimeSpan.FromMilliseconds(400));

        var sw = Stopwatch.StartNew();
        Assert.That(approver.Approve(Use("silent")), Is.EqualTo(ApprovalAnswer.TimedOut));
        Assert.That(sw.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)));
        sw.Restart();
        Assert.That(pad.ReadPin(Pin("silent token")).Outcome, Is.EqualTo(PinOutcome.TimedOut));
        Assert.That(sw.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)));
        Assert.That(kb.Screen.Text, Does.Contain("no answer: declined").And.Contain("no answer: cancelled"));

        // The terminal is free again: a later question is answered.
        var longPad = new TerminalPinPad(kb.Terminal, Long);
        var later = Task.Run(() => longPad.ReadPin(Pin("later token")));
        kb.Screen.WaitFor(s => s.Count(PinHeader) >= 2 && s.Text.Contains("later token", StringComparison.Ordinal) && s.Text.TrimEnd().EndsWith("s):", StringComparison.Ordinal), "no later question");
        kb.Type("1357");
        Assert.That(later.Wait(Long), Is.True);
        Assert.That(later.Result.Outcome, Is.EqualTo(PinOutcome.Entered));
    }

    [Test]
    public void TheEndOfTheInputAnswersAtOnce()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, Long);
        var pad = new TerminalPinPad(kb.Terminal, Long);
        var waiting = Task.Run(() => pad.ReadPin(Pin("open token")));
        kb.Screen.WaitFor(s => s.Count(PinHeader) == 1, "no question shown");
        var sw = Stopwatch.StartNew();
        kb.Close();
        Assert.That(waiting.Wait(Long), Is.True);
        Assert.That(waiting.Result.Outcome, Is.EqualTo(PinOutcome.Cancelled), "nobody can type any more");
        Assert.That(approver.Approve(Use("after the end")), Is.EqualTo(ApprovalAnswer.TimedOut));
        Assert.That(pad.ReadPin(Pin("after the end")).Outcome, Is.EqualTo(PinOutcome.Cancelled));
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "waited for the timeout although the input had ended");
    }

    [Test]
    public void AnEmptyLineCancelsAPin()
    {
        using var kb = new Keyboard();
        var pad = new TerminalPinPad(kb.Terminal, Long);
        var entry = Task.Run(() => pad.ReadPin(Pin("token")));
        kb.Screen.WaitFor(s => s.Count(PinHeader) == 1, "no question shown");
        kb.Type("");
        Assert.That(entry.Wait(Long), Is.True);
        Assert.That(entry.Result.Outcome, Is.EqualTo(PinOutcome.Cancelled));
        Assert.That(entry.Result.Pin, Is.Null);
        Assert.That(kb.Screen.Text, Does.Contain("cancelled"));
    }

    [Test]
    public void APinIsReadAsTypedAndNeverShown()
    {
        const string secret = "s3cret PIN \u00e9 7";
        using var kb = new Keyboard();
        var pad = new TerminalPinPad(kb.Terminal, Long);
        var entry = Task.Run(() => pad.ReadPin(Pin("My token", "current PIN")));
        kb.Screen.WaitFor(s => s.Count(PinHeader) == 1, "no question shown");
        kb.Type(secret + "\r");
        Assert.That(entry.Wait(Long), Is.True);
        Assert.That(entry.Result.Outcome, Is.EqualTo(PinOutcome.Entered));
        Assert.That(entry.Result.Pin, Is.EqualTo(Encoding.UTF8.GetBytes(secret)), "UTF-8 bytes of the line, without its end");
        var text = kb.Screen.Text;
        Assert.That(text, Does.Contain("My token").And.Contain("current PIN").And.Contain("laptop").And.Contain("ssh (pid 100)").And.Contain("user"));
        Assert.That(text, Does.Not.Contain("s3cret"), "the PIN was shown");
    }

    [Test]
    public void StaleInputIsThrownAway()
    {
        using var kb = new Keyboard();
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, kb.Terminal, TimeSpan.FromMilliseconds(600));
        // Typed before any question: not an answer to the next one.
        kb.Type("y");
        kb.Type("1111");
        Thread.Sleep(300);
        Assert.That(approver.Approve(Use("key")), Is.EqualTo(ApprovalAnswer.TimedOut), "a stale y allowed the use");

        kb.Type("2222");
        Thread.Sleep(300);
        var pad = new TerminalPinPad(kb.Terminal, Long);
        var entry = Task.Run(() => pad.ReadPin(Pin("token")));
        kb.Screen.WaitFor(s => s.Count(PinHeader) == 1, "no question shown");
        kb.Type("3333");
        Assert.That(entry.Wait(Long), Is.True);
        Assert.That(Encoding.UTF8.GetString(entry.Result.Pin!), Is.EqualTo("3333"));
    }

    [Test]
    public void ComputerTextCannotRedrawThePrompt()
    {
        using var kb = new Keyboard();
        var pad = new TerminalPinPad(kb.Terminal, Long);
        var entry = Task.Run(() => pad.ReadPin(new PinRequest("laptop", "evil\r\u001b[2KAllowed by you\u202e", "token", "user", "log in")));
        kb.Screen.WaitFor(s => s.Count(PinHeader) == 1 && s.Text.Contains("s):", StringComparison.Ordinal), "no question shown");
        kb.Type("");
        Assert.That(entry.Wait(Long), Is.True);
        Assert.That(kb.Screen.Text, Does.Contain("evil??[2KAllowed by you?").And.Not.Contain("\u001b").And.Not.Contain("\u202e"));
    }

    // A real terminal: the PIN is typed with the echo off, and the echo is back afterwards.

    [Test]
    public void OnARealTerminalThePinIsNotEchoed()
    {
        using var pty = Pty.Open();
        using var slaveRead = new StreamReader(new FileStream(pty.Slave, FileAccess.Read, 0), Encoding.UTF8);
        var screen = new Screen();
        using var terminal = new PhoneTerminal(slaveRead, screen, pty.SlaveFd);
        Assert.That(terminal.ControlsEcho, Is.True, "a pty slave is a terminal");
        Assert.That(TerminalEcho.Echoes(pty.SlaveFd), Is.True, "a new pty echoes");
        using var approver = new PolicyApprover(ApprovalPolicy.Prompt, terminal, Long);
        var pad = new TerminalPinPad(terminal, Long);

        var entry = Task.Run(() => pad.ReadPin(Pin("tty token")));
        screen.WaitFor(s => s.Count(PinHeader) == 1 && s.Text.Contains("s):", StringComparison.Ordinal), "no question shown");
        Assert.That(TerminalEcho.Echoes(pty.SlaveFd), Is.False, "echo on while the PIN is typed");
        pty.Type("tty-pin-4711\n");
        Assert.That(entry.Wait(Long), Is.True);
        Assert.That(entry.Result.Outcome, Is.EqualTo(PinOutcome.Entered));
        Assert.That(Encoding.UTF8.GetString(entry.Result.Pin!), Is.EqualTo("tty-pin-4711"));
        Assert.That(TerminalEcho.Echoes(pty.SlaveFd), Is.True, "the echo was not restored");

        // An approval answer is echoed as usual (so the check above can see an echo at all).
        var allowed = Task.Run(() => approver.Approve(Use("tty key")));
        screen.WaitFor(s => s.Count(ApprovalHeader) == 1, "no question shown");
        pty.Type("yes-visible\n");
        Assert.That(allowed.Wait(Long), Is.True);
        PhoneTerminalWait(() => pty.Echoed.Contains("yes-visible", StringComparison.Ordinal), "the approval answer was not echoed: " + pty.Echoed);
        Assert.That(pty.Echoed, Does.Not.Contain("tty-pin-4711"), "the terminal echoed the PIN");
        Assert.That(screen.Text, Does.Not.Contain("tty-pin-4711"));
    }

    private static void PhoneTerminalWait(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > Long) Assert.Fail(what);
            Thread.Sleep(10);
        }
    }

    /// <summary>A pseudo-terminal pair: the test types on the master and reads back what the terminal echoes.</summary>
    private sealed class Pty : IDisposable
    {
        private readonly FileStream _master;
        private readonly StringBuilder _echoed = new();
        public SafeFileHandle Slave { get; }
        public int SlaveFd => (int)Slave.DangerousGetHandle();
        public string Echoed { get { lock (_echoed) return _echoed.ToString(); } }

        private Pty(SafeFileHandle master, SafeFileHandle slave)
        {
            _master = new FileStream(master, FileAccess.ReadWrite, 0);
            Slave = slave;
            var reader = new Thread(() =>
            {
                var buffer = new byte[256];
                try
                {
                    int n;
                    while ((n = _master.Read(buffer)) > 0)
                        lock (_echoed) _echoed.Append(Encoding.UTF8.GetString(buffer, 0, n));
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                }
            }) { IsBackground = true };
            reader.Start();
        }

        public static Pty Open()
        {
            int master = PosixOpenPt(0x2 | 0x100); // O_RDWR | O_NOCTTY
            Assert.That(master, Is.GreaterThanOrEqualTo(0), "posix_openpt");
            var masterHandle = new SafeFileHandle(master, ownsHandle: true);
            var name = new byte[128];
            Assert.That(GrantPt(master) == 0 && UnlockPt(master) == 0 && PtsNameR(master, name, (nuint)name.Length) == 0, Is.True, "grantpt/unlockpt/ptsname_r");
            var path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
            int slave = Open(path, 0x2 | 0x100);
            Assert.That(slave, Is.GreaterThanOrEqualTo(0), "open " + path);
            return new Pty(masterHandle, new SafeFileHandle(slave, ownsHandle: true));
        }

        public void Type(string text)
        {
            _master.Write(Encoding.UTF8.GetBytes(text));
            _master.Flush();
        }

        public void Dispose()
        {
            Slave.Dispose();
            _master.Dispose();
        }

        [DllImport("libc", EntryPoint = "posix_openpt")]
        private static extern int PosixOpenPt(int flags);

        [DllImport("libc", EntryPoint = "grantpt")]
        private static extern int GrantPt(int fd);

        [DllImport("libc", EntryPoint = "unlockpt")]
        private static extern int UnlockPt(int fd);

        [DllImport("libc", EntryPoint = "ptsname_r")]
        private static extern int PtsNameR(int fd, byte[] buffer, nuint length);

        [DllImport("libc", EntryPoint = "open")]
        private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
