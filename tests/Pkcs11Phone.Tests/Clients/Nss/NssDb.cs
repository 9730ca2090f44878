using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>An NSS database (cert9.db, key4.db, pkcs11.txt), as a profile of Firefox or Thunderbird has one.</summary>
public sealed class NssDb
{
    public string Dir { get; }
    public string Arg => "sql:" + Dir;
    public string Pkcs11Txt => Path.Combine(Dir, "pkcs11.txt");
    private readonly NssPhone _phone;

    private NssDb(NssPhone phone, string dir)
    {
        _phone = phone;
        Dir = dir;
    }

    /// <summary>A fresh database with an empty internal password (certutil -N).</summary>
    public static NssDb Create(NssPhone phone, string name)
    {
        var dir = phone.PathOf(name);
        Directory.CreateDirectory(dir);
        Proc.Ok("certutil", ["-N", "-d", "sql:" + dir, "--empty-password"], phone.Environment);
        return new NssDb(phone, dir);
    }

    /// <summary>Lists the module the way the samples do: their lines appended to the database's pkcs11.txt.</summary>
    public void AppendModuleLines(string sampleText) => File.AppendAllText(Pkcs11Txt, "\n" + sampleText.TrimEnd() + "\n");

    /// <summary>Trusts a CA for TLS servers (certutil -A -t "CT,,").</summary>
    public void TrustServerCa(string caPemFile) =>
        Proc.Ok("certutil", ["-A", "-d", Arg, "-n", "Pkcs11Phone test server CA", "-t", "CT,,", "-i", caPemFile], _phone.Environment);

    public ProcResult Certutil(IEnumerable<string> args, TimeSpan? timeout = null) => _phone.Run("certutil", ["-d", Arg, .. args], timeout);
}

/// <summary>The samples of the repository, with the module path the samples show replaced by the one just built.</summary>
public static class NssSamples
{
    /// <summary>Where the samples say the module is installed.</summary>
    public const string InstalledModule = "/usr/local/lib/libpkcs11phone.so";

    public static string PathOf(string relative) => Path.Combine(Repo.Root, "samples", relative);

    public static string Read(string relative)
    {
        var path = PathOf(relative);
        Assert.That(File.Exists(path), Is.True, path + " is missing");
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(InstalledModule), $"{relative} names the module as {InstalledModule}");
        return text.Replace(InstalledModule, Repo.Module, StringComparison.Ordinal);
    }
}
