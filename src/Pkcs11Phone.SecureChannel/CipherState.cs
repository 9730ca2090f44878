using System.Security.Cryptography;
using Pkcs11Phone.SecureChannel.Primitives;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// A Noise CipherState (rev. 34, section 5.1): a key and a 64-bit nonce counter. Each
/// successful encryption or decryption uses the current nonce and increments it; nonce
/// 2^64-1 is reserved and never used, so once the counter reaches it every further call throws
/// <see cref="NoiseException"/>. Not thread-safe. Dispose to wipe the key.
/// </summary>
public sealed class CipherState : IDisposable
{
    /// <summary>The largest Noise message, in bytes.</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>The AEAD tag length, in bytes.</summary>
    public const int TagLength = NoiseAead.TagLength;

    /// <summary>The reserved nonce that is never used to encrypt or decrypt.</summary>
    public const ulong MaxNonce = ulong.MaxValue;

    private readonly bool _forceBouncyCastle;
    private byte[]? _key;
    private NoiseAead? _aead;
    private bool _disposed;

    /// <summary>Creates a CipherState with no key (encryption is then the identity).</summary>
    internal CipherState(NoiseCipher cipher, bool forceBouncyCastle = false)
    {
        Cipher = cipher;
        _forceBouncyCastle = forceBouncyCastle;
    }

    /// <summary>Creates a CipherState with a 32-byte key and nonce 0.</summary>
    /// <param name="cipher">The cipher function.</param>
    /// <param name="key">The 32-byte key.</param>
    public CipherState(NoiseCipher cipher, ReadOnlySpan<byte> key)
        : this(cipher, key, forceBouncyCastle: false)
    {
    }

    internal CipherState(NoiseCipher cipher, ReadOnlySpan<byte> key, bool forceBouncyCastle)
        : this(cipher, forceBouncyCastle)
    {
        InitializeKey(key);
    }

    /// <summary>The cipher function.</summary>
    public NoiseCipher Cipher { get; }

    /// <summary>True once a key is set.</summary>
    public bool HasKey => _key is not null;

    /// <summary>The nonce the next operation will use.</summary>
    public ulong Nonce { get; private set; }

    /// <summary>InitializeKey(key): sets the key and resets the nonce to 0.</summary>
    internal void InitializeKey(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        if (key.Length != NoiseAead.KeyLength)
        {
            throw new ArgumentException($"A Noise cipher key is {NoiseAead.KeyLength} bytes.", nameof(key));
        }

        ReplaceKey(key.ToArray());
        Nonce = 0;
    }

    /// <summary>Test hook: sets the nonce counter (e.g. near 2^64-1 to test exhaustion).</summary>
    internal void SetNonceForTesting(ulong nonce) => Nonce = nonce;

    /// <summary>
    /// EncryptWithAd(ad, plaintext): with a key, returns ciphertext and tag and increments the
    /// nonce; without one, returns a copy of the plaintext.
    /// </summary>
    /// <exception cref="ArgumentException">The result would exceed 65535 bytes.</exception>
    /// <exception cref="NoiseException">The nonce is exhausted.</exception>
    public byte[] EncryptWithAd(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext)
    {
        ThrowIfDisposed();
        if (_aead is null)
        {
            if (plaintext.Length > MaxMessageLength)
            {
                throw new ArgumentException($"A Noise message is at most {MaxMessageLength} bytes.", nameof(plaintext));
            }

            return plaintext.ToArray();
        }

        if (plaintext.Length > MaxMessageLength - TagLength)
        {
            throw new ArgumentException($"A Noise message is at most {MaxMessageLength} bytes, so at most {MaxMessageLength - TagLength} bytes of plaintext.", nameof(plaintext));
        }

        ThrowIfNonceExhausted();
        var output = new byte[plaintext.Length + TagLength];
        _aead.Encrypt(Nonce, ad, plaintext, output);
        Nonce++;
        return output;
    }

    /// <summary>
    /// DecryptWithAd(ad, ciphertext): with a key, authenticates and decrypts and increments the
    /// nonce; without one, returns a copy of the input. On failure the nonce is unchanged.
    /// </summary>
    /// <exception cref="NoiseException">The tag does not verify, the input is malformed, or the nonce is exhausted.</exception>
    public byte[] DecryptWithAd(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext)
    {
        ThrowIfDisposed();
        if (ciphertext.Length > MaxMessageLength)
        {
            throw new NoiseException($"A Noise message is at most {MaxMessageLength} bytes.");
        }

        if (_aead is null)
        {
            return ciphertext.ToArray();
        }

        if (ciphertext.Length < TagLength)
        {
            throw new NoiseException("The ciphertext is shorter than the authentication tag.");
        }

        ThrowIfNonceExhausted();
        var output = new byte[ciphertext.Length - TagLength];
        if (!_aead.TryDecrypt(Nonce, ad, ciphertext, output))
        {
            throw new NoiseException("Decryption failed: the message is not authentic.");
        }

        Nonce++;
        return output;
    }

    /// <summary>
    /// Rekey(): replaces the key with the first 32 bytes of ENCRYPT(k, 2^64-1, empty, 32 zero
    /// bytes) (rev. 34, sections 4.2 and 11.3). The nonce is not changed.
    /// </summary>
    public void Rekey()
    {
        ThrowIfDisposed();
        if (_aead is null)
        {
            throw new InvalidOperationException("The CipherState has no key.");
        }

        Span<byte> zeros = stackalloc byte[NoiseAead.KeyLength];
        zeros.Clear();
        var output = new byte[NoiseAead.KeyLength + TagLength];
        _aead.Encrypt(MaxNonce, default, zeros, output);
        var newKey = output[..NoiseAead.KeyLength];
        CryptographicOperations.ZeroMemory(output);
        ReplaceKey(newKey);
    }

    /// <summary>Wipes the key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _aead?.Dispose();
        _aead = null;
        if (_key is not null)
        {
            CryptographicOperations.ZeroMemory(_key);
            _key = null;
        }
    }

    private void ReplaceKey(byte[] newKey)
    {
        _aead?.Dispose();
        if (_key is not null)
        {
            CryptographicOperations.ZeroMemory(_key);
        }

        _key = newKey;
        _aead = NoiseAead.Create(Cipher, newKey, _forceBouncyCastle);
    }

    private void ThrowIfNonceExhausted()
    {
        if (Nonce == MaxNonce)
        {
            throw new NoiseException("The nonce counter is exhausted; the channel must be re-established.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
