using System.Security.Cryptography;
using Pkcs11Phone.SecureChannel.Primitives;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// A Noise HandshakeState (rev. 34, section 5.3) for one party. Call <see cref="WriteMessage"/>
/// and <see cref="ReadMessage"/> in the order the pattern dictates (see
/// <see cref="IsMyTurnToWrite"/>); when <see cref="IsComplete"/> is true, call
/// <see cref="Split"/> (or build a <see cref="SecureTransport"/>) for the transport phase.
/// Any authentication failure or malformed message throws <see cref="NoiseException"/> and makes
/// the object unusable: every later call throws <see cref="NoiseException"/> too. Not
/// thread-safe. Dispose to wipe the keys it holds (keys the caller passed in stay the caller's).
/// </summary>
public sealed class HandshakeState : IDisposable
{
    private const int DhLength = X25519Dh.Length;

    private readonly HandshakePattern _pattern;
    private readonly SymmetricState _symmetric;
    private readonly Queue<byte[]> _psks;
    private readonly NoiseKeyPair? _s;
    private NoiseKeyPair? _e;
    private bool _ownsE;
    private byte[]? _rs;
    private byte[]? _re;
    private int _messageIndex;
    private bool _failed;
    private bool _split;
    private bool _disposed;
    private byte[]? _finalHash;

    private HandshakeState(
        NoiseProtocolName protocol,
        bool initiator,
        ReadOnlySpan<byte> prologue,
        NoiseKeyPair? s,
        NoiseKeyPair? e,
        ReadOnlySpan<byte> rs,
        ReadOnlySpan<byte> re,
        IReadOnlyList<byte[]>? psks)
    {
        Protocol = protocol;
        IsInitiator = initiator;
        _pattern = protocol.Pattern;

        var ownPre = initiator ? _pattern.InitiatorPreMessage : _pattern.ResponderPreMessage;
        var remotePre = initiator ? _pattern.ResponderPreMessage : _pattern.InitiatorPreMessage;
        var ownTokens = _pattern.Messages.Where(m => m.FromInitiator == initiator).SelectMany(m => m.Tokens).ToList();

        var needS = ownPre.Contains(NoiseToken.S) || ownTokens.Contains(NoiseToken.S);
        var usesE = ownPre.Contains(NoiseToken.E) || ownTokens.Contains(NoiseToken.E);
        var needRs = remotePre.Contains(NoiseToken.S);
        var needRe = remotePre.Contains(NoiseToken.E);
        var role = initiator ? "initiator" : "responder";

        if (needS && s is null)
        {
            throw new ArgumentException($"The {role} of {protocol.BasePattern} needs a local static key pair.", nameof(s));
        }

        if (!needS && s is not null)
        {
            throw new ArgumentException($"The {role} of {protocol.BasePattern} has no local static key.", nameof(s));
        }

        if (!usesE && e is not null)
        {
            throw new ArgumentException($"The {role} of {protocol.BasePattern} has no local ephemeral key.", nameof(e));
        }

        if (ownPre.Contains(NoiseToken.E) && e is null)
        {
            throw new ArgumentException($"The {role} of {protocol.BasePattern} needs its ephemeral key pair.", nameof(e));
        }

        CheckRemoteKey(rs, needRs, $"The {role} of {protocol.BasePattern}", "static", nameof(rs));
        CheckRemoteKey(re, needRe, $"The {role} of {protocol.BasePattern}", "ephemeral", nameof(re));

        var pskList = psks ?? [];
        if (pskList.Count != protocol.PskCount)
        {
            throw new ArgumentException($"{protocol.Name} needs {protocol.PskCount} PSK(s), {pskList.Count} given.", nameof(psks));
        }

        if (pskList.Any(p => p is null || p.Length != 32))
        {
            throw new ArgumentException("Each PSK is 32 bytes.", nameof(psks));
        }

        _s = s;
        _e = e;
        _rs = needRs ? rs.ToArray() : null;
        _re = needRe ? re.ToArray() : null;
        _psks = new Queue<byte[]>(pskList.Select(p => (byte[])p.Clone()));

        _symmetric = new SymmetricState(protocol);
        _symmetric.MixHash(prologue);

        // Pre-messages: the initiator's first, then the responder's (section 7.1).
        ProcessPreMessage(_pattern.InitiatorPreMessage, local: initiator);
        ProcessPreMessage(_pattern.ResponderPreMessage, local: !initiator);
    }

