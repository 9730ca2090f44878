using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pkcs11Phone.Device;

/// <summary>The persistent description of a token, as kept in the phone's data directory.</summary>
public sealed class TokenRecord
{
    public int FormatVersion { get; set; } = 1;
    public string Label { get; set; } = "";
    public string SerialNumber { get; set; } = "";
    public bool ProtectedAuthenticationPath { get; set; }
    public DateTimeOffset Created { get; set; }
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
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), TokenJsonContext.Default.TokenRecord)
                ?? throw new InvalidDataException($"{path}: empty token file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a token file ({e.Message})", e);
        }
    }

    public static void Save(string path, TokenRecord record)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, TokenJsonContext.Default.TokenRecord);
        AtomicFile.Write(path, bytes);
    }
}

/// <summary>Crash-safe replacement of a file's contents.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var tmp = path + ".tmp-" + Environment.ProcessId;
        using (var fs = new FileStream(tmp, new FileStreamOptions
               {
                   Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static void FsyncDirectory(string dir)
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
