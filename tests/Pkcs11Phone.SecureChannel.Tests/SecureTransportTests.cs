namespace Pkcs11Phone.SecureChannel.Tests;

[TestFixture]
public sealed class SecureTransportTests
{
    /// <summary>A connected pair from a real reconnection handshake.</summary>
    private static (SecureTransport Computer, SecureTransport Phone) HandshakePair()
    {
        using var computerKey = NoiseKeyPair.Generate();
        using var phoneKey = NoiseKeyPair.Generate();
        var secret = TestSupport.RandomBytes(32);
        using var computer = ChannelHandshakes.CreateReconnect(true, computerKey, phoneKey.PublicKey, secret);
        using var phone = ChannelHandshakes.CreateReconnect(false, phoneKey, computerKey.PublicKey, secret);
        TestSupport.Complete(computer, phone);
        return (SecureTransport.FromHandshake(computer), SecureTransport.FromHandshake(phone));
    }

    /// <summary>A connected pair straight from two keys (cheap, for exhaustive tests).</summary>
    private static (SecureTransport A, SecureTransport B) KeyPair(byte[] k1, byte[] k2) =>
        (new SecureTransport(new CipherState(NoiseCipher.ChaChaPoly, k1), new CipherState(NoiseCipher.ChaChaPoly, k2)),
         new SecureTransport(new CipherState(NoiseCipher.ChaChaPoly, k2), new CipherState(NoiseCipher.ChaChaPoly, k1)));

    [Test]
    public void FramesFlowBothWaysInOrder()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            Assert.That(computer.HandshakeHash, Is.EqualTo(phone.HandshakeHash));
            Assert.That(computer.RemoteStaticPublicKey, Is.Not.Null);
            for (var i = 0; i < 100; i++)
            {
                var request = TestSupport.RandomBytes(i);
                var frame = computer.Seal(request);
                Assert.That(frame, Has.Length.EqualTo(i + SecureTransport.Overhead));
                Assert.That(phone.Open(frame), Is.EqualTo(request));
                if (i % 3 == 0)
                {
                    var response = TestSupport.RandomBytes(2 * i);
                    Assert.That(computer.Open(phone.Seal(response)), Is.EqualTo(response));
                }
            }

