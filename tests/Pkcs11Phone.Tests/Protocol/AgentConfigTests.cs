using NUnit.Framework;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>The agent's configuration file and environment, read through a fake getenv.</summary>
public sealed class AgentConfigTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-config-");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    /// <summary>A getenv that knows only these variables (and a HOME inside the test directory).</summary>
    private Func<string, string?> Env(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value);
        map.TryAdd("HOME", Path.Combine(_dir.FullName, "home"));
        return name => map.GetValueOrDefault(name);
    }

    private string WriteConfig(string text, string name = "config.toml")
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private ConfigException LoadFails(string toml, string expected)
    {
        var path = WriteConfig(toml);
        var e = Assert.Throws<ConfigException>(() => AgentConfig.Load(Env((EnvironmentNames.Config, path))))!;
        Assert.That(e.Message, Does.Contain(path), "the message names the file");
        Assert.That(e.Message, Does.Contain(expected));
        return e;
    }

    private const string TwoPhonesToml = """
        [[phone]]
        name = "my phone"
        address = "serial:/dev/rfcomm0"

        [[phone]]
        address = "tcp:127.0.0.1:7000"
        """;

    [Test]
    public void TwoPhones()
    {
        var path = WriteConfig(TwoPhonesToml);
        var config = AgentConfig.Load(Env((EnvironmentNames.Config, path)));
        Assert.That(config.Source, Is.EqualTo(path));
        Assert.That(config.Phones, Has.Count.EqualTo(2));
        Assert.That(config.Phones[0], Is.EqualTo(new PhoneConfig("my phone", new PhoneAddress.Serial("/dev/rfcomm0", PhoneAddress.DefaultBaudRate))));
        Assert.That(config.Phones[1], Is.EqualTo(new PhoneConfig("phone 2", new PhoneAddress.Tcp("127.0.0.1", 7000))));
    }

    [Test]
    public void TheDefaultFileIsUnderXdgConfigHome()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.FullName, "xdg", "pkcs11phone"));
        File.WriteAllText(Path.Combine(dir.FullName, AgentConfig.FileName), TwoPhonesToml);
        var getenv = Env(("XDG_CONFIG_HOME", Path.Combine(_dir.FullName, "xdg")));
        Assert.That(AgentConfig.DefaultPath(getenv), Is.EqualTo(Path.Combine(dir.FullName, AgentConfig.FileName)));
        Assert.That(AgentConfig.Load(getenv).Phones, Has.Count.EqualTo(2));
    }

    [Test]
    public void WithoutXdgConfigHomeTheFileIsUnderHome()
    {
        var getenv = Env();
        Assert.That(AgentConfig.DefaultPath(getenv), Is.EqualTo(Path.Combine(_dir.FullName, "home", ".config", "pkcs11phone", "config.toml")));
    }

    [Test]
    public void AMissingDefaultFileMeansNoPhones()
    {
        var config = AgentConfig.Load(Env(("XDG_CONFIG_HOME", Path.Combine(_dir.FullName, "nowhere"))));
        Assert.That(config.Phones, Is.Empty);
        Assert.That(config.Source, Does.Contain("absent"));
    }

    [Test]
    public void AnEmptyFileMeansNoPhones()
    {
        var path = WriteConfig("# nothing yet\n");
        Assert.That(AgentConfig.Load(Env((EnvironmentNames.Config, path))).Phones, Is.Empty);
    }

    [Test]
    public void ThePhoneVariableReplacesTheFile()
    {
        var path = WriteConfig(TwoPhonesToml);
        var config = AgentConfig.Load(Env((EnvironmentNames.Config, path), (EnvironmentNames.Phone, "tcp:[::1]:7391")));
        Assert.That(config.Source, Is.EqualTo(EnvironmentNames.Phone));
        Assert.That(config.Phones, Has.Count.EqualTo(1));
        Assert.That(config.Phones[0].Address, Is.EqualTo(new PhoneAddress.Tcp("::1", 7391)));

        // Even when the file it would otherwise read is broken or missing.
        config = AgentConfig.Load(Env((EnvironmentNames.Config, Path.Combine(_dir.FullName, "missing.toml")), (EnvironmentNames.Phone, "serial:/dev/pts/3,9600")));
        Assert.That(config.Phones.Single().Address, Is.EqualTo(new PhoneAddress.Serial("/dev/pts/3", 9600)));
    }

    [TestCase("bluetooth:00:11:22:33:44:55", "unknown address kind")]
    [TestCase("/dev/rfcomm0", "unknown address kind")]
    [TestCase("serial:dev/rfcomm0", "absolute device path")]
    [TestCase("serial:/dev/rfcomm0,fast", "bad baud rate")]
    [TestCase("serial:/dev/rfcomm0,0", "bad baud rate")]
    [TestCase("tcp:localhost", "tcp:HOST:PORT")]
    [TestCase("tcp:localhost:0", "tcp:HOST:PORT")]
    [TestCase("tcp:localhost:65536", "tcp:HOST:PORT")]
    [TestCase("tcp::7000", "tcp:HOST:PORT")]
    [TestCase("tcp:[]:7000", "empty host")]
    public void ABadPhoneVariable(string address, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfig.Load(Env((EnvironmentNames.Phone, address))))!;
        Assert.That(e.Message, Does.StartWith(EnvironmentNames.Phone));
        Assert.That(e.Message, Does.Contain(expected));
    }

    [TestCase("bluetooth:00:11:22:33:44:55", "unknown address kind")]
    [TestCase("serial:", "absolute device path")]
    [TestCase("serial:/dev/rfcomm0,-1", "bad baud rate")]
    [TestCase("serial:/dev/rfcomm0,99999999999", "bad baud rate")]
    [TestCase("tcp:127.0.0.1:port", "tcp:HOST:PORT")]
    [TestCase("", "unknown address kind")]
    public void BadAddressesInTheFile(string address, string expected) =>
        LoadFails($"[[phone]]\naddress = \"{address}\"\n", expected);

    [Test]
    public void AnUnknownTopLevelKey() => LoadFails("agent = 1\n", "unknown key 'agent'");

    [Test]
    public void AnUnknownTopLevelTable() => LoadFails("[agent]\nsocket = \"/tmp/x\"\n", "unknown key 'agent'");

    [Test]
    public void AnUnknownKeyOfAPhone() =>
        LoadFails("[[phone]]\naddress = \"tcp:127.0.0.1:1\"\nbaud = 9600\n", "phone 1: unknown key 'baud'");

    [Test]
    public void AMissingAddress() => LoadFails("[[phone]]\nname = \"x\"\n", "'address' (a string) is required");

    [Test]
    public void AMissingAddressInTheSecondPhone() =>
        LoadFails("[[phone]]\naddress = \"tcp:127.0.0.1:1\"\n[[phone]]\nname = \"x\"\n", "phone 2: 'address' (a string) is required");

    [Test]
    public void AnAddressOfTheWrongType() => LoadFails("[[phone]]\naddress = 7000\n", "'address' (a string) is required");

    [Test]
    public void PhoneOfTheWrongType() => LoadFails("phone = \"tcp:127.0.0.1:1\"\n", "array of tables");

    [Test]
    public void PhoneAsASingleTable() => LoadFails("[phone]\naddress = \"tcp:127.0.0.1:1\"\n", "array of tables");

    [Test]
    public void ANameOfTheWrongType() => LoadFails("[[phone]]\nname = 5\naddress = \"tcp:127.0.0.1:1\"\n", "name");

    [Test]
    public void ANameTooLong() =>
        LoadFails($"[[phone]]\nname = \"{new string('n', 65)}\"\naddress = \"tcp:127.0.0.1:1\"\n", "longer than 64");

    [Test]
    public void SixteenPhonesAreAllowedAndSeventeenAreNot()
    {
        string Phones(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"[[phone]]\naddress = \"tcp:127.0.0.1:{7000 + i}\"\n"));
        var path = WriteConfig(Phones(AgentConfig.MaxPhones));
        Assert.That(AgentConfig.Load(Env((EnvironmentNames.Config, path))).Phones, Has.Count.EqualTo(AgentConfig.MaxPhones));
        LoadFails(Phones(AgentConfig.MaxPhones + 1), $"more than {AgentConfig.MaxPhones} phones");
    }

    [TestCase("[[phone]\naddress = \"x\"\n")]
    [TestCase("[[phone]]\naddress = \"tcp:127.0.0.1:1\n")]
    [TestCase("\u0000\u0001\u0002", TestName = "InvalidToml(control characters)")]
    [TestCase("= = =")]
    public void InvalidToml(string toml) => LoadFails(toml, "not valid TOML");

    [Test]
    public void ANamedFileThatDoesNotExist()
    {
        var path = Path.Combine(_dir.FullName, "missing.toml");
        var e = Assert.Throws<ConfigException>(() => AgentConfig.Load(Env((EnvironmentNames.Config, path))))!;
        Assert.That(e.Message, Does.Contain(path));
        Assert.That(e.Message, Does.Contain(EnvironmentNames.Config));
    }

    [Test]
    public void ANamedDirectory()
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfig.Load(Env((EnvironmentNames.Config, _dir.FullName))))!;
        Assert.That(e.Message, Does.Contain(_dir.FullName));
    }

    [Test]
    public void AnOversizedFile()
    {
        var path = WriteConfig("# " + new string('x', (int)AgentConfig.MaxFileSize) + "\n");
        var e = Assert.Throws<ConfigException>(() => AgentConfig.Load(Env((EnvironmentNames.Config, path))))!;
        Assert.That(e.Message, Does.Contain("larger than"));
    }

    [Test]
    public void ParseNeverThrowsAnythingElse()
    {
        var random = new Random(7);
        string[] pieces = ["[[phone]]", "[phone]", "address", "name", "=", "\"tcp:127.0.0.1:1\"", "\"serial:/dev/x\"", "5", "[", "]", "{", "}", ",", "\n", "\"", "'", "true", "1979-05-27", "[1,2]", "{a=1}", "#"];
        for (int i = 0; i < 2000; i++)
        {
            var text = string.Join(random.Next(2) == 0 ? " " : "\n", Enumerable.Range(0, random.Next(12)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                AgentConfig.Parse(text, "fuzz");
            }
            catch (ConfigException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name} for {text}: {e.Message}");
            }
        }
    }
}
