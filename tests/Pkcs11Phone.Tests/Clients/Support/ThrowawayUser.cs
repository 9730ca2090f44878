namespace Pkcs11Phone.Tests.Clients.Support;

/// <summary>
/// An ordinary (non-root) system user made for one test fixture and deleted after it: p11-kit reads no per-user
/// module configuration for root, and sshd without root privileges serves only its own user. The user has a
/// home directory in a private temporary directory, /bin/sh as shell and no password (but an unlocked account,
/// <c>*</c>, which sshd requires for public-key logins without PAM).
/// </summary>
public sealed class ThrowawayUser : IDisposable
{
    public string Name { get; }
    public string Home { get; }
    public int Uid { get; }
    public int Gid { get; }

    private ThrowawayUser(string name, string home, int uid, int gid)
    {
        Name = name;
        Home = home;
        Uid = uid;
        Gid = gid;
    }

    public static ThrowawayUser Create()
    {
        if (Environment.UserName != "root") Assert.Ignore("making a throwaway user needs root");
        var name = "p11c" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var home = Directory.CreateTempSubdirectory("p11phone-user-").FullName;
        Tool.Ok("/usr/sbin/useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", home, "--shell", "/bin/sh", "--password", "*", name]);
        int uid = int.Parse(Tool.Ok("id", ["-u", name]).Stdout.Trim());
        int gid = int.Parse(Tool.Ok("id", ["-g", name]).Stdout.Trim());
        var user = new ThrowawayUser(name, home, uid, gid);
        user.Own(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return user;
    }

    /// <summary>Gives a file or directory tree to this user.</summary>
    public void Own(string path) => Tool.Ok("chown", ["-R", $"{Uid}:{Gid}", path]);

    /// <summary>
    /// The arguments of <c>setpriv</c> (before the program) that run a program as this user with a clean
    /// environment: PATH, HOME, USER, LOGNAME, LANG, then <paramref name="env"/> (null values left out).
    /// </summary>
    public List<string> SetprivArguments(IReadOnlyDictionary<string, string?>? env)
    {
        var vars = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            ["HOME"] = Home,
            ["USER"] = Name,
            ["LOGNAME"] = Name,
            ["LANG"] = "C.UTF-8",
        };
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) vars[k] = v;
        List<string> args = [$"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--", "env", "-i"];
        args.AddRange(vars.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}"));
        return args;
    }

    public void Dispose()
    {
        // The caller has stopped this user's processes (the agent the module started, sshd); userdel refuses otherwise.
        var r = Tool.Run("/usr/sbin/userdel", [Name]);
        if (r.Code != 0) TestContext.Out.WriteLine($"userdel {Name} failed: {r.Output}");
        try { Directory.Delete(Home, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
