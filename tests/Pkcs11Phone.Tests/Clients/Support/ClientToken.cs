using Pkcs11Phone.Protocol;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients.Support;

/// <summary>A key pair the token holds, as the clients name it, with its public key as the token's public-key object gives it.</summary>
public sealed record TokenKey(string Label, string Id, string Kind, string PublicKeyPem, string PublicKeyFile);

/// <summary>
/// An emulated, paired phone (<see cref="PhoneHarness"/>) whose token is initialized and provisioned the way a user
/// would do it, with OpenSC's pkcs11-tool: token label, SO PIN, user PIN, an RSA-2048 key pair (ID 01, "rsa-key"),
/// an ECDSA P-256 key pair (ID 02, "ec-key"), optionally an Ed25519 key pair (ID 03, "ed-key"). The public keys
/// are exported from the token's public-key objects (pkcs11-tool, then openssl) for the clients' results to be
/// checked against.
/// <para>
/// The clients run either as the test process's user (root here) with the harness's environment, or as a
/// <see cref="ThrowawayUser"/>: then the user gets its own XDG_RUNTIME_DIR (its own agent), its own
/// XDG_CONFIG_HOME with a copy of the link keys the harness paired, and the computer end of the pty.
/// </para>
/// </summary>
public sealed class ClientToken : IDisposable
{
    public const string UserPin = "2580-phone";
    public const string SoPin = "so-1470-phone";

    public PhoneHarness Phone { get; }
    public string Label { get; }
    public ThrowawayUser? User { get; }
    /// <summary>A directory the clients can write (owned by <see cref="User"/> when there is one).</summary>
    public string Dir { get; }
    /// <summary>With a user: its XDG_CONFIG_HOME (p11-kit's ~/.config, and the agent's link keys).</summary>
    public string? ConfigHome { get; }
    public static string Module => Repo.Module;

    public TokenKey Rsa { get; private set; } = null!;
    public TokenKey Ec { get; private set; } = null!;
    public TokenKey? Ed { get; private set; }

    private readonly Dictionary<string, string?> _env;
    private readonly string _agentDir;

    /// <summary>The environment for processes that load the module (PKCS11PHONE_* and XDG_* variables).</summary>
    public IReadOnlyDictionary<string, string?> Environment => _env;

    private ClientToken(PhoneHarness phone, string label, ThrowawayUser? user)
    {
        Phone = phone;
        Label = label;
        User = user;
        _env = new Dictionary<string, string?>(phone.Environment);
        if (user is null)
        {
            Dir = Directory.CreateDirectory(Path.Combine(phone.Work, "client")).FullName;
            _agentDir = phone.AgentPaths.Directory;
            return;
        }
        // The harness's directories are private to root: the user gets its own, and the pty by its real name.
        Dir = Directory.CreateDirectory(Path.Combine(user.Home, "work")).FullName;
        ConfigHome = Directory.CreateDirectory(Path.Combine(user.Home, "config")).FullName;
        var runtime = Directory.CreateDirectory(Path.Combine(user.Home, "run")).FullName;
        _agentDir = Path.Combine(runtime, "pkcs11phone");
        if (phone.Environment.GetValueOrDefault("XDG_CONFIG_HOME") is { } harnessConfig && Directory.Exists(Path.Combine(harnessConfig, "pkcs11phone")))
            CopyTree(Path.Combine(harnessConfig, "pkcs11phone"), Path.Combine(ConfigHome, "pkcs11phone"));
        var pty = File.ResolveLinkTarget(phone.ComputerEnd, returnFinalTarget: true)?.FullName
            ?? throw new InvalidOperationException(phone.ComputerEnd + " is not a link to a pty");
        Tool.Ok("chown", [$"{user.Uid}:{user.Gid}", pty]);
        user.Own(user.Home);
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _env["XDG_RUNTIME_DIR"] = runtime;
        _env["XDG_CONFIG_HOME"] = ConfigHome;
        _env[EnvironmentNames.Phone] = "serial:" + pty;
        _env["HOME"] = user.Home;
    }

