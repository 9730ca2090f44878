using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// A peer this side is paired with: its pinned static public key and the reconnection PSK, both recorded
/// at pairing. On the computer a peer is a phone (with the address it was paired over); on the phone it is
/// a computer. <see cref="ToString"/> never shows the PSK.
/// </summary>
/// <param name="Name">A name for people: the phone's name in the agent's configuration, or the computer's user@host.</param>
/// <param name="PublicKey">The peer's static X25519 public key (32 bytes).</param>
/// <param name="ReconnectPsk">The reconnection PSK (32 bytes, <see cref="ChannelHandshakes.DeriveReconnectPsk"/>). Secret.</param>
/// <param name="PairedAt">When the pairing completed.</param>
/// <param name="Address">The address the phone was paired over (computer side only).</param>
public sealed record PairedPeer(string Name, byte[] PublicKey, byte[] ReconnectPsk, DateTimeOffset PairedAt, string? Address = null)
{
    /// <summary>The peer's key fingerprint (<see cref="LinkKeyFiles.Fingerprint"/>).</summary>
    public string Fingerprint => LinkKeyFiles.Fingerprint(PublicKey);

    /// <summary>The name and fingerprint; never the PSK.</summary>
    public override string ToString() => $"{Name} ({Fingerprint})";
}

