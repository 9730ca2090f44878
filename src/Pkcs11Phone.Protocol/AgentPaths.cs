namespace Pkcs11Phone.Protocol;

/// <summary>
/// Where the per-user agent listens: $XDG_RUNTIME_DIR/pkcs11phone/agent.sock, or
/// /tmp/pkcs11phone-UID/agent.sock when XDG_RUNTIME_DIR is not set. The directory is 0700, the socket 0600.
/// </summary>
public sealed record AgentPaths(string Directory)
{
    public string Socket => Path.Combine(Directory, "agent.sock");
    public string Lock => Path.Combine(Directory, "agent.lock");
    public string Pid => Path.Combine(Directory, "agent.pid");
    public string Log => Path.Combine(Directory, "agent.log");

    /// <param name="getenv">Reads one environment variable (the module reads the live process environment).</param>
    /// <param name="uid">The real user ID.</param>
    public static AgentPaths For(Func<string, string?> getenv, uint uid)
    {
        var runtime = getenv("XDG_RUNTIME_DIR");
        return new AgentPaths(string.IsNullOrEmpty(runtime)
            ? $"/tmp/pkcs11phone-{uid}"
            : Path.Combine(runtime, "pkcs11phone"));
    }
}

/// <summary>Environment variables read by the module, the agent and the CLI.</summary>
public static class EnvironmentNames
{
    /// <summary>Names another agent configuration file.</summary>
    public const string Config = "PKCS11PHONE_CONFIG";
    /// <summary>One phone address that takes the place of the configuration file's list.</summary>
    public const string Phone = "PKCS11PHONE_PHONE";
    /// <summary>The p11phone executable the module starts as the agent when none runs.</summary>
    public const string AgentExecutable = "PKCS11PHONE_AGENT";
    /// <summary>1 to stop the module from starting an agent itself.</summary>
    public const string NoAutostart = "PKCS11PHONE_NO_AUTOSTART";
}
