namespace Pkcs11Phone.SecureChannel.Tests;

[TestFixture]
public sealed class HandshakeStateTests
{
    private NoiseKeyPair _computer = null!;
    private NoiseKeyPair _phone = null!;

    [SetUp]
    public void SetUp()
    {
        _computer = NoiseKeyPair.Generate();
        _phone = NoiseKeyPair.Generate();
    }

    [TearDown]
    public void TearDown()
    {
        _computer.Dispose();
        _phone.Dispose();
    }

    [Test]
    public void PairingThenReconnection()
    {
        var code = PairingCode.Generate();
        var typed = PairingCode.Parse(code.ToString().ToLowerInvariant());

        // Pairing: XXpsk3, PSK from the code; each side learns (and would pin) the other's key.
        using var computer = ChannelHandshakes.CreatePairing(initiator: true, _computer, typed, "pkcs11phone"u8);
        using var phone = ChannelHandshakes.CreatePairing(initiator: false, _phone, code, "pkcs11phone"u8);
        Assert.That(computer.Protocol.Name, Is.EqualTo("Noise_XXpsk3_25519_ChaChaPoly_SHA256"));
        Assert.That(computer.RemoteStaticPublicKey, Is.Null);

        var m1 = computer.WriteMessage("hello phone"u8);
        Assert.That(phone.ReadMessage(m1), Is.EqualTo("hello phone"u8.ToArray()));
        var m2 = phone.WriteMessage("phone info"u8);
        Assert.That(computer.ReadMessage(m2), Is.EqualTo("phone info"u8.ToArray()));
        Assert.That(computer.IsComplete, Is.False);
        var m3 = computer.WriteMessage("computer info"u8);
        Assert.That(phone.ReadMessage(m3), Is.EqualTo("computer info"u8.ToArray()));

        Assert.That(computer.IsComplete && phone.IsComplete, Is.True);
        Assert.That(computer.RemoteStaticPublicKey, Is.EqualTo(_phone.PublicKey));
        Assert.That(phone.RemoteStaticPublicKey, Is.EqualTo(_computer.PublicKey));
        Assert.That(computer.HandshakeHash, Is.EqualTo(phone.HandshakeHash));
        Assert.That(computer.HandshakeHash, Has.Length.EqualTo(32));

        var computerSecret = ChannelHandshakes.DeriveReconnectPsk(computer.HandshakeHash);
        var phoneSecret = ChannelHandshakes.DeriveReconnectPsk(phone.HandshakeHash);
        Assert.That(computerSecret, Is.EqualTo(phoneSecret));

        using (var a = SecureTransport.FromHandshake(computer))
        using (var b = SecureTransport.FromHandshake(phone))
        {
            Assert.That(b.Open(a.Seal("AT+PING"u8)), Is.EqualTo("AT+PING"u8.ToArray()));
            Assert.That(a.Open(b.Seal("OK"u8)), Is.EqualTo("OK"u8.ToArray()));
        }

        // Reconnection: KKpsk2 with the pinned keys and the recorded secret.
        using var computer2 = ChannelHandshakes.CreateReconnect(true, _computer, computer.RemoteStaticPublicKey!, computerSecret);
        using var phone2 = ChannelHandshakes.CreateReconnect(false, _phone, phone.RemoteStaticPublicKey!, phoneSecret);
        Assert.That(computer2.Protocol.Name, Is.EqualTo("Noise_KKpsk2_25519_ChaChaPoly_SHA256"));
        TestSupport.Complete(computer2, phone2);
        Assert.That(computer2.HandshakeHash, Is.EqualTo(phone2.HandshakeHash));
        Assert.That(computer2.HandshakeHash, Is.Not.EqualTo(computer.HandshakeHash));
        using var t1 = SecureTransport.FromHandshake(computer2);
        using var t2 = SecureTransport.FromHandshake(phone2);
        Assert.That(t2.Open(t1.Seal("AT+SIGN"u8)), Is.EqualTo("AT+SIGN"u8.ToArray()));
    }

