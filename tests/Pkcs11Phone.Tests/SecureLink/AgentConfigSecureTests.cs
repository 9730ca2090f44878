using NUnit.Framework;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>The agent configuration's part in the secure link: insecure phones, where the keys live, and phones added by p11phone pair.</summary>
public sealed class AgentConfigSecureTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-config-secure-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    [Test]
    public void PhonesAreSecureUnlessMarkedInsecure()
    {
        var config = AgentConfig.Parse("""
            [[phone]]
            address = "tcp:127.0.0.1:7000"

            [[phone]]
            address = "tcp:127.0.0.1:7001"
            insecure = true

            [[phone]]
            address = "tcp:127.0.0.1:7002"
            insecure = false
            """, "test");
        Assert.That(config.Phones.Select(p => p.Insecure), Is.EqualTo(new[] { false, true, false }));
        var e = Assert.Throws<ConfigException>(() => AgentConfig.Parse("[[phone]]\naddress = \"tcp:127.0.0.1:1\"\ninsecure = \"yes\"\n", "test"));
        Assert.That(e!.Message, Does.Contain("'insecure' must be true or false"));
    }

    [Test]
    public void TheKeysLiveBesideTheConfiguration()
    {
        Func<string, string?> xdg = n => n == "XDG_CONFIG_HOME" ? "/x/config" : null;
        Assert.That(AgentConfig.KeysDirectory(xdg), Is.EqualTo("/x/config/pkcs11phone/keys"));
        Func<string, string?> home = n => n == "HOME" ? "/home/u" : null;
        Assert.That(AgentConfig.KeysDirectory(home), Is.EqualTo("/home/u/.config/pkcs11phone/keys"));
    }

    [Test]
    public void PairingAddsAPhoneOnceAndKeepsTheRestOfTheFile()
    {
        var path = Path.Combine(_dir, "sub", "config.toml");
        Assert.That(AgentConfig.AddPhone(path, "my \"phone\"", new PhoneAddress.Serial("/dev/rfcomm0", 9600)), Is.True);
        Assert.That(AgentConfig.AddPhone(path, "other", new PhoneAddress.Serial("/dev/rfcomm0", 9600)), Is.False, "same address");
        Assert.That(AgentConfig.AddPhone(path, "my \"phone\"", new PhoneAddress.Tcp("127.0.0.1", 7000)), Is.False, "same name");
        File.AppendAllText(path, "# a comment the user wrote\n");
        Assert.That(AgentConfig.AddPhone(path, "desk", new PhoneAddress.Tcp("127.0.0.1", 7000)), Is.True);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain("# a comment the user wrote"));
        var config = AgentConfig.Parse(text, path);
        Assert.That(config.Phones, Is.EqualTo(new[]
        {
            new PhoneConfig("my \"phone\"", new PhoneAddress.Serial("/dev/rfcomm0", 9600)),
            new PhoneConfig("desk", new PhoneAddress.Tcp("127.0.0.1", 7000)),
        }));
    }

    [Test]
    public void ABrokenFileIsLeftAlone()
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllText(path, "[[phone]\n");
        Assert.Throws<ConfigException>(() => AgentConfig.AddPhone(path, "x", new PhoneAddress.Tcp("127.0.0.1", 1)));
        Assert.That(File.ReadAllText(path), Is.EqualTo("[[phone]\n"));
    }

    [Test]
    public void WritablePathFollowsTheConfigVariable()
    {
        Func<string, string?> named = n => n == EnvironmentNames.Config ? "/etc/x.toml" : n == "HOME" ? "/home/u" : null;
        Assert.That(AgentConfig.WritablePath(named), Is.EqualTo("/etc/x.toml"));
        Func<string, string?> plain = n => n == "HOME" ? "/home/u" : null;
        Assert.That(AgentConfig.WritablePath(plain), Is.EqualTo("/home/u/.config/pkcs11phone/config.toml"));
    }
}
