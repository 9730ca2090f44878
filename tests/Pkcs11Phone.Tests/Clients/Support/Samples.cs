using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients.Support;

/// <summary>
/// The configuration samples in samples/, as the tests use them: each names the module at
/// <see cref="ModulePlaceholder"/>, the install path the README suggests, which the tests replace with the
/// module just built.
/// </summary>
public static class Samples
{
    public const string ModulePlaceholder = "/usr/local/lib/libpkcs11phone.so";

    public static string PathOf(string name) => Path.Combine(Repo.Root, "samples", name);

    /// <summary>The sample's text with the built module's path in place of the placeholder.</summary>
    public static string WithModule(string name)
    {
        var text = File.ReadAllText(PathOf(name));
        Assert.That(text, Does.Contain(ModulePlaceholder), $"samples/{name} names the module at {ModulePlaceholder}");
        return text.Replace(ModulePlaceholder, ClientToken.Module);
    }

    /// <summary>Writes the sample, with the module substituted and then <paramref name="edit"/> applied, to <paramref name="path"/>.</summary>
    public static string Write(string name, string path, Func<string, string>? edit = null)
    {
        var text = WithModule(name);
        if (edit is not null) text = edit(text);
        return Files.Write(path, text);
    }
}