    /// <summary>Starts the phone, pairs it, and provisions its token (keys are generated on the phone).</summary>
    /// <param name="asUser">Run the clients (and provisioning) as a throwaway user rather than as the test process's user.</param>
    public static ClientToken Start(string label, bool asUser = false, bool ed25519 = false)
    {
        ThrowawayUser? user = asUser ? ThrowawayUser.Create() : null;
        PhoneHarness? phone = null;
        try
        {
            phone = new PhoneHarness("--label", label);
            var token = new ClientToken(phone, label, user);
            token.Provision(ed25519);
            return token;
        }
        catch
        {
            phone?.Dispose();
            user?.Dispose();
            throw;
        }
    }

    private void Provision(bool ed25519)
    {
        var tokenLabel = new[] { "--token-label", Label };
        Pkcs11Tool(["--init-token", "--slot-index", "0", "--label", Label, "--so-pin", SoPin]);
        Pkcs11Tool(["--init-pin", .. tokenLabel, "--login", "--login-type", "so", "--so-pin", SoPin, "--pin", UserPin]);
        Rsa = Generate("rsa:2048", "01", "rsa-key", "rsa");
        Ec = Generate("EC:prime256v1", "02", "ec-key", "ec");
        if (ed25519) Ed = Generate("EC:edwards25519", "03", "ed-key", "ed25519");
    }

    private TokenKey Generate(string type, string id, string label, string kind)
    {
        Pkcs11Tool(["--token-label", Label, "--login", "--pin", UserPin, "--keypairgen", "--key-type", type, "--id", id, "--label", label],
            TimeSpan.FromSeconds(120));
        var exported = Path.Combine(Dir, $"{label}.pub.export");
        var pem = Path.Combine(Dir, $"{label}.pub.pem");
        // pkcs11-tool 0.23 writes a SubjectPublicKeyInfo: DER for RSA and ECDSA, PEM for Ed25519; openssl takes either.
        Pkcs11Tool(["--token-label", Label, "--read-object", "--type", "pubkey", "--id", id, "--output-file", exported]);
        Run("openssl", ["pkey", "-pubin", "-in", exported, "-out", pem], PlainOpenSsl).AssertOk();
        return new TokenKey(label, id, kind, File.ReadAllText(pem), pem);
    }

    /// <summary>pkcs11-tool with this module, as the clients' user; must succeed.</summary>
    public ToolResult Pkcs11Tool(IEnumerable<string> args, TimeSpan? timeout = null) =>
        Run("pkcs11-tool", ["--module", Module, .. args], null, timeout).AssertOk();

    /// <summary>Runs a client as the clients' user with the module's environment plus <paramref name="extra"/>.</summary>
    public ToolResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? extra = null, TimeSpan? timeout = null, string? stdin = null) =>
        Tool.Run(file, args, Tool.Env(_env, extra ?? new Dictionary<string, string?>()), timeout, User, stdin);

    /// <summary>OpenSSL without any engine configuration: the system's default configuration.</summary>
    public static IReadOnlyDictionary<string, string?> PlainOpenSsl { get; } = new Dictionary<string, string?> { ["OPENSSL_CONF"] = null };

    /// <summary>An RFC 7512 URI of a key on this token.</summary>
    public string Uri(TokenKey key, string type, string? pin = null) =>
        $"pkcs11:token={System.Uri.EscapeDataString(Label)};object={System.Uri.EscapeDataString(key.Label)};type={type}"
        + (pin is null ? "" : ";pin-value=" + System.Uri.EscapeDataString(pin));

    /// <summary>The URI of the token itself.</summary>
    public string TokenUri => "pkcs11:token=" + System.Uri.EscapeDataString(Label);

    /// <summary>The log of the agent the clients' module started.</summary>
    public string AgentLog => File.Exists(Path.Combine(_agentDir, "agent.log")) ? File.ReadAllText(Path.Combine(_agentDir, "agent.log")) : "(no agent log)";

    /// <summary>Stops the agent the clients' module started (its pid file names it).</summary>
    public void StopAgent()
    {
        var pidFile = Path.Combine(_agentDir, "agent.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid)) return;
        try
        {
            using var agent = System.Diagnostics.Process.GetProcessById(pid);
            agent.Kill();
            agent.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target, true);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
        foreach (var dir in Directory.GetDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    public void Dispose()
    {
        StopAgent();
        Phone.Dispose();
        User?.Dispose();
    }
}

public static class ToolResultExtensions
{
    public static ToolResult AssertOk(this ToolResult r)
    {
        Assert.That(r.Code, Is.EqualTo(0), r.ToString());
        return r;
    }
}
