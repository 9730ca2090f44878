using Pkcs11Phone.SecureChannel.Primitives;

namespace Pkcs11Phone.SecureChannel.Tests;

[TestFixture]
public sealed class NoiseKeyPairTests
{
    // RFC 7748, section 6.1 (X25519 Diffie-Hellman example).
    private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string SharedSecret = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    [Test]
    public void Rfc7748Example()
    {
        using var alice = NoiseKeyPair.FromPrivateKey(Convert.FromHexString(AlicePrivate));
        using var bob = NoiseKeyPair.FromPrivateKey(Convert.FromHexString(BobPrivate));
        Assert.That(Convert.ToHexStringLower(alice.PublicKey), Is.EqualTo(AlicePublic));
        Assert.That(Convert.ToHexStringLower(bob.PublicKey), Is.EqualTo(BobPublic));
        Assert.That(Convert.ToHexStringLower(X25519Dh.Agree(alice, bob.PublicKey)), Is.EqualTo(SharedSecret));
        Assert.That(Convert.ToHexStringLower(X25519Dh.Agree(bob, alice.PublicKey)), Is.EqualTo(SharedSecret));
    }

    [Test]
    public void GeneratedKeysAreFreshAndRoundTrip()
    {
        using var a = NoiseKeyPair.Generate();
        using var b = NoiseKeyPair.Generate();
        Assert.That(a.PublicKey, Is.Not.EqualTo(b.PublicKey));
        Assert.That(a.PublicKey, Has.Length.EqualTo(32));

        var exported = a.ExportPrivateKey();
        Assert.That(exported, Has.Length.EqualTo(32));
        using var imported = NoiseKeyPair.FromPrivateKey(exported);
        Assert.That(imported.PublicKey, Is.EqualTo(a.PublicKey));
        Assert.That(X25519Dh.Agree(imported, b.PublicKey), Is.EqualTo(X25519Dh.Agree(b, a.PublicKey)));
    }

    [Test]
    public void ReturnedKeysAreCopies()
    {
        using var a = NoiseKeyPair.Generate();
        var publicKey = a.PublicKey;
        publicKey[0] ^= 0xFF;
        Assert.That(a.PublicKey, Is.Not.EqualTo(publicKey));
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    public void RejectsWrongLengthPrivateKey(int length)
    {
        Assert.Throws<ArgumentException>(() => NoiseKeyPair.FromPrivateKey(new byte[length]));
    }

    [Test]
    public void LowOrderPublicKeyIsRefused()
    {
        using var a = NoiseKeyPair.Generate();
        Assert.Throws<NoiseException>(() => X25519Dh.Agree(a, new byte[32]));
        var one = new byte[32];
        one[0] = 1;
        Assert.Throws<NoiseException>(() => X25519Dh.Agree(a, one));
        Assert.Throws<NoiseException>(() => X25519Dh.Agree(a, new byte[31]));
    }

    [Test]
    public void DisposedKeyCannotBeExportedOrUsed()
    {
        var a = NoiseKeyPair.Generate();
        using var b = NoiseKeyPair.Generate();
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.ExportPrivateKey());
        Assert.Throws<ObjectDisposedException>(() => X25519Dh.Agree(a, b.PublicKey));
    }
}
