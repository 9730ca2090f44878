using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pkcs11Phone.Device;

/// <summary>
/// The persistent description of a software token (DIR/tokens/N/token.json): its settings, its PIN state and its counters.
/// The objects themselves are one file each beside it (see Software/ObjectFile.cs).
/// </summary>
public sealed class TokenRecord
{
    public const int CurrentFormat = 2;
    public const int MaxPinTries = 3;

    /// <summary>1: settings only (the first skeleton); 2: adds the PIN state, counters and initialization.</summary>
    public int FormatVersion { get; set; } = CurrentFormat;
    public string Label { get; set; } = "";
    public string SerialNumber { get; set; } = "";
    public bool ProtectedAuthenticationPath { get; set; }
    public DateTimeOffset Created { get; set; }

    /// <summary>C_InitToken has run: there is an SO PIN (and a master key wrapped under it).</summary>
    public bool Initialized { get; set; }

    /// <summary>
    /// A random number chosen by each C_InitToken. Object files carry it; a file of another epoch is a leftover of an
    /// initialization that was interrupted and is removed on load. Committing a re-initialization is one rename of this file.
    /// </summary>
    public ulong Epoch { get; set; }

    /// <summary>The master key wrapped under a key derived from the SO PIN, and under one derived from the user PIN.</summary>
    public WrappedKeyRecord? SoKey { get; set; }
    public WrappedKeyRecord? UserKey { get; set; }

    /// <summary>Wrong PINs since the last right one (0..MaxPinTries). Written before a PIN is checked.</summary>
    public int SoFailures { get; set; }
    public int UserFailures { get; set; }

    /// <summary>The next object handle: handles are never reused within the token's life.</summary>
    public ulong NextHandle { get; set; } = 1;

    /// <summary>IPhoneToken.Generation: raised (and written) on every change of objects, token info or PIN state, and at every start.</summary>
    public ulong Generation { get; set; } = 1;
}

/// <summary>A 256-bit master key wrapped with AES-256-GCM under an Argon2id key of a PIN.</summary>
public sealed class WrappedKeyRecord
{
    public int MemoryKiB { get; set; }
    public int Iterations { get; set; }
    public int Parallelism { get; set; }
    public byte[] Salt { get; set; } = [];
    public byte[] Nonce { get; set; } = [];
    /// <summary>The encrypted master key followed by the 16-byte GCM tag.</summary>
    public byte[] Ciphertext { get; set; } = [];
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(TokenRecord))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;

/// <summary>Reads and writes token files atomically: a temporary file, fsync, then rename over the old one.</summary>
public static class TokenStore
{
    /// <summary>Largest token file we accept; a bigger one is not ours.</summary>
    public const long MaxFileSize = 1 << 20;

    public static TokenRecord? Load(string path)
    {
        if (!File.Exists(path)) return null;
        var info = new FileInfo(path);
        if (info.Length > MaxFileSize) throw new InvalidDataException($"{path}: larger than {MaxFileSize} bytes");
        TokenRecord record;
        try
        {
            record = JsonSerializer.Deserialize(File.ReadAllBytes(path), TokenJsonContext.Default.TokenRecord)
                ?? throw new InvalidDataException($"{path}: empty token file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a token file ({e.Message})", e);
        }
        if (Check(record) is { } problem) throw new InvalidDataException($"{path}: {problem}");
        return record;
    }

    public static void Save(string path, TokenRecord record)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, TokenJsonContext.Default.TokenRecord);
        AtomicFile.Write(path, bytes);
    }

    /// <summary>What is wrong with a record read from disk, or null.</summary>
    private static string? Check(TokenRecord r)
    {
        if (r.FormatVersion is < 1 or > TokenRecord.CurrentFormat) return $"unknown format version {r.FormatVersion}";
        if (r.Label is null || r.SerialNumber is null) return "label or serial number missing";
        if (r.Label.Length > 256 || r.SerialNumber.Length > 64) return "label or serial number too long";
        if (r.SoFailures is < 0 or > TokenRecord.MaxPinTries || r.UserFailures is < 0 or > TokenRecord.MaxPinTries)
            return "PIN counter out of range";
        if (r.NextHandle == 0) return "handle counter is zero";
        if (r.Initialized != r.SoKey is not null) return "initialized token without an SO PIN, or the reverse";
        if (r.UserKey is not null && r.SoKey is null) return "user PIN without an SO PIN";
        foreach (var w in new[] { r.SoKey, r.UserKey })
        {
            if (w is null) continue;
            if (!KdfCost.IsAcceptable(w.MemoryKiB, w.Iterations, w.Parallelism)) return "key-derivation cost out of range";
            if (w.Salt is not { Length: >= 16 and <= 64 } || w.Nonce is not { Length: 12 } || w.Ciphertext is not { Length: 48 })
                return "malformed wrapped key";
        }
        return null;
    }
}

/// <summary>Crash-safe replacement and removal of files.</summary>
public static class AtomicFile
{
    /// <summary>The marker in the name of a temporary file; such files are leftovers of a crash once nobody writes them.</summary>
    public const string TempMarker = ".tmp-";

    /// <summary>Writes a temporary file beside <paramref name="path"/>, fsyncs it, renames it over the path and fsyncs the directory.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var tmp = path + TempMarker + Environment.ProcessId + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        try
        {
            // Readers (a backup tool, say) may open the temporary file meanwhile: FileShare.None would take an exclusive
            // flock that a reader's shared one fails or is failed by. The file is private (0600, random name) anyway.
            using (var fs = new FileStream(tmp, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read | FileShare.Delete,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Removes a file and makes the removal durable.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static bool IsTemporary(string path) => Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal);

    /// <summary>Removes the temporary files a crashed writer left in a directory.</summary>
    public static void RemoveLeftovers(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.EnumerateFiles(dir))
            if (IsTemporary(f)) TryDelete(f);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public static void FsyncDirectory(string dir)
    {
        // Makes the rename itself durable; .NET has no API for a directory fsync.
        int fd = Libc.open(dir, Libc.O_RDONLY | Libc.O_DIRECTORY);
        if (fd < 0) return;
        Libc.fsync(fd);
        Libc.close(fd);
    }
}

internal static partial class Libc
{
    public const int O_RDONLY = 0, O_DIRECTORY = 0x10000;

    [System.Runtime.InteropServices.LibraryImport("libc", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [System.Runtime.InteropServices.LibraryImport("libc")]
    public static partial int fsync(int fd);

    [System.Runtime.InteropServices.LibraryImport("libc")]
    public static partial int close(int fd);
}
