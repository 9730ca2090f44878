using Pkcs11Phone.SecureChannel;

namespace Pkcs11Phone.Agent.Pairing;

/// <summary>
/// The computer's link secrets (<see cref="AgentConfig.KeysDirectory"/>, normally
/// <c>$XDG_CONFIG_HOME/pkcs11phone/keys/</c>, mode 0700): <c>agent.key</c>, this computer's static X25519
/// key pair, and <c>phones.json</c>, the paired phones (name, address, pinned public key, reconnection PSK).
/// Both files are 0600 and written atomically. They are read afresh on every connection attempt, so a
/// pairing made while the agent runs takes effect at once.
/// </summary>
public sealed class AgentKeys(string directory)
{
    public const string KeyFileName = "agent.key";
    public const string PhonesFileName = "phones.json";

    public string Directory { get; } = directory;
    public string KeyPath => Path.Combine(Directory, KeyFileName);
    public string PhonesPath => Path.Combine(Directory, PhonesFileName);

    /// <summary>The keys at the default place for this environment.</summary>
    public static AgentKeys For(Func<string, string?> getenv) => new(AgentConfig.KeysDirectory(getenv));

    /// <summary>This computer's static key pair, or null before the first pairing.</summary>
    public NoiseKeyPair? LoadStaticKey() => LinkKeyFiles.ReadStaticKey(KeyPath);

    /// <summary>This computer's static key pair, made (and saved, 0600) on first use.</summary>
    public NoiseKeyPair LoadOrCreateStaticKey(out bool created)
    {
        LinkKeyFiles.EnsurePrivateDirectory(Directory);
        return LinkKeyFiles.LoadOrCreateStaticKey(KeyPath, out created);
    }

    public List<PairedPeer> Phones() => LinkKeyFiles.ReadPeers(PhonesPath);

    /// <summary>The pins of a configured phone: the entry with its name, else the one paired over its address.</summary>
    public PairedPeer? Find(PhoneConfig phone)
    {
        var all = Phones();
        return all.LastOrDefault(p => p.Name == phone.Name)
            ?? all.LastOrDefault(p => p.Address == phone.Address.ToString());
    }

    /// <summary>Records a paired phone, replacing any entry of the same name.</summary>
    public void Save(PairedPeer phone)
    {
        LinkKeyFiles.EnsurePrivateDirectory(Directory);
        var all = Phones();
        all.RemoveAll(p => p.Name == phone.Name);
        all.Add(phone);
        LinkKeyFiles.WritePeers(PhonesPath, all);
    }
}