    [Test]
    public void EveryModifiedByteOfEveryPairingMessageIsDetected()
    {
        var code = PairingCode.Generate();
        var reference = Run(null);
        for (var message = 0; message < 3; message++)
        {
            for (var index = 0; index < reference[message].Length; index++)
            {
                var (m, i) = (message, index);
                Assert.That(() => Run((m, i)), Throws.TypeOf<NoiseException>(), $"message {message} byte {index}");
            }
        }

        List<byte[]> Run((int Message, int Index)? tamper)
        {
            using var initiator = ChannelHandshakes.CreatePairing(true, _computer, code);
            using var responder = ChannelHandshakes.CreatePairing(false, _phone, code);
            var messages = new List<byte[]>();
            var (writer, reader) = (initiator, responder);
            for (var n = 0; n < 3; n++)
            {
                var sent = writer.WriteMessage("payload"u8);
                messages.Add(sent);
                if (tamper is { } t && t.Message == n)
                {
                    sent = TestSupport.Flip(sent, t.Index);
                }

                try
                {
                    reader.ReadMessage(sent);
                }
                catch (NoiseException)
                {
                    Assert.That(reader.IsFailed, Is.True);
                    Assert.Throws<NoiseException>(() => reader.ReadMessage(messages[^1]), "unusable after failure");
                    throw;
                }

                (writer, reader) = (reader, writer);
            }

            return messages;
        }
    }

    [Test]
    public void TruncatedOrExtendedMessagesAreRejected()
    {
        foreach (var change in new Func<byte[], byte[]>[] { m => m[..^1], m => m[..20], m => [], m => [.. m, 0] })
        {
            using var initiator = HandshakeState.Initialize("Noise_XX_25519_AESGCM_SHA256", true, s: _computer);
            using var responder = HandshakeState.Initialize("Noise_XX_25519_AESGCM_SHA256", false, s: _phone);
            responder.ReadMessage(initiator.WriteMessage([]));
            var m2 = responder.WriteMessage("x"u8);
            Assert.Throws<NoiseException>(() => initiator.ReadMessage(change(m2)));
            Assert.That(initiator.IsFailed, Is.True);
        }
    }

    [Test]
    public void WrongPairingCodeFailsTheHandshake()
    {
        using var computer = ChannelHandshakes.CreatePairing(true, _computer, PairingCode.Generate());
        using var phone = ChannelHandshakes.CreatePairing(false, _phone, PairingCode.Generate());
        phone.ReadMessage(computer.WriteMessage([]));
        computer.ReadMessage(phone.WriteMessage([]));

        // psk3 is mixed at the end of the third message: the phone notices there.
        var m3 = computer.WriteMessage([]);
        Assert.Throws<NoiseException>(() => phone.ReadMessage(m3));
        Assert.That(phone.IsFailed, Is.True);
        Assert.Throws<NoiseException>(() => _ = phone.HandshakeHash);
        Assert.Throws<NoiseException>(() => phone.Split());
    }

    [Test]
    public void WrongReconnectPskFailsTheHandshake()
    {
        var secret = TestSupport.RandomBytes(32);
        var other = TestSupport.RandomBytes(32);
        using var computer = ChannelHandshakes.CreateReconnect(true, _computer, _phone.PublicKey, secret);
        using var phone = ChannelHandshakes.CreateReconnect(false, _phone, _computer.PublicKey, other);
        phone.ReadMessage(computer.WriteMessage([]));
        var m2 = phone.WriteMessage([]);
        Assert.Throws<NoiseException>(() => computer.ReadMessage(m2));
        Assert.That(computer.IsFailed, Is.True);
    }

    [Test]
    public void ComputerPinningTheWrongPhoneKeyFails()
    {
        var secret = TestSupport.RandomBytes(32);
        using var impostor = NoiseKeyPair.Generate();
        using var computer = ChannelHandshakes.CreateReconnect(true, _computer, impostor.PublicKey, secret);
        using var phone = ChannelHandshakes.CreateReconnect(false, _phone, _computer.PublicKey, secret);
        var m1 = computer.WriteMessage([]);
        Assert.Throws<NoiseException>(() => phone.ReadMessage(m1));
    }