/// <summary>
/// The files that hold the link's secrets, on either side: a static key pair and a list of paired peers,
/// in small JSON documents. Directories are made mode 0700 and files 0600; every write goes to a temporary
/// file that is synced and renamed over the old one, so a crash leaves the old file or the new one, never
/// half of either. Malformed files give <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class LinkKeyFiles
{
    /// <summary>Format tag of a static key file.</summary>
    public const string StaticKeyFormat = "pkcs11phone static key v1";

    /// <summary>Format tag of a peer list.</summary>
    public const string PeersFormat = "pkcs11phone peers v1";

    /// <summary>Longest peer name kept.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most peers in one list.</summary>
    public const int MaxPeers = 64;

    private const long MaxFileSize = 256 * 1024;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>A short fingerprint of a public key for people to compare: the first 8 bytes of its SHA-256, in hex groups.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKey)
    {
        var hash = SHA256.HashData(publicKey);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 8));
        return string.Join(':', Enumerable.Range(0, 4).Select(i => hex.Substring(i * 4, 4)));
    }

    /// <summary>Creates the directory (and its parents) if needed and makes it mode 0700.</summary>
    public static void EnsurePrivateDirectory(string directory)
    {
        Directory.CreateDirectory(directory, PrivateDirectory);
        File.SetUnixFileMode(directory, PrivateDirectory);
    }

    /// <summary>Writes a file atomically with mode 0600: temporary file, fsync, rename, fsync of the directory.</summary>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var tmp = full + ".tmp-" + Environment.ProcessId + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        try
        {
            using (var fs = new FileStream(tmp, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew,
                       Access = FileAccess.Write,
                       // Not FileShare.None: .NET takes an exclusive flock for it, and a reader (a backup) would fail the write.
                       Share = FileShare.Read | FileShare.Delete,
                       UnixCreateMode = PrivateFile,
                   }))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }

        FsyncDirectory(directory);
    }

    /// <summary>Reads a static key pair, or null when the file does not exist.</summary>
    public static NoiseKeyPair? ReadStaticKey(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = ReadSmallFile(path);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "format") != StaticKeyFormat)
            {
                throw new InvalidDataException($"{path}: not a {StaticKeyFormat} file");
            }

            var privateKey = Bytes(root, "privateKey", NoiseKeyPair.KeyLength, path);
            try
            {
                var pair = NoiseKeyPair.FromPrivateKey(privateKey);
                var recorded = Bytes(root, "publicKey", NoiseKeyPair.KeyLength, path);
                if (!CryptographicOperations.FixedTimeEquals(recorded, pair.PublicKey))
                {
                    pair.Dispose();
                    throw new InvalidDataException($"{path}: the public key does not belong to the private key");
                }

                return pair;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(privateKey);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Reads the static key pair, generating and saving one (mode 0600) when there is none.</summary>
    /// <param name="path">The key file; its directory is made 0700.</param>
    /// <param name="created">True when a new key was generated.</param>
    public static NoiseKeyPair LoadOrCreateStaticKey(string path, out bool created)
    {
        created = false;
        if (ReadStaticKey(path) is { } existing)
        {
            return existing;
        }

        EnsurePrivateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var pair = NoiseKeyPair.Generate();
        var privateKey = pair.ExportPrivateKey();
        var stream = new MemoryStream();
        try
        {
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("format", StaticKeyFormat);
                json.WriteString("publicKey", Convert.ToBase64String(pair.PublicKey));
                json.WriteString("privateKey", Convert.ToBase64String(privateKey));
                json.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
            // Written beside the path and linked in only if no other process made a key meanwhile.
            var tmp = path + ".new-" + Environment.ProcessId;
            WriteAtomic(tmp, stream.GetBuffer().AsSpan(0, (int)stream.Length));
            try
            {
                File.Move(tmp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                TryDelete(tmp);
                pair.Dispose();
                return ReadStaticKey(path) ?? throw new InvalidDataException($"{path}: vanished");
            }

            FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            created = true;
            return pair;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(stream.GetBuffer());
        }
    }

    /// <summary>Reads a peer list; a missing file is an empty list.</summary>
    public static List<PairedPeer> ReadPeers(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = ReadSmallFile(path);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "format") != PeersFormat
                || !root.TryGetProperty("peers", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: not a {PeersFormat} file");
            }

            var peers = new List<PairedPeer>();
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{path}: a peer is not an object");
                }

                var name = String(p, "name") ?? throw new InvalidDataException($"{path}: a peer has no name");
                var paired = p.TryGetProperty("pairedAt", out var at) && at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var when)
                    ? when
                    : DateTimeOffset.UnixEpoch;
                peers.Add(new PairedPeer(
                    name,
                    Bytes(p, "publicKey", NoiseKeyPair.KeyLength, path),
                    Bytes(p, "reconnectPsk", ChannelHandshakes.PskLength, path),
                    paired,
                    String(p, "address")));
            }

            return peers;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Writes a peer list atomically (mode 0600, directory 0700).</summary>
    public static void WritePeers(string path, IReadOnlyList<PairedPeer> peers)
    {
        if (peers.Count > MaxPeers)
        {
            throw new InvalidOperationException($"at most {MaxPeers} paired peers");
        }

        EnsurePrivateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var stream = new MemoryStream();
        try
        {
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("format", PeersFormat);
                json.WriteStartArray("peers");
                foreach (var p in peers)
                {
                    json.WriteStartObject();
                    json.WriteString("name", p.Name);
                    if (p.Address is not null)
                    {
                        json.WriteString("address", p.Address);
                    }

                    json.WriteString("fingerprint", p.Fingerprint);
                    json.WriteString("publicKey", Convert.ToBase64String(p.PublicKey));
                    json.WriteString("reconnectPsk", Convert.ToBase64String(p.ReconnectPsk));
                    json.WriteString("pairedAt", p.PairedAt.ToUniversalTime());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
            WriteAtomic(path, stream.GetBuffer().AsSpan(0, (int)stream.Length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream.GetBuffer());
        }
    }

    /// <summary>A peer name as kept: control characters removed, trimmed, at most <see cref="MaxNameLength"/> characters.</summary>
    public static string CleanName(string? name, string fallback)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length > MaxNameLength)
        {
            clean = clean[..MaxNameLength];
        }

        return clean.Length == 0 ? fallback : clean;
    }

    private static byte[] ReadSmallFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (fs.Length > MaxFileSize)
        {
            throw new InvalidDataException($"{path}: larger than {MaxFileSize} bytes");
        }

        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return bytes;
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[] Bytes(JsonElement e, string name, int length, string path)
    {
        var text = String(e, name);
        var bytes = new byte[length];
        if (text is null || !Convert.TryFromBase64String(text, bytes, out var n) || n != length)
        {
            throw new InvalidDataException($"{path}: '{name}' is not {length} bytes of base64");
        }

        return bytes;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void FsyncDirectory(string directory)
    {
        // Makes the rename durable; .NET has no directory fsync.
        var fd = Native.open(directory, Native.O_RDONLY);
        if (fd < 0)
        {
            return;
        }

        _ = Native.fsync(fd);
        _ = Native.close(fd);
    }

    private static class Native
    {
        public const int O_RDONLY = 0;

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
