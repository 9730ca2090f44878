using System.Net.Sockets;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Integration;

/// <summary>
/// An agent left running from another build (across an upgrade) is noticed by the module when it connects:
/// the agent names its command table in its ATI answer, and a module that finds another one refuses it
/// with a clear message instead of misunderstanding it.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class AgentBuildTests
{
    /// <summary>A stand-in for an agent of another build on the agent's socket: answers ATI with <paramref name="identification"/> (or ERROR), anything else with ERROR.</summary>
    private static async Task ServeAsync(Socket listener, string? identification, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await listener.AcceptAsync(ct);
                using var stream = new NetworkStream(client);
                var reader = new AtLineReader(stream);
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    var reply = line.Text == "ATI" && identification is not null
                        ? new[] { AtResponseLine.Plain(identification), AtResponseLine.Ok }
                        : new[] { AtResponseLine.Error };
                    await stream.WriteAsync(AtWire.Response(reply), ct);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    [TestCase(null, TestName = "AnAgentThatDoesNotNameItsTableIsRefused")]
    [TestCase("Pkcs11Phone agent, command table 0000000000000000", TestName = "AnAgentWithAnotherCommandTableIsRefused")]
    public void AnAgentOfAnotherBuildIsRefusedWithAClearMessage(string? identification)
    {
        var work = Directory.CreateTempSubdirectory("p11phone-build-").FullName;
        try
        {
            var paths = new AgentPaths(Path.Combine(work, "run", "pkcs11phone"));
            Directory.CreateDirectory(paths.Directory);
            File.WriteAllText(paths.Pid, "4242");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(paths.Socket));
            listener.Listen(4);
            using var stop = new CancellationTokenSource();
            var server = ServeAsync(listener, identification, stop.Token);
            var trace = Path.Combine(work, "trace.log");
            var env = new Dictionary<string, string?>
            {
                ["XDG_RUNTIME_DIR"] = Path.Combine(work, "run"),
                ["XDG_CONFIG_HOME"] = Path.Combine(work, "config"),
                ["PKCS11PHONE_TRACE"] = trace,
                [EnvironmentNames.AgentExecutable] = Repo.Cli,
            };
            var (code, output) = PhoneHarness.Run("pkcs11-tool", ["--module", Repo.Module, "-L"], env, TimeSpan.FromSeconds(60));
            Assert.That(code, Is.Not.EqualTo(0), output);
            var text = File.Exists(trace) ? File.ReadAllText(trace) : "";
            Assert.That(text, Does.Contain("CKR_DEVICE_ERROR").And.Contain("from another build").And.Contain($"kill $(cat {paths.Pid})"), text);
            Assert.That(text, Does.Contain(AtCommands.AgentIdentification), "names what this module expects");
            stop.Cancel();
            listener.Close();
            server.Wait(TimeSpan.FromSeconds(5));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void TheAgentNamesItsCommandTable()
    {
        var server = new Pkcs11Phone.Agent.AgentServer([], TextWriter.Null);
        var reply = server.Handle(new AtLine("ATI", AtLineStatus.Ok));
        Assert.That(reply.Select(l => l.ToString()), Is.EqualTo(new[] { AtCommands.AgentIdentification, "OK" }));
        Assert.That(AtCommands.AgentIdentification, Does.Match("^Pkcs11Phone agent, command table [0-9a-f]{16}$"));
    }
}
