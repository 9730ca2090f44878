using System.Buffers.Binary;
using System.Security.Cryptography;
using Pkcs11Phone.SecureChannel.Primitives;

namespace Pkcs11Phone.SecureChannel.Tests;

[TestFixture]
public sealed class CipherStateTests
{
    private static readonly NoiseCipher[] Ciphers = [NoiseCipher.ChaChaPoly, NoiseCipher.AesGcm];

    [TestCaseSource(nameof(Ciphers))]
    public void EncryptDecryptRoundTripAndCountNonces(NoiseCipher cipher)
    {
        var key = TestSupport.RandomBytes(32);
        using var sender = new CipherState(cipher, key);
        using var receiver = new CipherState(cipher, key);
        for (var i = 0; i < 10; i++)
        {
            var ad = TestSupport.RandomBytes(i);
            var plaintext = TestSupport.RandomBytes(i * 7);
            var ciphertext = sender.EncryptWithAd(ad, plaintext);
            Assert.That(ciphertext, Has.Length.EqualTo(plaintext.Length + 16));
            Assert.That(receiver.DecryptWithAd(ad, ciphertext), Is.EqualTo(plaintext));
        }

        Assert.That(sender.Nonce, Is.EqualTo(10));
        Assert.That(receiver.Nonce, Is.EqualTo(10));
    }

    [TestCaseSource(nameof(Ciphers))]
    public void FailedDecryptThrowsAndLeavesTheNonce(NoiseCipher cipher)
    {
        var key = TestSupport.RandomBytes(32);
        using var sender = new CipherState(cipher, key);
        using var receiver = new CipherState(cipher, key);
        var ciphertext = sender.EncryptWithAd("ad"u8, "hello"u8);

        Assert.Throws<NoiseException>(() => receiver.DecryptWithAd("ad"u8, TestSupport.Flip(ciphertext, 0)));
        Assert.Throws<NoiseException>(() => receiver.DecryptWithAd("AD"u8, ciphertext));
        Assert.Throws<NoiseException>(() => receiver.DecryptWithAd("ad"u8, ciphertext.AsSpan(0, 15)));
        Assert.That(receiver.Nonce, Is.EqualTo(0));
        Assert.That(receiver.DecryptWithAd("ad"u8, ciphertext), Is.EqualTo("hello"u8.ToArray()));
    }

    [TestCaseSource(nameof(Ciphers))]
    public void NonceTwoToTheSixtyFourMinusOneIsNeverUsed(NoiseCipher cipher)
    {
        var key = TestSupport.RandomBytes(32);
        using var sender = new CipherState(cipher, key);
        using var receiver = new CipherState(cipher, key);
        sender.SetNonceForTesting(ulong.MaxValue - 1);
        receiver.SetNonceForTesting(ulong.MaxValue - 1);

        var last = sender.EncryptWithAd([], "last"u8);
        Assert.That(sender.Nonce, Is.EqualTo(ulong.MaxValue));
        Assert.Throws<NoiseException>(() => sender.EncryptWithAd([], "one too many"u8));

        Assert.That(receiver.DecryptWithAd([], last), Is.EqualTo("last"u8.ToArray()));
        Assert.Throws<NoiseException>(() => receiver.DecryptWithAd([], last));
    }

