using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Device.Pairing;

/// <summary>
/// The phone is waiting for one computer to pair (<c>p11phone device --pair</c>): it holds a fresh
/// <see cref="PairingCode"/>, optionally written to a file (mode 0600) for automation. The window closes
/// after one successful pairing, or after <see cref="MaxFailures"/> attempts with a wrong code; the code
/// file is then deleted. The code is never written to a log.
/// </summary>
/// <remarks>
/// A process killed outright (SIGKILL, power loss) cannot delete its code file. So, given a record path
/// (<see cref="PhoneKeys.PairingCodeRecordPath"/>, in the private data directory), the window first records
/// which file it is about to write and the SHA-256 of its contents, and holds an exclusive lock on that
/// record while it is open. The next start (<see cref="RemoveLeftover"/>) deletes the recorded file only
/// when the record is not locked (its writer is dead) and the file is still a regular file with exactly the
/// recorded contents: a file the user has since put at that path is never ours, and is left alone.
/// </remarks>
public sealed class PairingWindow
{
    public const int MaxFailures = 3;

    /// <summary>Format tag of the record of a code file.</summary>
    public const string RecordFormat = "pkcs11phone pairing code file v1";

    private const int MaxCodeFileSize = 256;

    private readonly TaskCompletionSource<PairedPeer?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;
    private FileStream? _record;
    private string? _recordPath;

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

    /// <summary>
    /// Opens a window with a fresh code; writes the code to <paramref name="codeFile"/> (atomically, 0600) when given,
    /// recording it first in <paramref name="recordPath"/> when given, so that a later start can remove it if this
    /// process dies without doing so (see <see cref="RemoveLeftover"/>).
    /// </summary>
    public static PairingWindow Open(string? codeFile, string? recordPath = null)
    {
        var window = new PairingWindow(PairingCode.Generate(), codeFile is null ? null : Path.GetFullPath(codeFile));
        if (window.CodeFile is { } path)
        {
            var contents = Encoding.ASCII.GetBytes(window.Code + "\n");
            try
            {
                if (recordPath is not null) window.Record(Path.GetFullPath(recordPath), path, contents);
                var dir = Path.GetDirectoryName(path)!;
                Directory.CreateDirectory(dir);
                LinkKeyFiles.WriteAtomic(path, contents);
                // Also when the process ends without unwinding to whoever would close the window: System.CommandLine,
                // for one, returns from Main on SIGINT/SIGTERM once its cancellation fails or times out.
                AppDomain.CurrentDomain.ProcessExit += window.OnProcessExit;
            }
            catch
            {
                AppDomain.CurrentDomain.ProcessExit -= window.OnProcessExit;
                window.ReleaseRecord();
                throw;
            }
        }
        return window;
    }

    /// <summary>
    /// Deletes the code file recorded in <paramref name="recordPath"/> by an earlier process that died with its
    /// window open, if that file still holds exactly what it wrote, and then the record. Returns the deleted file,
    /// or null. Does nothing while the record's writer is alive (it holds the record locked).
    /// </summary>
    public static string? RemoveLeftover(string recordPath)
    {
        FileStream record;
        try
        {
            // .NET takes an exclusive flock for FileShare.None: this fails while a live window holds the record.
            record = new FileStream(recordPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        using (record)
        {
            string? deleted = null;
            if (ReadRecord(record) is var (path, sha256) && IsOurs(path, sha256))
            {
                try
                {
                    File.Delete(path);
                    deleted = path;
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            TryDelete(recordPath);
            return deleted;
        }
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

    private void OnProcessExit(object? sender, EventArgs e) => Close();

    private void DeleteCodeFile()
    {
        if (CodeFile is null) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        TryDelete(CodeFile);
        ReleaseRecord();
    }

    /// <summary>Writes the record (locked, fsynced) before the code file exists, clearing any leftover it names first.</summary>
    private void Record(string recordPath, string codeFile, byte[] contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(recordPath)!);
        RemoveLeftover(recordPath);
        FileStream record;
        try
        {
            record = new FileStream(recordPath, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"{recordPath}: locked: is another p11phone device pairing with this data directory? ({e.Message})", e);
        }
        try
        {
            var json = new MemoryStream();
            using (var w = new Utf8JsonWriter(json))
            {
                w.WriteStartObject();
                w.WriteString("format", RecordFormat);
                w.WriteString("path", codeFile);
                w.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(contents)));
                w.WriteEndObject();
            }
            record.SetLength(0);
            record.Write(json.GetBuffer(), 0, (int)json.Length);
            record.Flush(flushToDisk: true);
            AtomicFile.FsyncDirectory(Path.GetDirectoryName(recordPath)!);
        }
        catch
        {
            record.Dispose();
            throw;
        }
        _record = record;
        _recordPath = recordPath;
    }

    /// <summary>Deletes the record (still holding its lock) and releases it.</summary>
    private void ReleaseRecord()
    {
        if (Interlocked.Exchange(ref _record, null) is not { } record) return;
        TryDelete(_recordPath!);
        record.Dispose();
    }

    private static (string Path, string Sha256)? ReadRecord(FileStream record)
    {
        try
        {
            if (record.Length is 0 or > 16 * 1024) return null;
            var bytes = new byte[record.Length];
            record.ReadExactly(bytes);
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != RecordFormat
                || !root.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("sha256", out var h) || h.ValueKind != JsonValueKind.String)
                return null;
            var path = p.GetString()!;
            return Path.IsPathFullyQualified(path) ? (path, h.GetString()!) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Whether the file at <paramref name="path"/> is the code file we recorded: a regular file (not a link) with those exact contents.</summary>
    private static bool IsOurs(string path, string sha256)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > MaxCodeFileSize) return false;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (fs.Length > MaxCodeFileSize) return false;
            var bytes = new byte[fs.Length];
            fs.ReadExactly(bytes);
            return string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256, StringComparison.Ordinal)
                && PairingCode.TryParse(Encoding.ASCII.GetString(bytes).Trim(), out _);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
