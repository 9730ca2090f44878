using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.Clients;

/// <summary>A real client meets a phone whose user declines: the refusal reaches it as CKR_FUNCTION_REJECTED and a clear failure.</summary>
[TestFixture, NonParallelizable]
public sealed class NegativeControlTests
{
    [Test]
    public void DeclinedApprovalFailsPkcs11ToolClearly()
    {
        using var phone = new PhoneHarness("--label", "Declines", "--approve", "deny");
        var env = phone.Environment;
        string[] module = ["--module", Repo.Module];
        (int Code, string Output) Tool(params string[] args) => PhoneHarness.Run("pkcs11-tool", [.. module, .. args], env, TimeSpan.FromSeconds(60));

        Assert.That(Tool("--init-token", "--label", "Declines", "--so-pin", "10203040").Code, Is.EqualTo(0));
        Assert.That(Tool("--init-pin", "--login", "--login-type", "so", "--so-pin", "10203040", "--pin", "123456").Code, Is.EqualTo(0));
        var gen = Tool("--login", "--pin", "123456", "--keypairgen", "--key-type", "EC:prime256v1", "--id", "01", "--label", "declined key");
        Assert.That(gen.Code, Is.EqualTo(0), gen.Output);

        var data = Path.Combine(phone.Work, "data");
        File.WriteAllText(data, "the phone's user says no");
        var sign = Tool("--login", "--pin", "123456", "--sign", "--id", "01", "--mechanism", "ECDSA-SHA256",
            "--input-file", data, "--output-file", Path.Combine(phone.Work, "sig"));
        Assert.That(sign.Code, Is.Not.EqualTo(0), sign.Output);
        // pkcs11-tool 0.23 has no name for it and prints the number: 0x200 is CKR_FUNCTION_REJECTED.
        Assert.That(sign.Output, Does.Contain("CKR_FUNCTION_REJECTED").Or.Contain("(0x200)"), sign.Output);
        Assert.That(File.Exists(Path.Combine(phone.Work, "sig")) && new FileInfo(Path.Combine(phone.Work, "sig")).Length > 0, Is.False, "no signature was written");
    }
}
