using System.Text.RegularExpressions;
using Pkcs11Phone.Tests.Clients.Support;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>
/// OpenSSH with the module: <c>ssh-keygen -D</c> lists the token's public keys; a private sshd on 127.0.0.1
/// accepts <c>ssh -I</c>, <c>ssh -F samples/ssh_config</c> and ssh through <c>ssh-agent</c> + <c>ssh-add -s</c>,
/// with the RSA key and with the ECDSA key, and its log names the key by the fingerprint <c>ssh-keygen -lf</c> gives.
/// <para>
/// Who runs what: the clients (ssh, ssh-add, ssh-agent) run as the test process's user with the harness's
/// environment, as a user at a desk would. sshd runs without root privileges as a throwaway user, the one
/// account it can then serve: it needs no privilege-separation directory in /run, cannot log anyone into the
/// test machine's real accounts, and logs to the test (<c>-D -e</c>, LogLevel VERBOSE). PINs come from an
/// SSH_ASKPASS script (SSH_ASKPASS_REQUIRE=force).
/// </para>
/// </summary>
[TestFixture, NonParallelizable]
public sealed class OpenSshTests
{
    private ClientToken _token = null!;
    private ThrowawayUser _user = null!;
    private BackgroundProcess? _sshd;
    private int _port;
    private string _dir = null!;
    private string _knownHosts = null!;
    private string _askPass = null!;
    private string _wrongAskPass = null!;
    private string _rsaLine = null!, _ecLine = null!;
    private string _rsaFingerprint = null!, _ecFingerprint = null!;
    private ToolResult _keygen = null!;

    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(10);

    /// <summary>The key types, as ssh's PubkeyAcceptedAlgorithms names them and as sshd's log names the key.</summary>
    public static readonly object[] KeyTypes =
    [
        new object[] { "rsa", "rsa-sha2-512,rsa-sha2-256", "RSA" },
        new object[] { "ecdsa", "ecdsa-sha2-nistp256", "ECDSA" },
    ];

    [OneTimeSetUp]
    public void Start()
    {
        _token = ClientToken.Start("OpenSSH tests", ed25519: true);
        _dir = _token.Dir;

        _keygen = _token.Run("ssh-keygen", ["-D", ClientToken.Module]);
        Assert.That(_keygen.Code, Is.EqualTo(0), _keygen.ToString());
        var lines = _keygen.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        _rsaLine = lines.SingleOrDefault(l => l.StartsWith("ssh-rsa ")) ?? throw new AssertionException("no ssh-rsa key: " + _keygen);
        _ecLine = lines.SingleOrDefault(l => l.StartsWith("ecdsa-sha2-nistp256 ")) ?? throw new AssertionException("no ECDSA key: " + _keygen);
        _rsaFingerprint = Fingerprint(_rsaLine, "rsa");
        _ecFingerprint = Fingerprint(_ecLine, "ecdsa");

        _askPass = Script("askpass", ClientToken.UserPin);
        _wrongAskPass = Script("askpass-wrong", "not-the-pin");

        _user = ThrowawayUser.Create();
        StartSshd();
    }

