using Pkcs11Phone.Protocol;
using Tomlyn;
using Tomlyn.Model;

namespace Pkcs11Phone.Agent;

/// <summary>One configured phone.</summary>
public sealed record PhoneConfig(string Name, PhoneAddress Address);

/// <summary>
/// The agent's configuration: $XDG_CONFIG_HOME/pkcs11phone/config.toml (or the file named by
/// PKCS11PHONE_CONFIG), with PKCS11PHONE_PHONE naming one phone that replaces the file's list.
/// <code>
/// [[phone]]
/// name = "my phone"
/// address = "serial:/dev/rfcomm0"
/// </code>
/// </summary>
public sealed record AgentConfig(IReadOnlyList<PhoneConfig> Phones, string Source)
{
    public const string FileName = "config.toml";
    public const int MaxPhones = 16;
    public const long MaxFileSize = 64 * 1024;

    public static string DefaultPath(Func<string, string?> getenv)
    {
        var configHome = getenv("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
            configHome = Path.Combine(getenv("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "pkcs11phone", FileName);
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
                    if (key is not ("name" or "address")) throw new ConfigException($"{source}: phone {phones.Count + 1}: unknown key '{key}'");
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
                phones.Add(new PhoneConfig(name, address));
            }
        }
        return new AgentConfig(phones, source);
    }
}

public sealed class ConfigException(string message) : Exception(message);
