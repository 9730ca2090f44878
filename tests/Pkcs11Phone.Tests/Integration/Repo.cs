namespace Pkcs11Phone.Tests.Integration;

/// <summary>Paths in the repository and its published artifacts (made by build/build.sh).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Module => Artifact(Path.Combine("lib", "libpkcs11phone.so"));
    public static string Cli => Artifact(Path.Combine("bin", "p11phone"));

    private static string Artifact(string relative)
    {
        var path = Path.Combine(Root, "artifacts", relative);
        if (!File.Exists(path)) Assert.Fail($"{path} is missing: run build/build.sh first");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pkcs11Phone.sln"))) return dir.FullName;
        throw new InvalidOperationException("Pkcs11Phone.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
