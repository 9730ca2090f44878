using System.Text;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Device.Pairing;

/// <summary>
/// The phone is waiting for one computer to pair (<c>p11phone device --pair</c>): it holds a fresh
/// <see cref="PairingCode"/>, optionally written to a file (mode 0600) for automation. The window closes
/// after one successful pairing, or after <see cref="MaxFailures"/> attempts with a wrong code; the code
/// file is then deleted. The code is never written to a log.
/// </summary>
public sealed class PairingWindow
{
    public const int MaxFailures = 3;

    private readonly TaskCompletionSource<PairedPeer?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;

    private PairingWindow(PairingCode code, string? codeFile)
    {
        Code = code;
        CodeFile = codeFile;
    }

    public PairingCode Code { get; }
    public string? CodeFile { get; }
    public bool IsOpen => !_done.Task.IsCompleted;
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Completes with the computer when the pairing succeeded, or null when the window closed without one.</summary>
    public Task<PairedPeer?> Completion => _done.Task;

    /// <summary>Opens a window with a fresh code; writes the code to <paramref name="codeFile"/> (atomically, 0600) when given.</summary>
    public static PairingWindow Open(string? codeFile)
    {
        var window = new PairingWindow(PairingCode.Generate(), codeFile is null ? null : Path.GetFullPath(codeFile));
        if (window.CodeFile is { } path)
        {
            var dir = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(dir);
            LinkKeyFiles.WriteAtomic(path, Encoding.ASCII.GetBytes(window.Code + "\n"));
        }
        return window;
    }

    internal void Succeeded(PairedPeer computer)
    {
        if (_done.TrySetResult(computer)) DeleteCodeFile();
    }

    /// <summary>Counts a failed attempt; returns true when that closed the window.</summary>
    internal bool Failed()
    {
        if (Interlocked.Increment(ref _failures) < MaxFailures) return false;
        Close();
        return true;
    }

    /// <summary>Closes the window without a pairing.</summary>
    public void Close()
    {
        if (_done.TrySetResult(null)) DeleteCodeFile();
    }

    private void DeleteCodeFile()
    {
        if (CodeFile is null) return;
        try { File.Delete(CodeFile); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