    [TestCaseSource(nameof(Ciphers))]
    public void NonceIsEncodedAsTheSpecificationSays(NoiseCipher cipher)
    {
        // ChaChaPoly: 32 zero bits then the counter little-endian; AESGCM: big-endian.
        var key = TestSupport.RandomBytes(32);
        const ulong n = 0x0102030405060708;
        using var state = new CipherState(cipher, key);
        state.SetNonceForTesting(n);
        var ciphertext = state.EncryptWithAd("ad"u8, "plaintext"u8);

        var nonce = new byte[12];
        if (cipher == NoiseCipher.ChaChaPoly)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(nonce.AsSpan(4), n);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), n);
        }

        Assert.That(ciphertext, Is.EqualTo(ReferenceEncrypt(cipher, key, nonce, "ad"u8.ToArray(), "plaintext"u8.ToArray())));
    }

    [TestCaseSource(nameof(Ciphers))]
    public void RekeyFollowsTheSpecification(NoiseCipher cipher)
    {
        var key = TestSupport.RandomBytes(32);
        using var a = new CipherState(cipher, key);
        using var b = new CipherState(cipher, key);
        var before = a.EncryptWithAd([], "x"u8);
        b.DecryptWithAd([], before);

        a.Rekey();
        Assert.That(a.Nonce, Is.EqualTo(1), "Rekey does not reset the nonce");

        // REKEY(k) = first 32 bytes of ENCRYPT(k, 2^64-1, empty, 32 zero bytes).
        var maxNonce = new byte[12];
        maxNonce.AsSpan(4).Fill(0xFF);
        var expectedKey = ReferenceEncrypt(cipher, key, maxNonce, [], new byte[32])[..32];
        using var expected = new CipherState(cipher, expectedKey);
        expected.SetNonceForTesting(1);
        var after = a.EncryptWithAd([], "y"u8);
        Assert.That(after, Is.EqualTo(expected.EncryptWithAd([], "y"u8)));

        // A receiver that did not rekey cannot read it; one that did can.
        using var stale = new CipherState(cipher, key);
        stale.SetNonceForTesting(1);
        Assert.Throws<NoiseException>(() => stale.DecryptWithAd([], after));
        b.Rekey();
        Assert.That(b.DecryptWithAd([], after), Is.EqualTo("y"u8.ToArray()));
    }

    [TestCaseSource(nameof(Ciphers))]
    public void BouncyCastleAndPlatformBackendsAgree(NoiseCipher cipher)
    {
        var key = TestSupport.RandomBytes(32);
        using var platform = new CipherState(cipher, key);
        using var bouncy = new CipherState(cipher, key, forceBouncyCastle: true);
        using var platformReceiver = new CipherState(cipher, key);
        using var bouncyReceiver = new CipherState(cipher, key, forceBouncyCastle: true);
        for (var i = 0; i < 20; i++)
        {
            if (i == 10)
            {
                platform.Rekey();
                bouncy.Rekey();
                platformReceiver.Rekey();
                bouncyReceiver.Rekey();
            }

            var ad = TestSupport.RandomBytes(i % 5);
            var plaintext = TestSupport.RandomBytes(i * 13);
            var c1 = platform.EncryptWithAd(ad, plaintext);
            var c2 = bouncy.EncryptWithAd(ad, plaintext);
            Assert.That(c2, Is.EqualTo(c1));
            Assert.That(bouncyReceiver.DecryptWithAd(ad, c1), Is.EqualTo(plaintext));
            Assert.That(platformReceiver.DecryptWithAd(ad, c2), Is.EqualTo(plaintext));
        }

        Assert.Throws<NoiseException>(() => bouncyReceiver.DecryptWithAd([], TestSupport.RandomBytes(40)));
    }

    [TestCaseSource(nameof(Ciphers))]
    public void MessagesAreLimitedTo65535Bytes(NoiseCipher cipher)
    {
        var key = TestSupport.RandomBytes(32);
        using var sender = new CipherState(cipher, key);
        using var receiver = new CipherState(cipher, key);
        Assert.Throws<ArgumentException>(() => sender.EncryptWithAd([], new byte[65520]));
        Assert.That(sender.Nonce, Is.EqualTo(0));
        var largest = sender.EncryptWithAd([], new byte[65519]);
        Assert.That(largest, Has.Length.EqualTo(65535));
        Assert.That(receiver.DecryptWithAd([], largest), Has.Length.EqualTo(65519));
        Assert.Throws<NoiseException>(() => receiver.DecryptWithAd([], new byte[65536]));
    }

    [Test]
    public void WithoutAKeyEncryptionIsTheIdentity()
    {
        using var state = new CipherState(NoiseCipher.ChaChaPoly);
        Assert.That(state.HasKey, Is.False);
        Assert.That(state.EncryptWithAd("ad"u8, "abc"u8), Is.EqualTo("abc"u8.ToArray()));
        Assert.That(state.DecryptWithAd("ad"u8, "abc"u8), Is.EqualTo("abc"u8.ToArray()));
        Assert.Throws<InvalidOperationException>(state.Rekey);
    }

    [Test]
    public void RejectsWrongKeyLengthAndUseAfterDispose()
    {
        Assert.Throws<ArgumentException>(() => _ = new CipherState(NoiseCipher.ChaChaPoly, new byte[16]));
        var state = new CipherState(NoiseCipher.AesGcm, new byte[32]);
        state.Dispose();
        Assert.Throws<ObjectDisposedException>(() => state.EncryptWithAd([], [1]));
    }

    [TestCase(NoiseHash.Sha256)]
    [TestCase(NoiseHash.Sha512)]
    public void NoiseHkdfIsRfc5869WithTheChainingKeyAsSalt(NoiseHash hash)
    {
        // Noise's HKDF(ck, ikm, n) equals RFC 5869 HKDF with salt = ck, empty info, n * HASHLEN bytes;
        // check against the platform's independent implementation.
        var function = NoiseHashFunction.Create(hash);
        var ck = TestSupport.RandomBytes(function.HashLength);
        var ikm = TestSupport.RandomBytes(32);
        var name = hash == NoiseHash.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
        foreach (var outputs in new[] { 2, 3 })
        {
            var expected = HKDF.DeriveKey(name, ikm, outputs * function.HashLength, ck, []);
            Assert.That(function.Hkdf(ck, ikm, outputs).SelectMany(o => o).ToArray(), Is.EqualTo(expected));
        }

        Assert.That(
            function.Hkdf(ck, [], 2).SelectMany(o => o).ToArray(),
            Is.EqualTo(HKDF.DeriveKey(name, [], 2 * function.HashLength, ck, [])));
    }

    private static byte[] ReferenceEncrypt(NoiseCipher cipher, byte[] key, byte[] nonce, byte[] ad, byte[] plaintext)
    {
        var output = new byte[plaintext.Length + 16];
        if (cipher == NoiseCipher.ChaChaPoly)
        {
            using var aead = new ChaCha20Poly1305(key);
            aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), ad);
        }
        else
        {
            using var aead = new AesGcm(key, 16);
            aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), ad);
        }

        return output;
    }
}