            Assert.That(computer.SentCount, Is.EqualTo(100));
            Assert.That(phone.ReceivedCount, Is.EqualTo(100));
            Assert.That(phone.SentCount, Is.EqualTo(34));
        }
    }

    [Test]
    public void ReplayedFrameIsRejectedAndTheTransportIsDead()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            var f1 = computer.Seal("one"u8);
            var f2 = computer.Seal("two"u8);
            phone.Open(f1);
            Assert.Throws<NoiseException>(() => phone.Open(f1));
            Assert.That(phone.IsFaulted, Is.True);
            Assert.Throws<NoiseException>(() => phone.Open(f2), "the genuine next frame is refused too");
            Assert.Throws<NoiseException>(() => phone.Seal("reply"u8), "sending is refused too");
        }
    }

    [Test]
    public void ReorderedFramesAreRejected()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            var f1 = computer.Seal("one"u8);
            var f2 = computer.Seal("two"u8);
            Assert.Throws<NoiseException>(() => phone.Open(f2));
            Assert.Throws<NoiseException>(() => phone.Open(f1));
        }
    }

    [Test]
    public void DroppedFrameIsDetected()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            phone.Open(computer.Seal("one"u8));
            _ = computer.Seal("two (lost)"u8);
            var f3 = computer.Seal("three"u8);
            Assert.Throws<NoiseException>(() => phone.Open(f3));
            Assert.That(phone.IsFaulted, Is.True);
        }
    }

    [Test]
    public void ReflectedFrameIsRejected()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            var frame = computer.Seal("to phone"u8);
            Assert.Throws<NoiseException>(() => computer.Open(frame));
        }
    }

    [Test]
    public void EveryModifiedBitIsDetected()
    {
        var k1 = TestSupport.RandomBytes(32);
        var k2 = TestSupport.RandomBytes(32);
        var plaintext = "AT+SIGN=1,\"deadbeef\""u8.ToArray();
        var (reference, _) = KeyPair(k1, k2);
        var frame = reference.Seal(plaintext);
        reference.Dispose();

        for (var index = 0; index < frame.Length; index++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var (a, b) = KeyPair(k1, k2);
                using (a)
                using (b)
                {
                    Assert.Throws<NoiseException>(() => b.Open(TestSupport.Flip(frame, index, (byte)(1 << bit))), $"byte {index} bit {bit}");
                    Assert.That(b.IsFaulted, Is.True);
                    Assert.Throws<NoiseException>(() => b.Open(frame), "refuses even the genuine frame afterwards");
                }
            }
        }

        var (x, y) = KeyPair(k1, k2);
        using (x)
        using (y)
        {
            Assert.That(y.Open(frame), Is.EqualTo(plaintext));
        }
    }

    [Test]
    public void TruncatedEmptyAndExtendedFramesAreRejected()
    {
        var k1 = TestSupport.RandomBytes(32);
        var k2 = TestSupport.RandomBytes(32);
        var (reference, _) = KeyPair(k1, k2);
        var frame = reference.Seal("hello"u8);
        foreach (var bad in new[] { frame[..^1], frame[..16], frame[..15], [], [.. frame, 0] })
        {
            var (a, b) = KeyPair(k1, k2);
            using (a)
            using (b)
            {
                Assert.Throws<NoiseException>(() => b.Open(bad));
            }
        }
    }

    [Test]
    public void OversizeFrames()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            Assert.Throws<ArgumentException>(() => computer.Seal(new byte[SecureTransport.MaxPlaintextLength + 1]));
            Assert.That(computer.IsFaulted, Is.False, "a caller's oversize plaintext does not kill the link");
            var largest = computer.Seal(new byte[SecureTransport.MaxPlaintextLength]);
            Assert.That(largest, Has.Length.EqualTo(65535));
            Assert.That(phone.Open(largest), Has.Length.EqualTo(65519));
            Assert.Throws<NoiseException>(() => phone.Open(new byte[65536]));
            Assert.That(phone.IsFaulted, Is.True);
        }
    }

    [Test]
    public void NonceExhaustionEndsTheTransport()
    {
        var k1 = TestSupport.RandomBytes(32);
        var k2 = TestSupport.RandomBytes(32);
        var send = new CipherState(NoiseCipher.ChaChaPoly, k1);
        var receive = new CipherState(NoiseCipher.ChaChaPoly, k1);
        send.SetNonceForTesting(ulong.MaxValue - 2);
        receive.SetNonceForTesting(ulong.MaxValue - 2);
        using var a = new SecureTransport(send, new CipherState(NoiseCipher.ChaChaPoly, k2));
        using var b = new SecureTransport(new CipherState(NoiseCipher.ChaChaPoly, k2), receive);

        Assert.That(b.Open(a.Seal("n = 2^64-3"u8)), Is.EqualTo("n = 2^64-3"u8.ToArray()));
        var last = a.Seal("n = 2^64-2"u8);
        Assert.That(b.Open(last), Is.EqualTo("n = 2^64-2"u8.ToArray()));
        Assert.That(a.SentCount, Is.EqualTo(ulong.MaxValue));

        Assert.Throws<NoiseException>(() => a.Seal("n = 2^64-1 is reserved"u8));
        Assert.That(a.IsFaulted, Is.True);
        Assert.Throws<NoiseException>(() => a.Open(b.Seal("reply"u8)));

        Assert.Throws<NoiseException>(() => b.Open(last));
        Assert.That(b.IsFaulted, Is.True);
    }

    [Test]
    public void UseAfterDisposeIsRefused()
    {
        var (computer, phone) = HandshakePair();
        phone.Dispose();
        computer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => computer.Seal("x"u8));
        Assert.Throws<ObjectDisposedException>(() => phone.Open(new byte[16]));
    }

    [Test]
    public void ConstructorValidation()
    {
        Assert.Throws<ArgumentException>(() => _ = new SecureTransport(null, null));
        Assert.Throws<ArgumentException>(() => _ = new SecureTransport(new CipherState(NoiseCipher.ChaChaPoly), null));
        using var incomplete = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true);
        Assert.Throws<InvalidOperationException>(() => SecureTransport.FromHandshake(incomplete));
    }

    [Test]
    public void SealAndOpenMayRunOnDifferentThreads()
    {
        var (computer, phone) = HandshakePair();
        using (computer)
        using (phone)
        {
            const int count = 2000;
            var toPhone = new System.Collections.Concurrent.BlockingCollection<byte[]>();
            var toComputer = new System.Collections.Concurrent.BlockingCollection<byte[]>();
            var tasks = new[]
            {
                Task.Run(() => { for (var i = 0; i < count; i++) toPhone.Add(computer.Seal(BitConverter.GetBytes(i))); }),
                Task.Run(() => { for (var i = 0; i < count; i++) toComputer.Add(phone.Seal(BitConverter.GetBytes(-i))); }),
                Task.Run(() => { for (var i = 0; i < count; i++) Assert.That(BitConverter.ToInt32(phone.Open(toPhone.Take())), Is.EqualTo(i)); }),
                Task.Run(() => { for (var i = 0; i < count; i++) Assert.That(BitConverter.ToInt32(computer.Open(toComputer.Take())), Is.EqualTo(-i)); }),
            };
            Assert.That(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), Is.True);
        }
    }
}