    [Test]
    public void PhonePinningTheWrongComputerKeyFails()
    {
        var secret = TestSupport.RandomBytes(32);
        using var impostor = NoiseKeyPair.Generate();
        using var computer = ChannelHandshakes.CreateReconnect(true, _computer, _phone.PublicKey, secret);
        using var phone = ChannelHandshakes.CreateReconnect(false, _phone, impostor.PublicKey, secret);
        var m1 = computer.WriteMessage([]);
        Assert.Throws<NoiseException>(() => phone.ReadMessage(m1));
    }

    [Test]
    public void ImpostorWithTheSecretButAnotherKeyFailsKk()
    {
        // Someone who stole the reconnection secret but not the computer's private key.
        var secret = TestSupport.RandomBytes(32);
        using var impostor = NoiseKeyPair.Generate();
        using var fake = ChannelHandshakes.CreateReconnect(true, impostor, _phone.PublicKey, secret);
        using var phone = ChannelHandshakes.CreateReconnect(false, _phone, _computer.PublicKey, secret);
        Assert.Throws<NoiseException>(() => phone.ReadMessage(fake.WriteMessage([])));
    }

    [Test]
    public void OversizeMessages()
    {
        using var initiator = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true);
        using var responder = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", false);

        // NN message 1 is e (32 bytes) and the plaintext payload: at most 65503 bytes of payload.
        Assert.Throws<ArgumentException>(() => initiator.WriteMessage(new byte[65504]));
        Assert.That(initiator.IsFailed, Is.False, "an oversize payload is refused before anything changes");
        var m1 = initiator.WriteMessage(new byte[65503]);
        Assert.That(m1, Has.Length.EqualTo(65535));
        responder.ReadMessage(m1);

        // Message 2 is e, ee and an encrypted payload: 32 + payload + 16.
        Assert.Throws<ArgumentException>(() => responder.WriteMessage(new byte[65488]));
        var m2 = responder.WriteMessage(new byte[65487]);
        Assert.That(m2, Has.Length.EqualTo(65535));
        initiator.ReadMessage(m2);
        Assert.That(initiator.IsComplete && responder.IsComplete, Is.True);

