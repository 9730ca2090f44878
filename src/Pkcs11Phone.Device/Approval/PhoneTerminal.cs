using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Pkcs11Phone.Device.Approval;

/// <summary>How a read at the phone's terminal ended.</summary>
public enum TerminalRead
{
    /// <summary>A line was typed.</summary>
    Answered,

    /// <summary>No line within the time left.</summary>
    TimedOut,

    /// <summary>The input is at its end (or the terminal was disposed): nobody can answer.</summary>
    Closed,

    /// <summary>The computer withdrew the question (the application that asked went away).</summary>
    Withdrawn,
}

/// <summary>
/// The phone's terminal, shared by everything that asks its user (approvals, PINs). One background reader
/// takes the input lines; one question is asked at a time (a question waits its turn, and the wait counts
/// against its own timeout); lines typed before a question are thrown away. Secret answers are read with
/// the terminal's echo off when the input is a real terminal, and are never written anywhere.
/// </summary>
public sealed class PhoneTerminal : IDisposable
{
    /// <summary>Longest line kept; the rest of a longer line is dropped.</summary>
    public const int MaxLineChars = 4096;

    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly int? _terminalFd;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Channel<char[]> _lines = Channel.CreateBounded<char[]>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = true },
        dropped => Array.Clear(dropped));
    private readonly Lock _startGate = new();
    private Thread? _reader;
    private volatile bool _disposed;

    /// <param name="input">What the user types, one answer a line.</param>
    /// <param name="output">Where the questions are shown.</param>
    /// <param name="terminalFd">The file descriptor <paramref name="input"/> reads, when it may be a terminal: its echo is turned off while a secret is typed (only when isatty says it is one).</param>
    public PhoneTerminal(TextReader input, TextWriter output, int? terminalFd = null)
    {
        _input = input;
        _output = output;
        _terminalFd = terminalFd is { } fd && TerminalEcho.IsTerminal(fd) ? fd : null;
    }

    /// <summary>
    /// The process's terminal: standard output for the questions, standard input for the answers. When
    /// standard input is a terminal it is read directly (not through Console.In, which echoes what is typed
    /// by itself), so its echo can be turned off for PINs.
    /// </summary>
    public static PhoneTerminal ForConsole()
    {
        if (!TerminalEcho.IsTerminal(0)) return new PhoneTerminal(Console.In, Console.Out);
        var stdin = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        return new PhoneTerminal(new StreamReader(stdin, new UTF8Encoding(false), false, 256), Console.Out, 0);
    }

    /// <summary>Whether secrets are read with the echo off (the input is a real terminal).</summary>
    public bool ControlsEcho => _terminalFd is not null;

    /// <summary>Starts reading the input (once). Done by the first question anyway; start it ahead so that what is typed before that question counts as stale.</summary>
    public void Listen()
    {
        lock (_startGate)
        {
            if (_reader is not null || _disposed) return;
            _reader = new Thread(ReadLines) { IsBackground = true, Name = "phone terminal" };
            _reader.Start();
        }
    }

    private void ReadLines()
    {
        var buffer = new char[256];
        var line = new char[MaxLineChars];
        int length = 0;
        try
        {
            while (!_disposed)
            {
                int n = _input.Read(buffer);
                if (n == 0) break;
                foreach (char c in buffer.AsSpan(0, n))
                {
                    if (c == '\n')
                    {
                        Post(line, length);
                        length = 0;
                    }
                    else if (length < line.Length)
                    {
                        line[length++] = c;
                    }
                }
                Array.Clear(buffer);
            }
            if (length > 0) Post(line, length);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The input is gone: as at its end.
        }
        finally
        {
            Array.Clear(buffer);
            Array.Clear(line);
            _lines.Writer.TryComplete();
        }
    }

    private void Post(char[] line, int length)
    {
        if (length > 0 && line[length - 1] == '\r') length--;
        var copy = line.AsSpan(0, length).ToArray();
        Array.Clear(line, 0, Math.Min(line.Length, length + 1));
        if (_disposed || !_lines.Writer.TryWrite(copy)) Array.Clear(copy);
    }

    /// <summary>
    /// Waits for the terminal (one question at a time) at most <paramref name="timeout"/>; the turn's own
    /// reads get what is left of it. Null when the time ran out first. Lines typed before the turn are thrown away.
    /// </summary>
    public Turn? TakeTurn(TimeSpan timeout, CancellationToken withdrawn = default)
    {
        var clock = Stopwatch.StartNew();
        Listen();
        try
        {
            if (_disposed || !_turn.Wait(timeout, withdrawn)) return null;
        }
        catch (OperationCanceledException)
        {
            // Withdrawn while it waited for its turn.
            return null;
        }
        while (_lines.Reader.TryRead(out var stale)) Array.Clear(stale);
        return new Turn(this, clock, timeout, withdrawn);
    }

    /// <summary>Text from the computer (names of computers, applications, keys, tokens) as shown: control characters and bidirectional overrides become '?', so it cannot redraw the prompt.</summary>
    public static string Shown(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
            sb.Append(char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' ? '?' : c);
        return sb.ToString();
    }

    public void Dispose()
    {
        _disposed = true;
        _lines.Writer.TryComplete();
        while (_lines.Reader.TryRead(out var line)) Array.Clear(line);
    }

    /// <summary>The terminal, held by one question until disposed.</summary>
    public sealed class Turn : IDisposable
    {
        private readonly PhoneTerminal _terminal;
        private readonly Stopwatch _clock;
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _withdrawn;
        private int _released;

        internal Turn(PhoneTerminal terminal, Stopwatch clock, TimeSpan timeout, CancellationToken withdrawn)
        {
            _terminal = terminal;
            _clock = clock;
            _timeout = timeout;
            _withdrawn = withdrawn;
        }

        /// <summary>What is left of the question's timeout (waiting for the turn used the rest).</summary>
        public TimeSpan Remaining => _timeout - _clock.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

        /// <summary>Whole seconds left, for the prompt.</summary>
        public int SecondsLeft => (int)Math.Ceiling(Remaining.TotalSeconds);

        public void Write(string text) => _terminal._output.Write(text);

        public void WriteLine(string text = "")
        {
            _terminal._output.WriteLine(text);
            _terminal._output.Flush();
        }

        /// <summary>Shows <paramref name="prompt"/> and reads an answer (trimmed) within the time left.</summary>
        public TerminalRead ReadLine(string prompt, out string answer)
        {
            Write(prompt);
            _terminal._output.Flush();
            var r = Next(out var line);
            answer = line is null ? "" : new string(line).Trim();
            if (line is not null) Array.Clear(line);
            return r;
        }

        /// <summary>
        /// Shows <paramref name="prompt"/> and reads a secret within the time left, with the terminal's echo
        /// off when the input is a terminal: its UTF-8 bytes (the caller clears them), exactly as typed but
        /// for the line end. Ends the prompt's line, since the Enter was not echoed.
        /// </summary>
        public TerminalRead ReadSecret(string prompt, out byte[]? secret)
        {
            secret = null;
            Write(prompt);
            _terminal._output.Flush();
            TerminalRead r;
            char[]? line;
            using (TerminalEcho.Off(_terminal._terminalFd))
                r = Next(out line);
            WriteLine();
            if (line is null) return r;
            try
            {
                secret = Encoding.UTF8.GetBytes(line);
            }
            finally
            {
                Array.Clear(line);
            }
            return r;
        }

        private TerminalRead Next(out char[]? line)
        {
            line = null;
            var left = Remaining;
            if (_withdrawn.IsCancellationRequested) return TerminalRead.Withdrawn;
            if (_terminal._lines.Reader.TryRead(out line)) return TerminalRead.Answered;
            if (_terminal._lines.Reader.Completion.IsCompleted) return TerminalRead.Closed;
            if (left <= TimeSpan.Zero) return TerminalRead.TimedOut;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(_withdrawn);
            cts.CancelAfter(left);
            try
            {
                line = _terminal._lines.Reader.ReadAsync(cts.Token).AsTask().GetAwaiter().GetResult();
                return TerminalRead.Answered;
            }
            catch (OperationCanceledException)
            {
                return _withdrawn.IsCancellationRequested ? TerminalRead.Withdrawn : TerminalRead.TimedOut;
            }
            catch (ChannelClosedException)
            {
                return TerminalRead.Closed;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _terminal._turn.Release();
        }
    }
}
