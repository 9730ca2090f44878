using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Device.Pairing;

/// <summary>
/// The phone's link secrets, in its data directory: <c>link/phone.key</c> (its static X25519 key pair,
/// made on first start) and <c>link/computers.json</c> (the paired computers: name, pinned public key and
/// reconnection PSK). The directory is 0700 and both files 0600.
/// </summary>
public sealed class PhoneKeys : IDisposable
{
    public const string DirectoryName = "link";
    public const string KeyFileName = "phone.key";
    public const string ComputersFileName = "computers.json";
    public const string PairingCodeRecordName = "pairing-code-file";

    private readonly Lock _lock = new();

    private PhoneKeys(string directory, NoiseKeyPair staticKey)
    {
        Directory = directory;
        StaticKey = staticKey;
    }

    public string Directory { get; }
    public string KeyPath => Path.Combine(Directory, KeyFileName);
    public string ComputersPath => Path.Combine(Directory, ComputersFileName);

    /// <summary>Where an open pairing window records its code file, so a later start can remove it (see <see cref="PairingWindow.RemoveLeftover"/>).</summary>
    public string PairingCodeRecordPath => Path.Combine(Directory, PairingCodeRecordName);

    /// <summary>The phone's static key pair.</summary>
    public NoiseKeyPair StaticKey { get; }

    /// <summary>The fingerprint of the phone's static public key, for people to compare.</summary>
    public string Fingerprint => LinkKeyFiles.Fingerprint(StaticKey.PublicKey);

    /// <summary>Opens (or makes) the link keys under a data directory.</summary>
    public static PhoneKeys Open(string dataDirectory, out bool created)
    {
        var dir = Path.Combine(dataDirectory, DirectoryName);
        LinkKeyFiles.EnsurePrivateDirectory(dir);
        var key = LinkKeyFiles.LoadOrCreateStaticKey(Path.Combine(dir, KeyFileName), out created);
        return new PhoneKeys(dir, key);
    }

    /// <summary>The paired computers, read afresh (so a pairing made by this process shows at once).</summary>
    public IReadOnlyList<PairedPeer> Computers()
    {
        lock (_lock) return LinkKeyFiles.ReadPeers(ComputersPath);
    }

    /// <summary>Records a paired computer, replacing any entry with the same public key.</summary>
    public void AddComputer(PairedPeer computer)
    {
        lock (_lock)
        {
            var list = LinkKeyFiles.ReadPeers(ComputersPath);
            list.RemoveAll(c => c.PublicKey.AsSpan().SequenceEqual(computer.PublicKey));
            list.Add(computer);
            if (list.Count > LinkKeyFiles.MaxPeers) list.RemoveAt(0);
            LinkKeyFiles.WritePeers(ComputersPath, list);
        }
    }

    public void Dispose() => StaticKey.Dispose();
}
