namespace Pkcs11Phone.SecureChannel.Tests;

/// <summary>
/// Runs every kept published vector: both parties are built from the vector's keys, every
/// handshake and transport message each party writes must equal the vector's ciphertext byte for
/// byte, and the other party must read back the payload.
/// </summary>
[TestFixture]
public sealed class NoiseVectorTests
{
    [TestCaseSource(typeof(NoiseVectors), nameof(NoiseVectors.Cases))]
    public void VectorMatches(NoiseVector vector)
    {
        var protocol = NoiseProtocolName.Parse(vector.ProtocolName);

        using var initiator = CreateParty(protocol, true, vector.InitPrologue, vector.InitStatic, vector.InitEphemeral, vector.InitRemoteStatic, vector.InitPsks);
        using var responder = CreateParty(protocol, false, vector.RespPrologue, vector.RespStatic, vector.RespEphemeral, vector.RespRemoteStatic, vector.RespPsks);

        Assert.That(vector.Messages, Has.Count.GreaterThan(protocol.MessageCount), "the vector should include transport messages");

        // Handshake: messages alternate, the initiator first.
        for (var i = 0; i < protocol.MessageCount; i++)
        {
            var (writer, reader) = i % 2 == 0 ? (initiator, responder) : (responder, initiator);
            var message = vector.Messages[i];
            Assert.That(writer.IsMyTurnToWrite, Is.True);
            var written = writer.WriteMessage(Convert.FromHexString(message.Payload));
            Assert.That(Convert.ToHexStringLower(written), Is.EqualTo(message.Ciphertext.ToLowerInvariant()), $"handshake message {i}");
            var read = reader.ReadMessage(written);
            Assert.That(Convert.ToHexStringLower(read), Is.EqualTo(message.Payload.ToLowerInvariant()), $"handshake payload {i}");
        }

        Assert.That(initiator.IsComplete && responder.IsComplete, Is.True);
        Assert.That(initiator.HandshakeHash, Is.EqualTo(responder.HandshakeHash));
        if (vector.HandshakeHash is not null)
        {
            Assert.That(Convert.ToHexStringLower(initiator.HandshakeHash), Is.EqualTo(vector.HandshakeHash.ToLowerInvariant()), "handshake hash");
        }

        // Transport: one-way patterns only send from the initiator; otherwise messages keep alternating.
        using var initiatorTransport = SecureTransport.FromHandshake(initiator);
        using var responderTransport = SecureTransport.FromHandshake(responder);
        for (var i = protocol.MessageCount; i < vector.Messages.Count; i++)
        {
            var fromInitiator = protocol.IsOneWay || i % 2 == 0;
            var (sender, receiver) = fromInitiator ? (initiatorTransport, responderTransport) : (responderTransport, initiatorTransport);
            var message = vector.Messages[i];
            var sealedFrame = sender.Seal(Convert.FromHexString(message.Payload));
            Assert.That(Convert.ToHexStringLower(sealedFrame), Is.EqualTo(message.Ciphertext.ToLowerInvariant()), $"transport message {i}");
            var opened = receiver.Open(sealedFrame);
            Assert.That(Convert.ToHexStringLower(opened), Is.EqualTo(message.Payload.ToLowerInvariant()), $"transport payload {i}");
        }
    }

    [Test]
    public void KeptVectorsCoverWhatTheProductNeeds()
    {
        var byName = NoiseVectors.All.GroupBy(v => v.ProtocolName).ToDictionary(g => g.Key, g => g.Count());

        // Every kept vector is for a supported protocol (VectorMatches runs each of them).
        Assert.That(NoiseVectors.All.All(v => NoiseProtocolName.TryParse(v.ProtocolName, out _)), Is.True);

        // The protocols the product uses.
        Assert.That(byName.GetValueOrDefault("Noise_XXpsk3_25519_ChaChaPoly_SHA256"), Is.GreaterThanOrEqualTo(1));
        Assert.That(byName.GetValueOrDefault("Noise_KKpsk2_25519_ChaChaPoly_SHA256"), Is.GreaterThanOrEqualTo(1));

        // Plain XX, KK, NN and IK with 25519 + (ChaChaPoly|AESGCM) + (SHA256|SHA512), from both sources.
        foreach (var pattern in new[] { "XX", "KK", "NN", "IK" })
        {
            foreach (var cipher in new[] { "ChaChaPoly", "AESGCM" })
            {
                foreach (var hash in new[] { "SHA256", "SHA512" })
                {
                    var name = $"Noise_{pattern}_25519_{cipher}_{hash}";
                    Assert.That(byName.GetValueOrDefault(name), Is.GreaterThanOrEqualTo(2), name);
                }
            }
        }

        var count = NoiseVectors.All.Count;
        TestContext.Out.WriteLine($"{count} vectors kept: " + string.Join(", ", NoiseVectors.All.GroupBy(v => v.Origin.Split('#')[0]).Select(g => $"{g.Key} {g.Count()}")));
        Assert.That(count, Is.EqualTo(512));
    }

    private static HandshakeState CreateParty(
        NoiseProtocolName protocol,
        bool initiator,
        string prologue,
        string? staticKey,
        string? ephemeralKey,
        string? remoteStatic,
        List<string>? psks)
    {
        // The key pairs stay the caller's (HandshakeState does not dispose them); in a test they are simply dropped.
        var s = staticKey is null ? null : NoiseKeyPair.FromPrivateKey(Convert.FromHexString(staticKey));

        // The snow vectors list a responder ephemeral key even for one-way patterns, where the
        // responder never has one; HandshakeState refuses keys the pattern does not use.
        var usesEphemeral = initiator || !protocol.IsOneWay;
        var e = ephemeralKey is null || !usesEphemeral ? null : NoiseKeyPair.FromPrivateKey(Convert.FromHexString(ephemeralKey));
        return HandshakeState.Initialize(
            protocol,
            initiator,
            Convert.FromHexString(prologue),
            s,
            e,
            remoteStatic is null ? default : Convert.FromHexString(remoteStatic),
            default,
            psks?.Select(Convert.FromHexString).ToList());
    }
}
