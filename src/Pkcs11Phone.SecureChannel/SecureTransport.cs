namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// The transport phase of a completed Noise handshake: one CipherState per direction with
/// implicit nonces (counters), so each frame must be opened exactly once and in order. A
/// replayed, dropped, reordered or modified frame fails to decrypt and throws
/// <see cref="NoiseException"/>; after any failure the transport refuses everything and the link
/// must be closed. Framing (where a frame starts and ends) is the caller's business.
/// <see cref="Seal"/> and <see cref="Open"/> may be called from different threads (one sender and
/// one receiver at a time). Dispose to wipe the keys.
/// </summary>
public sealed class SecureTransport : IDisposable
{
    /// <summary>The largest frame, in bytes (the Noise message limit).</summary>
    public const int MaxFrameLength = CipherState.MaxMessageLength;

    /// <summary>The largest plaintext one frame can carry.</summary>
    public const int MaxPlaintextLength = MaxFrameLength - CipherState.TagLength;

    /// <summary>The per-frame overhead (the authentication tag), in bytes.</summary>
    public const int Overhead = CipherState.TagLength;

    private readonly CipherState? _send;
    private readonly CipherState? _receive;
    private readonly Lock _sendLock = new();
    private readonly Lock _receiveLock = new();
    private readonly byte[]? _handshakeHash;
    private readonly byte[]? _remoteStatic;
    private volatile bool _faulted;
    private volatile bool _disposed;

    /// <summary>
    /// Wraps two CipherStates, already oriented for this party (as <see cref="HandshakeState.Split"/>
    /// returns them). Either may be null for a one-way channel. The transport takes ownership.
    /// </summary>
    public SecureTransport(CipherState? send, CipherState? receive)
        : this(send, receive, null, null)
    {
    }

    private SecureTransport(CipherState? send, CipherState? receive, byte[]? handshakeHash, byte[]? remoteStatic)
    {
        if (send is null && receive is null)
        {
            throw new ArgumentException("A transport needs at least one direction.");
        }

        if ((send is not null && !send.HasKey) || (receive is not null && !receive.HasKey))
        {
            throw new ArgumentException("Transport CipherStates must be keyed.");
        }

        _send = send;
        _receive = receive;
        _handshakeHash = handshakeHash;
        _remoteStatic = remoteStatic;
    }

    /// <summary>
    /// Splits a completed handshake into a transport. For one-way patterns (N, K, X) the
    /// initiator can only <see cref="Seal"/> and the responder can only <see cref="Open"/>.
    /// </summary>
    public static SecureTransport FromHandshake(HandshakeState handshake)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        var hash = handshake.HandshakeHash;
        var remoteStatic = handshake.RemoteStaticPublicKey;
        var (send, receive) = handshake.Split();
        if (handshake.Protocol.IsOneWay)
        {
            if (handshake.IsInitiator)
            {
                receive.Dispose();
                return new SecureTransport(send, null, hash, remoteStatic);
            }

            send.Dispose();
            return new SecureTransport(null, receive, hash, remoteStatic);
        }

        return new SecureTransport(send, receive, hash, remoteStatic);
    }

    /// <summary>True after a failure: every later call throws <see cref="NoiseException"/>.</summary>
    public bool IsFaulted => _faulted;

    /// <summary>The handshake hash of the session (a copy), when built from a handshake.</summary>
    public byte[]? HandshakeHash => (byte[]?)_handshakeHash?.Clone();

    /// <summary>The peer's static public key (a copy), when built from a handshake that has one.</summary>
    public byte[]? RemoteStaticPublicKey => (byte[]?)_remoteStatic?.Clone();

    /// <summary>Frames sealed so far (the next send nonce).</summary>
    public ulong SentCount => _send?.Nonce ?? 0;

    /// <summary>Frames opened so far (the next receive nonce).</summary>
    public ulong ReceivedCount => _receive?.Nonce ?? 0;

    /// <summary>Encrypts one frame of at most <see cref="MaxPlaintextLength"/> bytes of plaintext.</summary>
    /// <exception cref="ArgumentException">The plaintext is too long (the transport stays usable).</exception>
    /// <exception cref="NoiseException">The transport has failed, or the send nonce is exhausted.</exception>
    public byte[] Seal(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new ArgumentException($"A frame carries at most {MaxPlaintextLength} bytes of plaintext.", nameof(plaintext));
        }

        lock (_sendLock)
        {
            ThrowIfUnusable();
            var send = _send ?? throw new InvalidOperationException("This one-way transport cannot send.");
            try
            {
                return send.EncryptWithAd(default, plaintext);
            }
            catch (Exception ex)
            {
                throw Fault(ex);
            }
        }
    }

    /// <summary>Authenticates and decrypts the next frame from the peer.</summary>
    /// <exception cref="NoiseException">
    /// The frame is not the next authentic frame (modified, replayed, reordered, after a dropped
    /// one, truncated or oversize), or the transport had already failed.
    /// </exception>
    public byte[] Open(ReadOnlySpan<byte> frame)
    {
        lock (_receiveLock)
        {
            ThrowIfUnusable();
            var receive = _receive ?? throw new InvalidOperationException("This one-way transport cannot receive.");
            try
            {
                return receive.DecryptWithAd(default, frame);
            }
            catch (Exception ex)
            {
                throw Fault(ex);
            }
        }
    }

    /// <summary>Wipes both keys.</summary>
    public void Dispose()
    {
        _disposed = true;
        lock (_sendLock)
        {
            _send?.Dispose();
        }

        lock (_receiveLock)
        {
            _receive?.Dispose();
        }
    }

    private NoiseException Fault(Exception ex)
    {
        _faulted = true;
        return ex as NoiseException ?? new NoiseException("The secure transport failed: " + ex.Message, ex);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
        {
            throw new NoiseException("The secure transport has failed; the link must be closed.");
        }
    }
}
