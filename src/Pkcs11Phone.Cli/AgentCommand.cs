using System.CommandLine;
using Pkcs11Phone.Agent;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Cli;

/// <summary>`p11phone agent`: the per-user agent that owns the phone links. The module starts it when none runs.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var command = new Command("agent", "Run the per-user agent: it owns the links to the configured phones and serves PKCS#11 modules on a Unix socket.");
        command.SetAction(async (_, ct) =>
        {
            AgentConfig config;
            try
            {
                config = AgentConfig.Load(Environment.GetEnvironmentVariable);
            }
            catch (ConfigException e)
            {
                await Console.Error.WriteLineAsync("p11phone agent: " + e.Message).ConfigureAwait(false);
                return 1;
            }
            var paths = AgentPaths.For(Environment.GetEnvironmentVariable, PeerCredentials.CurrentUid);
            var log = TextWriter.Synchronized(Console.Error);
            return await AgentHost.RunAsync(paths, config, LinkTimings.Default, log, ct).ConfigureAwait(false);
        });
        return command;
    }
}
