namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>
/// <c>openssl s_server -www</c> on 127.0.0.1 and a free port, requiring a client certificate issued by (here: equal
/// to) one of <c>clientCaFile</c>'s certificates (<c>-Verify 1 -verify_return_error</c>). Its status page shows the
/// client certificate it verified; its standard error shows the verification of the client's chain.
/// </summary>
public sealed class TlsServer : IDisposable
{
    private readonly Background _process;
    public int Port { get; }
    public string Url => $"https://127.0.0.1:{Port}/";

    public TlsServer(ServerPki pki, string clientCaFile, IEnumerable<string> extraArgs, TimeSpan? lifetime = null)
    {
        Port = Proc.FreePort();
        _process = new Background("s_server", "openssl",
            ["s_server", "-accept", $"127.0.0.1:{Port}", "-cert", pki.ServerCertFile, "-key", pki.ServerKeyFile,
             "-Verify", "1", "-verify_return_error", "-CAfile", clientCaFile, "-www", .. extraArgs],
            new Dictionary<string, string?> { ["OPENSSL_CONF"] = null }, lifetime ?? TimeSpan.FromSeconds(180));
        if (!_process.WaitForOutput("ACCEPT", TimeSpan.FromSeconds(15)))
        {
            var why = _process.ToString();
            _process.Dispose();
            Assert.Fail("openssl s_server did not start:\n" + why);
        }
    }

    /// <summary>Everything the server printed (its verification of client certificates goes to stderr).</summary>
    public string Output => _process.Stdout + _process.Stderr;

    public bool WaitForOutput(string text, TimeSpan timeout) => _process.WaitForOutput(text, timeout);

    public override string ToString() => _process.ToString();

    public void Dispose() => _process.Dispose();
}
