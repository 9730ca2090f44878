using System.Globalization;
using System.Text;
using Pkcs11Phone.Protocol;
using Pkcs11Phone.SecureChannel;
using Tomlyn;
using Tomlyn.Model;

namespace Pkcs11Phone.Agent;

/// <summary>One configured phone.</summary>
/// <param name="Insecure">
/// True to speak plaintext to this phone, without pairing, encryption or authentication: only for a phone
/// run with <c>p11phone device --insecure-plaintext</c> on loopback, for debugging. The agent warns at every
/// connection.
/// </param>
public sealed record PhoneConfig(string Name, PhoneAddress Address, bool Insecure = false);

/// <summary>
/// The agent's configuration: $XDG_CONFIG_HOME/pkcs11phone/config.toml (or the file named by
/// PKCS11PHONE_CONFIG), with PKCS11PHONE_PHONE naming one phone that replaces the file's list.
/// <code>
/// [[phone]]
/// name = "my phone"
/// address = "serial:/dev/rfcomm0"
/// # insecure = true   (plaintext, for a phone run with --insecure-plaintext on loopback only)
/// </code>
/// The link keys (this computer's key pair and the paired phones' pins) live in
/// <see cref="KeysDirectory"/>: $XDG_CONFIG_HOME/pkcs11phone/keys/, made by <c>p11phone pair</c>.
/// </summary>
public sealed record AgentConfig(IReadOnlyList<PhoneConfig> Phones, string Source)
{
    public const string FileName = "config.toml";
    public const int MaxPhones = 16;
    public const long MaxFileSize = 64 * 1024;

    /// <summary>The directory of the link keys, under the configuration directory.</summary>
    public const string KeysDirectoryName = "keys";

    public static string DefaultPath(Func<string, string?> getenv) => Path.Combine(ConfigDirectory(getenv), FileName);

    /// <summary>Where the link keys live: $XDG_CONFIG_HOME/pkcs11phone/keys (or ~/.config/pkcs11phone/keys), mode 0700.</summary>
    public static string KeysDirectory(Func<string, string?> getenv) => Path.Combine(ConfigDirectory(getenv), KeysDirectoryName);

    private static string ConfigDirectory(Func<string, string?> getenv)
    {
        var configHome = getenv("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
            configHome = Path.Combine(getenv("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "pkcs11phone");
    }

    /// <summary>The file <c>p11phone pair</c> adds phones to: the one PKCS11PHONE_CONFIG names, else the default.</summary>
    public static string WritablePath(Func<string, string?> getenv)
    {
        var named = getenv(EnvironmentNames.Config);
        return string.IsNullOrEmpty(named) ? DefaultPath(getenv) : named;
    }

    /// <summary>
    /// Adds a phone to a configuration file unless one with this name or address is there already; returns
    /// true when it added one. The file is rewritten atomically; a file that does not parse is left alone
    /// (<see cref="ConfigException"/>).
    /// </summary>
    public static bool AddPhone(string path, string name, PhoneAddress address)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var existing = Parse(text, path);
        if (existing.Phones.Any(p => p.Name == name || p.Address == address)) return false;
        if (existing.Phones.Count >= MaxPhones) throw new ConfigException($"{path}: already {MaxPhones} phones");
        var sb = new StringBuilder(text);
        if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
        if (sb.Length > 0) sb.Append('\n');
        sb.Append("[[phone]]\n");
        sb.Append("name = ").Append(TomlString(name)).Append('\n');
        var addressText = address is PhoneAddress.Serial { BaudRate: var baud } serial && baud != PhoneAddress.DefaultBaudRate
            ? $"{serial},{baud.ToString(CultureInfo.InvariantCulture)}"
            : address.ToString();
        sb.Append("address = ").Append(TomlString(addressText)).Append('\n');
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        LinkKeyFiles.WriteAtomic(path, Encoding.UTF8.GetBytes(sb.ToString()));
        return true;
    }

    /// <summary>A TOML basic string.</summary>
    private static string TomlString(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Loads the configuration; a missing default file means no phones. Errors are <see cref="ConfigException"/>s with the file and reason.</summary>
    public static AgentConfig Load(Func<string, string?> getenv)
    {
        var single = getenv(EnvironmentNames.Phone);
        if (!string.IsNullOrEmpty(single))
        {
            if (!PhoneAddress.TryParse(single, out var address, out var error))
                throw new ConfigException($"{EnvironmentNames.Phone}: {error}");
            return new AgentConfig([new PhoneConfig("phone", address)], EnvironmentNames.Phone);
        }
        var named = getenv(EnvironmentNames.Config);
        var path = string.IsNullOrEmpty(named) ? DefaultPath(getenv) : named;
        if (!File.Exists(path))
        {
            if (!string.IsNullOrEmpty(named)) throw new ConfigException($"{path}: no such configuration file ({EnvironmentNames.Config})");
            return new AgentConfig([], path + " (absent)");
        }
        if (new FileInfo(path).Length > MaxFileSize) throw new ConfigException($"{path}: larger than {MaxFileSize} bytes");
        return Parse(File.ReadAllText(path), path);
    }

    public static AgentConfig Parse(string text, string source)
    {
        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ConfigException($"{source}: not valid TOML: {e.Message}");
        }
        var phones = new List<PhoneConfig>();
        foreach (var key in model.Keys)
            if (key != "phone") throw new ConfigException($"{source}: unknown key '{key}'");
        if (model.TryGetValue("phone", out var value))
        {
            if (value is not TomlTableArray array) throw new ConfigException($"{source}: 'phone' must be an array of tables ([[phone]])");
            foreach (var table in array)
            {
                if (phones.Count >= MaxPhones) throw new ConfigException($"{source}: more than {MaxPhones} phones");
                foreach (var key in table.Keys)
                    if (key is not ("name" or "address" or "insecure")) throw new ConfigException($"{source}: phone {phones.Count + 1}: unknown key '{key}'");
                if (!table.TryGetValue("address", out var a) || a is not string addressText)
                    throw new ConfigException($"{source}: phone {phones.Count + 1}: 'address' (a string) is required");
                if (!PhoneAddress.TryParse(addressText, out var address, out var error))
                    throw new ConfigException($"{source}: phone {phones.Count + 1}: {error}");
                string name = $"phone {phones.Count + 1}";
                if (table.TryGetValue("name", out var n))
                {
                    if (n is not string s) throw new ConfigException($"{source}: phone {phones.Count + 1}: 'name' must be a string");
                    if (s.Length > 0) name = s;
                }
                if (name.Length > 64) throw new ConfigException($"{source}: phone {phones.Count + 1}: name longer than 64 characters");
                bool insecure = false;
                if (table.TryGetValue("insecure", out var i))
                {
                    if (i is not bool b) throw new ConfigException($"{source}: phone {phones.Count + 1}: 'insecure' must be true or false");
                    insecure = b;
                }
                phones.Add(new PhoneConfig(name, address, insecure));
            }
        }
        return new AgentConfig(phones, source);
    }
}

public sealed class ConfigException(string message) : Exception(message);