        using var other = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", false);
        Assert.Throws<NoiseException>(() => other.ReadMessage(new byte[65536]));
        Assert.That(other.IsFailed, Is.True);
    }

    [Test]
    public void PairingMessageSizesFitTheLimit()
    {
        // XXpsk3 message 3 is an encrypted static key (48) and an encrypted payload (16 + n).
        var code = PairingCode.Generate();
        using var initiator = ChannelHandshakes.CreatePairing(true, _computer, code);
        using var responder = ChannelHandshakes.CreatePairing(false, _phone, code);
        responder.ReadMessage(initiator.WriteMessage([]));
        initiator.ReadMessage(responder.WriteMessage([]));
        Assert.Throws<ArgumentException>(() => initiator.WriteMessage(new byte[65535 - 48 - 16 + 1]));
        var m3 = initiator.WriteMessage(new byte[65535 - 48 - 16]);
        Assert.That(m3, Has.Length.EqualTo(65535));
        Assert.That(responder.ReadMessage(m3), Has.Length.EqualTo(65535 - 48 - 16));
    }

    [Test]
    public void OutOfTurnCallsAreRefused()
    {
        using var initiator = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true);
        using var responder = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", false);
        Assert.That(initiator.IsMyTurnToWrite, Is.True);
        Assert.That(responder.IsMyTurnToWrite, Is.False);
        Assert.Throws<InvalidOperationException>(() => responder.WriteMessage([]));
        Assert.Throws<InvalidOperationException>(() => initiator.ReadMessage(new byte[32]));
        Assert.Throws<InvalidOperationException>(() => initiator.Split());
        TestSupport.Complete(initiator, responder);
        Assert.Throws<InvalidOperationException>(() => initiator.WriteMessage([]));
        Assert.Throws<InvalidOperationException>(() => responder.ReadMessage(new byte[48]));
        var (send, receive) = initiator.Split();
        send.Dispose();
        receive.Dispose();
        Assert.Throws<InvalidOperationException>(() => initiator.Split());
    }

    [Test]
    public void SplitIsOrientedForTheCaller()
    {
        using var initiator = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true);
        using var responder = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", false);
        TestSupport.Complete(initiator, responder);
        var (iSend, iReceive) = initiator.Split();
        var (rSend, rReceive) = responder.Split();
        using (iSend)
        using (iReceive)
        using (rSend)
        using (rReceive)
        {
            Assert.That(rReceive.DecryptWithAd([], iSend.EncryptWithAd([], "to responder"u8)), Is.EqualTo("to responder"u8.ToArray()));
            Assert.That(iReceive.DecryptWithAd([], rSend.EncryptWithAd([], "to initiator"u8)), Is.EqualTo("to initiator"u8.ToArray()));
            Assert.Throws<NoiseException>(() => iReceive.DecryptWithAd([], iSend.EncryptWithAd([], "reflected"u8)));
        }
    }

    [Test]
    public void InitializeChecksKeysAgainstThePattern()
    {
        // KK needs s and rs on both sides.
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_KK_25519_ChaChaPoly_SHA256", true, rs: _phone.PublicKey));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_KK_25519_ChaChaPoly_SHA256", true, s: _computer));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_KK_25519_ChaChaPoly_SHA256", true, s: _computer, rs: new byte[31]));

        // NN has no static keys; XX learns rs in the handshake.
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true, s: _computer));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_XX_25519_ChaChaPoly_SHA256", true, s: _computer, rs: _phone.PublicKey));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_XX_25519_ChaChaPoly_SHA256", true, re: _phone.PublicKey));

        // The N responder never has an ephemeral key.
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_N_25519_ChaChaPoly_SHA256", false, s: _phone, e: NoiseKeyPair.Generate()));

        // PSKs: one per modifier, 32 bytes each.
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_XXpsk3_25519_ChaChaPoly_SHA256", true, s: _computer));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_XXpsk3_25519_ChaChaPoly_SHA256", true, s: _computer, psks: [new byte[16]]));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_XX_25519_ChaChaPoly_SHA256", true, s: _computer, psks: [new byte[32]]));
        Assert.Throws<ArgumentException>(() => HandshakeState.Initialize("Noise_XX_25519_ChaChaPoly_SHA257", true));

        Assert.Throws<ArgumentException>(() => ChannelHandshakes.CreateReconnect(true, _computer, _phone.PublicKey, new byte[31]));
        Assert.Throws<ArgumentException>(() => ChannelHandshakes.DeriveReconnectPsk(new byte[16]));
    }

    [Test]
    public void LowOrderPinnedKeyIsRefused()
    {
        using var computer = ChannelHandshakes.CreateReconnect(true, _computer, new byte[32], new byte[32]);
        Assert.Throws<NoiseException>(() => computer.WriteMessage([]));
        Assert.That(computer.IsFailed, Is.True);
        Assert.Throws<NoiseException>(() => computer.WriteMessage([]));
    }

    [Test]
    public void LowOrderEphemeralFromPeerIsRefused()
    {
        using var initiator = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true);
        using var responder = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", false);
        responder.ReadMessage(new byte[32]);
        Assert.Throws<NoiseException>(() => responder.WriteMessage([]));
        Assert.That(responder.IsFailed, Is.True);
    }

    [Test]
    public void PrologueMismatchIsDetected()
    {
        using var initiator = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", true, "v1"u8);
        using var responder = HandshakeState.Initialize("Noise_NN_25519_ChaChaPoly_SHA256", false, "v2"u8);
        responder.ReadMessage(initiator.WriteMessage([]));
        Assert.Throws<NoiseException>(() => initiator.ReadMessage(responder.WriteMessage([])));
    }

    [TestCase("Noise_N_25519_ChaChaPoly_SHA256")]
    [TestCase("Noise_K_25519_AESGCM_SHA512")]
    [TestCase("Noise_Xpsk1_25519_ChaChaPoly_BLAKE2s")]
    public void OneWayTransportsOnlyGoFromInitiatorToResponder(string name)
    {
        var protocol = NoiseProtocolName.Parse(name);
        var needsInitiatorStatic = protocol.BasePattern is "K" or "X";
        var psks = Enumerable.Range(0, protocol.PskCount).Select(_ => TestSupport.RandomBytes(32)).ToList();
        using var initiator = HandshakeState.Initialize(
            protocol, true, s: needsInitiatorStatic ? _computer : null, rs: _phone.PublicKey, psks: psks);
        using var responder = HandshakeState.Initialize(
            protocol, false, s: _phone, rs: protocol.BasePattern == "K" ? _computer.PublicKey : default, psks: psks);
        TestSupport.Complete(initiator, responder);
        if (protocol.BasePattern == "X")
        {
            Assert.That(responder.RemoteStaticPublicKey, Is.EqualTo(_computer.PublicKey));
        }

        using var sender = SecureTransport.FromHandshake(initiator);
        using var receiver = SecureTransport.FromHandshake(responder);
        Assert.That(receiver.Open(sender.Seal("one way"u8)), Is.EqualTo("one way"u8.ToArray()));
        Assert.Throws<InvalidOperationException>(() => receiver.Seal("back"u8));
        Assert.Throws<InvalidOperationException>(() => sender.Open(new byte[16]));
    }

    [TestCase("NN")]
    [TestCase("NK")]
    [TestCase("NX")]
    [TestCase("XN")]
    [TestCase("XK")]
    [TestCase("XX")]
    [TestCase("KN")]
    [TestCase("KK")]
    [TestCase("KX")]
    [TestCase("IN")]
    [TestCase("IK")]
    [TestCase("IX")]
    public void InteractivePatternsWithFreshKeysAgree(string pattern)
    {
        // Every pattern with freshly generated ephemeral keys, a psk in every position and payloads.
        var initiatorHasStatic = pattern[0] is 'X' or 'K' or 'I';
        var responderHasStatic = pattern[1] is 'K' or 'X';
        var protocol = NoiseProtocolName.Parse($"Noise_{pattern}psk0+psk2_25519_ChaChaPoly_BLAKE2b");
        var psks = new List<byte[]> { TestSupport.RandomBytes(32), TestSupport.RandomBytes(32) };
        using var initiator = HandshakeState.Initialize(
            protocol,
            true,
            s: initiatorHasStatic ? _computer : null,
            rs: pattern[1] == 'K' ? _phone.PublicKey : default,
            psks: psks);
        using var responder = HandshakeState.Initialize(
            protocol,
            false,
            s: responderHasStatic ? _phone : null,
            rs: pattern[0] == 'K' ? _computer.PublicKey : default,
            psks: psks);
        TestSupport.Complete(initiator, responder);
        Assert.That(initiator.HandshakeHash, Is.EqualTo(responder.HandshakeHash));
        Assert.That(initiator.RemoteStaticPublicKey, Is.EqualTo(responderHasStatic ? _phone.PublicKey : null));
        Assert.That(responder.RemoteStaticPublicKey, Is.EqualTo(initiatorHasStatic ? _computer.PublicKey : null));
        using var a = SecureTransport.FromHandshake(initiator);
        using var b = SecureTransport.FromHandshake(responder);
        Assert.That(b.Open(a.Seal("ping"u8)), Is.EqualTo("ping"u8.ToArray()));
        Assert.That(a.Open(b.Seal("pong"u8)), Is.EqualTo("pong"u8.ToArray()));
    }

    [Test]
    public void ReconnectPskKnownAnswer()
    {
        // Computed independently (Python hmac/hashlib, RFC 5869 HKDF-SHA256, empty salt,
        // info "pkcs11phone reconnect psk v1") for the handshake hash 00 01 .. 1f.
        var hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.That(
            Convert.ToHexStringLower(ChannelHandshakes.DeriveReconnectPsk(hash)),
            Is.EqualTo("ca7a2e9a04672cc30415984532a8cdcdc4de279643b516b124291db8af82c332"));
    }
}