    /// <summary>An executable SSH_ASKPASS script that prints <paramref name="pin"/>.</summary>
    private string Script(string name, string pin)
    {
        var path = Files.Write(Path.Combine(_dir, name), $"#!/bin/sh\necho '{pin}'\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>The SHA256 fingerprint ssh-keygen -lf gives for one public-key line.</summary>
    private string Fingerprint(string keyLine, string name)
    {
        var file = Files.Write(Path.Combine(_dir, $"token-{name}.pub"), keyLine + "\n");
        var r = Tool.Ok("ssh-keygen", ["-l", "-E", "sha256", "-f", file]);
        var m = Regex.Match(r.Stdout, @"^\d+ (SHA256:[A-Za-z0-9+/]+) ");
        Assert.That(m.Success, Is.True, r.ToString());
        return m.Groups[1].Value;
    }

    /// <summary>sshd as the throwaway user, on a free port of 127.0.0.1, trusting the keys ssh-keygen -D printed.</summary>
    private void StartSshd()
    {
        var serverDir = Directory.CreateDirectory(Path.Combine(_user.Home, "sshd")).FullName;
        var hostKey = Path.Combine(serverDir, "host_ed25519");
        Tool.Ok("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "pkcs11phone test host", "-f", hostKey]);
        var authorizedKeys = Files.Write(Path.Combine(serverDir, "authorized_keys"), _rsaLine + "\n" + _ecLine + "\n");
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            _port = LoopbackPort.Free();
            var config = Files.Write(Path.Combine(serverDir, "sshd_config"), $"""
                ListenAddress 127.0.0.1:{_port}
                HostKey {hostKey}
                PidFile none
                AuthorizedKeysFile {authorizedKeys}
                # The test directories live below /tmp, which StrictModes would refuse.
                StrictModes no
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                AllowUsers {_user.Name}
                LogLevel VERBOSE
                """);
            _user.Own(_user.Home);
            _sshd = new BackgroundProcess("/usr/sbin/sshd", ["-D", "-e", "-f", config], asUser: _user);
            if (_sshd.WaitForLine(l => l.Contains($"Server listening on 127.0.0.1 port {_port}"), LogWait) is not null) break;
            var log = _sshd.Log;
            _sshd.Dispose();
            _sshd = null;
            if (!log.Contains("Address already in use") || attempt == 3) Assert.Fail("sshd did not start:\n" + log);
        }
        _knownHosts = Files.Write(Path.Combine(_dir, "known_hosts"), $"[127.0.0.1]:{_port} {File.ReadAllText(hostKey + ".pub").Trim()}\n");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _sshd?.Dispose();
        _token?.Dispose();
        _user?.Dispose();
    }

    /// <summary>What the clients add to the module's environment: the PIN from an askpass script, and no agent unless asked.</summary>
    private Dictionary<string, string?> ClientEnv(string? askPass = null, string? agentSocket = null) => new()
    {
        ["SSH_ASKPASS"] = askPass ?? _askPass,
        ["SSH_ASKPASS_REQUIRE"] = "force",
        ["DISPLAY"] = null,
        ["SSH_AUTH_SOCK"] = agentSocket,
    };

    /// <summary>Options that pin the test's sshd and allow public-key authentication only.</summary>
    private List<string> ServerOptions(string algorithms) =>
    [
        "-p", _port.ToString(),
        "-o", "UserKnownHostsFile=" + _knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes",
        "-o", "PreferredAuthentications=publickey", "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
        "-o", "ConnectTimeout=20", "-o", "PubkeyAcceptedAlgorithms=" + algorithms,
    ];

    private const string Marker = "pkcs11phone-login-ok";
    private string RemoteCommand => $"echo {Marker}:$(id -un)";

    /// <summary>Checks a login: ssh printed what the remote command echoed, and sshd logged the token key's fingerprint.</summary>
    private void AssertLoggedIn(ToolResult ssh, int logMark, string sshdKeyType)
    {
        Assert.That(ssh.Code, Is.EqualTo(0), ssh.ToString());
        Assert.That(ssh.Stdout, Does.Contain($"{Marker}:{_user.Name}"), ssh.ToString());
        var fingerprint = sshdKeyType == "RSA" ? _rsaFingerprint : _ecFingerprint;
        var accepted = $"Accepted publickey for {_user.Name} from 127.0.0.1 port ";
        var line = _sshd!.WaitForLine(l => l.Contains(accepted), LogWait, logMark);
        Assert.That(line, Is.Not.Null, "sshd logged no accepted key:\n" + string.Join('\n', _sshd.LinesSince(logMark)));
        Assert.That(line, Does.EndWith($"ssh2: {sshdKeyType} {fingerprint}"), "the key sshd accepted is the token's (ssh-keygen -lf)");
    }

    [Test]
    public void KeygenListsTheTokenRsaAndEcdsaPublicKeys()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_rsaLine, Does.EndWith(" rsa-key"), "the comment is the key's CKA_LABEL");
            Assert.That(_ecLine, Does.EndWith(" ec-key"), "the comment is the key's CKA_LABEL");
            // The same keys as the token's public-key objects (exported by pkcs11-tool), converted by ssh-keygen itself.
            Assert.That(SshPublicKey(_token.Rsa), Is.EqualTo(KeyBlob(_rsaLine)), "ssh-keygen -D's RSA key is the token's");
            Assert.That(SshPublicKey(_token.Ec), Is.EqualTo(KeyBlob(_ecLine)), "ssh-keygen -D's ECDSA key is the token's");
        });
    }

    private static string KeyBlob(string line) => string.Join(' ', line.Split(' ').Take(2));

    private static string SshPublicKey(TokenKey key) =>
        KeyBlob(Tool.Ok("ssh-keygen", ["-i", "-m", "PKCS8", "-f", key.PublicKeyFile]).Stdout.Trim());

    [Test]
    public void Ed25519KeyAsOpenSshSeesIt()
    {
        var version = Tool.Run("ssh", ["-V"]).Output.Trim();
        var m = Regex.Match(version, @"OpenSSH_(\d+)\.(\d+)");
        Assert.That(m.Success, Is.True, version);
        bool ed25519Supported = int.Parse(m.Groups[1].Value) >= 10;
        var edLines = _keygen.Stdout.Split('\n').Where(l => l.StartsWith("ssh-ed25519 ")).ToList();
        if (ed25519Supported)
        {
            Assert.That(edLines, Has.Count.EqualTo(1), _keygen.ToString());
            Assert.That(KeyBlob(edLines[0]), Is.EqualTo(SshPublicKey(_token.Ed!)));
        }
        else
        {
            // OpenSSH before 10.0 has no Ed25519 in its PKCS#11 code: it skips the key and says so.
            Assert.That(edLines, Is.Empty, _keygen.ToString());
            Assert.That(_keygen.Stderr, Does.Contain("skipping unsupported key type"), _keygen.ToString());
            TestContext.Out.WriteLine($"{version}: ssh-keygen -D skips the token's Ed25519 key (no Ed25519 in its PKCS#11 support)");
        }
    }

    [TestCaseSource(nameof(KeyTypes))]
    public void SshWithTheModuleLogsIn(string name, string algorithms, string sshdKeyType)
    {
        int mark = _sshd!.Mark();
        var ssh = _token.Run("ssh", ["-F", "/dev/null", "-I", ClientToken.Module, .. ServerOptions(algorithms), $"{_user.Name}@127.0.0.1", RemoteCommand],
            ClientEnv());
        AssertLoggedIn(ssh, mark, sshdKeyType);
    }

    [TestCaseSource(nameof(KeyTypes))]
    public void SshWithTheSampleConfigLogsIn(string name, string algorithms, string sshdKeyType)
    {
        // The test's host entry first (ssh takes the first value it finds), then samples/ssh_config as a user would add it.
        var config = Samples.Write("ssh_config", Path.Combine(_dir, $"ssh_config-{name}"), sample => $"""
            Host phone-test
                HostName 127.0.0.1
                Port {_port}
                User {_user.Name}
                UserKnownHostsFile {_knownHosts}
                GlobalKnownHostsFile /dev/null
                StrictHostKeyChecking yes
                PreferredAuthentications publickey
                PubkeyAcceptedAlgorithms {algorithms}
                ConnectTimeout 20

            {sample}
            """);
        var effective = Tool.Ok("ssh", ["-G", "-F", config, "phone-test"]);
        Assert.That(effective.Stdout, Does.Contain("pkcs11provider " + ClientToken.Module), "the sample sets PKCS11Provider");

        int mark = _sshd!.Mark();
        var ssh = _token.Run("ssh", ["-F", config, "phone-test", RemoteCommand], ClientEnv());
        AssertLoggedIn(ssh, mark, sshdKeyType);
    }

    [Test]
    public void SshAgentHoldsTheTokenKeysAndSshUsesThem()
    {
        var socket = Path.Combine(_dir, "ssh-agent.sock");
        File.Delete(socket);
        // -P: ssh-agent loads PKCS#11 modules only from an allow-list (by default /usr/lib*/*, /usr/local/lib*/*),
        // matched against the module's real path.
        var realModule = Tool.Ok("realpath", [ClientToken.Module]).Stdout.Trim();
        using var agent = new BackgroundProcess("ssh-agent", ["-D", "-a", socket, "-P", realModule],
            Tool.Env(_token.Environment, ClientEnv()));
        Integration.PhoneHarness.WaitFor(() => File.Exists(socket), TimeSpan.FromSeconds(10), "ssh-agent made no socket");

        // A wrong PIN: the agent refuses the card. (One failed login; the right one below resets the counter.)
        var wrong = _token.Run("ssh-add", ["-s", ClientToken.Module], ClientEnv(_wrongAskPass, socket));
        Assert.That(wrong.Code, Is.Not.EqualTo(0), wrong.ToString());
        Assert.That(wrong.Output, Does.Contain("Could not add card"), wrong.ToString());
        // ssh-add only says "agent refused operation": the token's flags show that the PIN was tried and refused.
        Assert.That(_token.Pkcs11Tool(["--list-token-slots"]).Stdout, Does.Contain("user PIN count low"));

        var add = _token.Run("ssh-add", ["-s", ClientToken.Module], ClientEnv(agentSocket: socket));
        Assert.That(add.Code, Is.EqualTo(0), add.ToString());
        Assert.That(add.Output, Does.Contain("Card added: " + ClientToken.Module));
        Assert.That(_token.Pkcs11Tool(["--list-token-slots"]).Stdout, Does.Not.Contain("user PIN count low"), "the right PIN reset the counter");

        var list = _token.Run("ssh-add", ["-l", "-E", "sha256"], ClientEnv(agentSocket: socket));
        Assert.That(list.Code, Is.EqualTo(0), list.ToString());
        Assert.That(list.Stdout, Does.Contain($"{_rsaFingerprint} rsa-key (RSA)").And.Contain($"{_ecFingerprint} ec-key (ECDSA)"));

        foreach (var type in KeyTypes.Cast<object[]>())
        {
            int mark = _sshd!.Mark();
            // No module and no askpass: the keys and the PIN are in the agent.
            var ssh = _token.Run("ssh", ["-F", "/dev/null", .. ServerOptions((string)type[1]), $"{_user.Name}@127.0.0.1", RemoteCommand],
                new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket, ["SSH_ASKPASS"] = null, ["DISPLAY"] = null });
            AssertLoggedIn(ssh, mark, (string)type[2]);
        }

        // The phone unplugged mid-session: a login through the agent fails at once and clearly.
        _token.Phone.KillDevice();
        Integration.PhoneHarness.WaitFor(() => !_token.Run("pkcs11-tool", ["--module", ClientToken.Module, "-L"]).Stdout.Contains("token label"),
            TimeSpan.FromSeconds(10), "the token stayed listed after the phone went away");
        var unplugged = _token.Run("ssh", ["-F", "/dev/null", .. ServerOptions((string)KeyTypes.Cast<object[]>().First()[1]), $"{_user.Name}@127.0.0.1", RemoteCommand],
            new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket, ["SSH_ASKPASS"] = null, ["DISPLAY"] = null }, timeout: TimeSpan.FromSeconds(60));
        Assert.That(unplugged.Code, Is.Not.EqualTo(0), unplugged.ToString());
        Assert.That(unplugged.Output, Does.Contain("Permission denied").Or.Contain("agent refused"), unplugged.ToString());
        // Plugged back in, the card is added again (its sessions ended with the phone's absence) and works.
        _token.Phone.StartDevice();
        Integration.PhoneHarness.WaitFor(() => _token.Run("pkcs11-tool", ["--module", ClientToken.Module, "-L"]).Stdout.Contains("token label"),
            TimeSpan.FromSeconds(15), "the token did not come back");
        _token.Run("ssh-add", ["-e", ClientToken.Module], ClientEnv(agentSocket: socket));
        var readd = _token.Run("ssh-add", ["-s", ClientToken.Module], ClientEnv(agentSocket: socket));
        Assert.That(readd.Code, Is.EqualTo(0), readd.ToString());
        int again = _sshd!.Mark();
        var back = _token.Run("ssh", ["-F", "/dev/null", .. ServerOptions((string)KeyTypes.Cast<object[]>().First()[1]), $"{_user.Name}@127.0.0.1", RemoteCommand],
            new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket, ["SSH_ASKPASS"] = null, ["DISPLAY"] = null });
        AssertLoggedIn(back, again, (string)KeyTypes.Cast<object[]>().First()[2]);

        var remove = _token.Run("ssh-add", ["-e", ClientToken.Module], ClientEnv(agentSocket: socket));
        Assert.That(remove.Output, Does.Contain("Card removed"), remove.ToString());
        var empty = _token.Run("ssh-add", ["-l"], ClientEnv(agentSocket: socket));
        Assert.That(empty.Output, Does.Contain("The agent has no identities"), empty.ToString());
    }

    [Test]
    public void WrongPinFailsTheLoginClearly()
    {
        int mark = _sshd!.Mark();
        // Only the ECDSA key is offered, so the wrong PIN is tried once (each key's signature would try it again).
        var ssh = _token.Run("ssh", ["-F", "/dev/null", "-I", ClientToken.Module, .. ServerOptions("ecdsa-sha2-nistp256"), $"{_user.Name}@127.0.0.1", RemoteCommand],
            ClientEnv(_wrongAskPass));
        Assert.Multiple(() =>
        {
            Assert.That(ssh.Code, Is.EqualTo(255), ssh.ToString());
            Assert.That(ssh.Stdout, Does.Not.Contain(Marker));
            Assert.That(ssh.Stderr, Does.Contain("PIN incorrect"), "ssh reports the token's CKR_PIN_INCORRECT");
            Assert.That(ssh.Stderr, Does.Contain("Permission denied (publickey)"));
        });
        Assert.That(_sshd.LinesSince(mark).Where(l => l.Contains("Accepted publickey")), Is.Empty);

        // The right PIN still works (and resets the token's retry counter).
        mark = _sshd.Mark();
        var again = _token.Run("ssh", ["-F", "/dev/null", "-I", ClientToken.Module, .. ServerOptions("ecdsa-sha2-nistp256"), $"{_user.Name}@127.0.0.1", RemoteCommand],
            ClientEnv());
        AssertLoggedIn(again, mark, "ECDSA");
    }
}