    /// <summary>The protocol this handshake runs.</summary>
    public NoiseProtocolName Protocol { get; }

    /// <summary>True for the initiator, false for the responder.</summary>
    public bool IsInitiator { get; }

    /// <summary>True once every handshake message has been written or read.</summary>
    public bool IsComplete => _messageIndex == _pattern.Messages.Count;

    /// <summary>True after a failure; the object is then unusable.</summary>
    public bool IsFailed => _failed;

    /// <summary>True when the next handshake message is this party's to write.</summary>
    public bool IsMyTurnToWrite => !IsComplete && _pattern.Messages[_messageIndex].FromInitiator == IsInitiator;

    /// <summary>
    /// The handshake hash h (a copy). Once the handshake is complete it identifies the session
    /// and may be used for channel binding.
    /// </summary>
    public byte[] HandshakeHash
    {
        get
        {
            ThrowIfUnusable();
            return _finalHash is not null ? (byte[])_finalHash.Clone() : _symmetric.HandshakeHash;
        }
    }

    /// <summary>The remote party's static public key (a copy) when known (pre-message or received); otherwise null.</summary>
    public byte[]? RemoteStaticPublicKey => _rs is null ? null : (byte[])_rs.Clone();

    /// <summary>Creates and initializes a HandshakeState (Initialize() of section 5.3).</summary>
    /// <param name="protocol">The protocol, e.g. <c>Noise_XXpsk3_25519_ChaChaPoly_SHA256</c>.</param>
    /// <param name="initiator">True for the initiator.</param>
    /// <param name="prologue">Data both parties must agree on (may be empty).</param>
    /// <param name="s">The local static key pair, exactly when the pattern uses one.</param>
    /// <param name="e">A fixed local ephemeral key pair; only for tests against vectors, otherwise null (a fresh one is generated).</param>
    /// <param name="rs">The remote static public key, exactly when the pattern has it as a pre-message (e.g. KK, IK, NK); otherwise empty.</param>
    /// <param name="re">The remote ephemeral public key, exactly when a pre-message carries it (not in the supported patterns); otherwise empty.</param>
    /// <param name="psks">One 32-byte PSK per psk modifier, in modifier order.</param>
    /// <exception cref="ArgumentException">The keys or PSKs do not match the pattern.</exception>
    public static HandshakeState Initialize(
        NoiseProtocolName protocol,
        bool initiator,
        ReadOnlySpan<byte> prologue = default,
        NoiseKeyPair? s = null,
        NoiseKeyPair? e = null,
        ReadOnlySpan<byte> rs = default,
        ReadOnlySpan<byte> re = default,
        IReadOnlyList<byte[]>? psks = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return new HandshakeState(protocol, initiator, prologue, s, e, rs, re, psks);
    }

    /// <summary>As <see cref="Initialize(NoiseProtocolName, bool, ReadOnlySpan{byte}, NoiseKeyPair?, NoiseKeyPair?, ReadOnlySpan{byte}, ReadOnlySpan{byte}, IReadOnlyList{byte[]}?)"/>, parsing the protocol name first.</summary>
    public static HandshakeState Initialize(
        string protocolName,
        bool initiator,
        ReadOnlySpan<byte> prologue = default,
        NoiseKeyPair? s = null,
        NoiseKeyPair? e = null,
        ReadOnlySpan<byte> rs = default,
        ReadOnlySpan<byte> re = default,
        IReadOnlyList<byte[]>? psks = null)
        => Initialize(NoiseProtocolName.Parse(protocolName), initiator, prologue, s, e, rs, re, psks);

