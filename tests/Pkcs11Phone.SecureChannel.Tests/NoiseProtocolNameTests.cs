namespace Pkcs11Phone.SecureChannel.Tests;

[TestFixture]
public sealed class NoiseProtocolNameTests
{
    [Test]
    public void ParsesThePairingProtocol()
    {
        var name = NoiseProtocolName.Parse("Noise_XXpsk3_25519_ChaChaPoly_SHA256");
        Assert.Multiple(() =>
        {
            Assert.That(name.Name, Is.EqualTo("Noise_XXpsk3_25519_ChaChaPoly_SHA256"));
            Assert.That(name.BasePattern, Is.EqualTo("XX"));
            Assert.That(name.PskPositions, Is.EqualTo(new[] { 3 }));
            Assert.That(name.PskCount, Is.EqualTo(1));
            Assert.That(name.Dh, Is.EqualTo(NoiseDh.Curve25519));
            Assert.That(name.Cipher, Is.EqualTo(NoiseCipher.ChaChaPoly));
            Assert.That(name.Hash, Is.EqualTo(NoiseHash.Sha256));
            Assert.That(name.MessageCount, Is.EqualTo(3));
            Assert.That(name.IsOneWay, Is.False);
            Assert.That(name.ToString(), Is.EqualTo(name.Name));
        });
    }

    [Test]
    public void ParsesMultiplePskModifiers()
    {
        var name = NoiseProtocolName.Parse("Noise_XXpsk0+psk3_25519_AESGCM_BLAKE2b");
        Assert.That(name.PskPositions, Is.EqualTo(new[] { 0, 3 }));
        Assert.That(name.Cipher, Is.EqualTo(NoiseCipher.AesGcm));
        Assert.That(name.Hash, Is.EqualTo(NoiseHash.Blake2b));
    }

    [TestCase("N", 1, true)]
    [TestCase("K", 1, true)]
    [TestCase("X", 1, true)]
    [TestCase("NN", 2, false)]
    [TestCase("NK", 2, false)]
    [TestCase("NX", 2, false)]
    [TestCase("XN", 3, false)]
    [TestCase("XK", 3, false)]
    [TestCase("XX", 3, false)]
    [TestCase("KN", 2, false)]
    [TestCase("KK", 2, false)]
    [TestCase("KX", 2, false)]
    [TestCase("IN", 2, false)]
    [TestCase("IK", 2, false)]
    [TestCase("IX", 2, false)]
    public void EveryFundamentalPatternIsSupported(string pattern, int messages, bool oneWay)
    {
        foreach (var hash in new[] { "SHA256", "SHA512", "BLAKE2s", "BLAKE2b" })
        {
            var name = NoiseProtocolName.Parse($"Noise_{pattern}_25519_ChaChaPoly_{hash}");
            Assert.That(name.MessageCount, Is.EqualTo(messages));
            Assert.That(name.IsOneWay, Is.EqualTo(oneWay));
        }

        // The last psk position is the number of messages; one past it is refused.
        Assert.That(NoiseProtocolName.TryParse($"Noise_{pattern}psk{messages}_25519_AESGCM_SHA256", out _), Is.True);
        Assert.That(NoiseProtocolName.TryParse($"Noise_{pattern}psk{messages + 1}_25519_AESGCM_SHA256", out _), Is.False);
    }

    [Test]
    public void PskModifiersArePlacedPerTheSpecification()
    {
        var xxpsk3 = NoiseProtocolName.Parse("Noise_XXpsk3_25519_ChaChaPoly_SHA256").Pattern;
        Assert.That(xxpsk3.Messages[2].Tokens, Is.EqualTo(new[] { NoiseToken.S, NoiseToken.SE, NoiseToken.Psk }));
        Assert.That(xxpsk3.Messages[0].Tokens, Is.EqualTo(new[] { NoiseToken.E }));

        var kkpsk2 = NoiseProtocolName.Parse("Noise_KKpsk2_25519_ChaChaPoly_SHA256").Pattern;
        Assert.That(kkpsk2.Messages[1].Tokens, Is.EqualTo(new[] { NoiseToken.E, NoiseToken.EE, NoiseToken.SE, NoiseToken.Psk }));
        Assert.That(kkpsk2.InitiatorPreMessage, Is.EqualTo(new[] { NoiseToken.S }));
        Assert.That(kkpsk2.ResponderPreMessage, Is.EqualTo(new[] { NoiseToken.S }));

        var nnpsk0 = NoiseProtocolName.Parse("Noise_NNpsk0+psk2_25519_ChaChaPoly_SHA256").Pattern;
        Assert.That(nnpsk0.Messages[0].Tokens, Is.EqualTo(new[] { NoiseToken.Psk, NoiseToken.E }));
        Assert.That(nnpsk0.Messages[1].Tokens, Is.EqualTo(new[] { NoiseToken.E, NoiseToken.EE, NoiseToken.Psk }));

        // The table's base pattern is not changed by applying modifiers.
        var xx = NoiseProtocolName.Parse("Noise_XX_25519_ChaChaPoly_SHA256").Pattern;
        Assert.That(xx.Messages[2].Tokens, Is.EqualTo(new[] { NoiseToken.S, NoiseToken.SE }));
        Assert.That(xx.IsPskMode, Is.False);
        Assert.That(xxpsk3.IsPskMode, Is.True);
    }

    [TestCase("")]
    [TestCase("Noise")]
    [TestCase("Noise_XX_25519_ChaChaPoly")]
    [TestCase("Noise_XX_25519_ChaChaPoly_SHA256_extra")]
    [TestCase("noise_XX_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_xx_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XX_448_ChaChaPoly_SHA256")]
    [TestCase("Noise_XX_25519_AESGCM_SHA1")]
    [TestCase("Noise_XX_25519_chachapoly_SHA256")]
    [TestCase("Noise_XX_25519_ChaChaPoly_sha256")]
    [TestCase("Noise_XX_25519_AES256GCM_SHA256")]
    [TestCase("Noise_XXfallback_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_X1K_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXX_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk4_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_NNpsk3_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk03_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk3+psk0_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk3+psk3_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk3+_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk-1_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XX+psk3_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_XXpsk3_25519_ChaChaPoly_SHA256 ")]
    [TestCase("Noise_XXpsk３_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise__25519_ChaChaPoly_SHA256")]
    public void RejectsMalformedOrUnsupportedNames(string name)
    {
        Assert.That(NoiseProtocolName.TryParse(name, out var parsed), Is.False);
        Assert.That(parsed, Is.Null);
        Assert.Throws<ArgumentException>(() => NoiseProtocolName.Parse(name));
    }

    [Test]
    public void RejectsNull()
    {
        Assert.That(NoiseProtocolName.TryParse(null, out _), Is.False);
        Assert.Throws<ArgumentNullException>(() => NoiseProtocolName.Parse(null!));
    }

    [Test]
    public void EqualityIsByName()
    {
        var a = NoiseProtocolName.Parse("Noise_KKpsk2_25519_ChaChaPoly_SHA256");
        var b = NoiseProtocolName.Parse("Noise_KKpsk2_25519_ChaChaPoly_SHA256");
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a, Is.Not.EqualTo(NoiseProtocolName.Parse("Noise_KK_25519_ChaChaPoly_SHA256")));
    }
}
