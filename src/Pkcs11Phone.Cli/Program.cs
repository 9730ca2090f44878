using System.CommandLine;
using Pkcs11Phone.Cli;

var root = new RootCommand("Pkcs11Phone: use a phone as a smart card on this computer.")
{
    AgentCommand.Create(),
    DeviceCommand.Create(),
    PairCommand.Create(),
    StatusCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