    /// <summary>
    /// Writes the next handshake message, carrying <paramref name="payload"/> (encrypted once a
    /// key is established).
    /// </summary>
    /// <exception cref="InvalidOperationException">It is not this party's turn, or the handshake is complete.</exception>
    /// <exception cref="ArgumentException">The message would exceed 65535 bytes (the state is unchanged).</exception>
    /// <exception cref="NoiseException">The handshake failed (now or earlier).</exception>
    public byte[] WriteMessage(ReadOnlySpan<byte> payload)
    {
        ThrowIfUnusable();
        if (!IsMyTurnToWrite)
        {
            throw new InvalidOperationException(IsComplete ? "The handshake is complete." : "The next handshake message is the peer's to write.");
        }

        var tokens = _pattern.Messages[_messageIndex].Tokens;
        var length = MessageLength(tokens, payload.Length);
        if (length > CipherState.MaxMessageLength)
        {
            throw new ArgumentException($"The handshake message would be {length} bytes; Noise allows at most {CipherState.MaxMessageLength}.", nameof(payload));
        }

        try
        {
            using var buffer = new MemoryStream(length);
            foreach (var token in tokens)
            {
                switch (token)
                {
                    case NoiseToken.E:
                        if (_e is null)
                        {
                            _e = NoiseKeyPair.Generate();
                            _ownsE = true;
                        }

                        buffer.Write(_e.PublicKeySpan);
                        _symmetric.MixHash(_e.PublicKeySpan);
                        if (_pattern.IsPskMode)
                        {
                            _symmetric.MixKey(_e.PublicKeySpan);
                        }

                        break;
                    case NoiseToken.S:
                        buffer.Write(_symmetric.EncryptAndHash(_s!.PublicKeySpan));
                        break;
                    case NoiseToken.Psk:
                        MixPsk();
                        break;
                    default:
                        MixDh(token);
                        break;
                }
            }

            buffer.Write(_symmetric.EncryptAndHash(payload));
            Advance();
            return buffer.ToArray();
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    /// <summary>Reads the next handshake message from the peer and returns its payload.</summary>
    /// <exception cref="InvalidOperationException">It is not the peer's turn, or the handshake is complete.</exception>
    /// <exception cref="NoiseException">The message is malformed, oversize or not authentic (or the handshake failed earlier).</exception>
    public byte[] ReadMessage(ReadOnlySpan<byte> message)
    {
        ThrowIfUnusable();
        if (IsComplete || IsMyTurnToWrite)
        {
            throw new InvalidOperationException(IsComplete ? "The handshake is complete." : "The next handshake message is this party's to write.");
        }

        try
        {
            if (message.Length > CipherState.MaxMessageLength)
            {
                throw new NoiseException($"The handshake message is {message.Length} bytes; Noise allows at most {CipherState.MaxMessageLength}.");
            }

            var rest = message;
            foreach (var token in _pattern.Messages[_messageIndex].Tokens)
            {
                switch (token)
                {
                    case NoiseToken.E:
                        _re = Take(ref rest, DhLength).ToArray();
                        _symmetric.MixHash(_re);
                        if (_pattern.IsPskMode)
                        {
                            _symmetric.MixKey(_re);
                        }

                        break;
                    case NoiseToken.S:
                        var encryptedStatic = Take(ref rest, _symmetric.HasKey ? DhLength + CipherState.TagLength : DhLength);
                        _rs = _symmetric.DecryptAndHash(encryptedStatic);
                        break;
                    case NoiseToken.Psk:
                        MixPsk();
                        break;
                    default:
                        MixDh(token);
                        break;
                }
            }

            var payload = _symmetric.DecryptAndHash(rest);
            Advance();
            return payload;
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    /// <summary>
    /// Split(): the transport CipherStates, oriented for this party. For one-way patterns only the
    /// initiator's Send and the responder's Receive may be used. Callable once, after completion;
    /// the caller owns (and should dispose) both.
    /// </summary>
    public (CipherState Send, CipherState Receive) Split()
    {
        ThrowIfUnusable();
        if (!IsComplete)
        {
            throw new InvalidOperationException("The handshake is not complete.");
        }

        if (_split)
        {
            throw new InvalidOperationException("Split() was already called.");
        }

        _split = true;
        var (c1, c2) = _symmetric.Split();
        _symmetric.Dispose();
        return IsInitiator ? (c1, c2) : (c2, c1);
    }

    /// <summary>Wipes the chaining key, PSKs and generated ephemeral key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Wipe();
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> rest, int count)
    {
        if (rest.Length < count)
        {
            throw new NoiseException("The handshake message is truncated.");
        }

        var taken = rest[..count];
        rest = rest[count..];
        return taken;
    }

    private static void CheckRemoteKey(ReadOnlySpan<byte> key, bool needed, string who, string kind, string paramName)
    {
        if (needed)
        {
            NoiseKeyPair.ValidatePublicKey(key, paramName);
        }
        else if (!key.IsEmpty)
        {
            throw new ArgumentException($"{who} does not know the remote {kind} key in advance.", paramName);
        }
    }

    private void ProcessPreMessage(IReadOnlyList<NoiseToken> tokens, bool local)
    {
        foreach (var token in tokens)
        {
            byte[] publicKey = token switch
            {
                NoiseToken.S => local ? _s!.PublicKey : _rs!,
                NoiseToken.E => local ? _e!.PublicKey : _re!,
                _ => throw new InvalidOperationException("Only e and s may appear in a pre-message."),
            };
            _symmetric.MixHash(publicKey);
            if (token == NoiseToken.E && _pattern.IsPskMode)
            {
                _symmetric.MixKey(publicKey);
            }
        }
    }

    /// <summary>The length of the message the tokens and a payload of the given length produce.</summary>
    private int MessageLength(IReadOnlyList<NoiseToken> tokens, int payloadLength)
    {
        var hasKey = _symmetric.HasKey;
        var length = 0;
        foreach (var token in tokens)
        {
            switch (token)
            {
                case NoiseToken.E:
                    length += DhLength;
                    hasKey |= _pattern.IsPskMode;
                    break;
                case NoiseToken.S:
                    length += DhLength + (hasKey ? CipherState.TagLength : 0);
                    break;
                default:
                    hasKey = true;
                    break;
            }
        }

        return length + payloadLength + (hasKey ? CipherState.TagLength : 0);
    }

    private void MixPsk()
    {
        var psk = _psks.Dequeue();
        try
        {
            _symmetric.MixKeyAndHash(psk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(psk);
        }
    }

    private void MixDh(NoiseToken token)
    {
        // "es": the initiator's ephemeral with the responder's static; "se" the other way round.
        var (local, remote) = token switch
        {
            NoiseToken.EE => (_e, _re),
            NoiseToken.ES => IsInitiator ? (_e, _rs) : (_s, _re),
            NoiseToken.SE => IsInitiator ? (_s, _re) : (_e, _rs),
            NoiseToken.SS => (_s, _rs),
            _ => throw new InvalidOperationException($"Unexpected token {token}."),
        };

        if (local is null || remote is null)
        {
            throw new InvalidOperationException($"The {token} token needs a key that is missing.");
        }

        var shared = X25519Dh.Agree(local, remote);
        try
        {
            _symmetric.MixKey(shared);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    private void Advance()
    {
        _messageIndex++;
        if (IsComplete)
        {
            _finalHash = _symmetric.HandshakeHash;
            if (_ownsE)
            {
                _e?.Dispose();
            }
        }
    }

    private NoiseException Fail(Exception ex)
    {
        _failed = true;
        Wipe();
        return ex as NoiseException ?? new NoiseException("The handshake failed: " + ex.Message, ex);
    }

    private void Wipe()
    {
        _symmetric.Dispose();
        while (_psks.Count > 0)
        {
            CryptographicOperations.ZeroMemory(_psks.Dequeue());
        }

        if (_ownsE)
        {
            _e?.Dispose();
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed)
        {
            throw new NoiseException("The handshake has failed and cannot be used.");
        }
    }
}
