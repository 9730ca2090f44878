using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Pkcs11Phone.SecureChannel.Primitives;

/// <summary>
/// The AEAD of a Noise cipher function (rev. 34, sections 12.3 and 12.4) keyed with one 32-byte
/// key: ENCRYPT(k, n, ad, plaintext) returns ciphertext followed by the 16-byte tag.
/// System.Security.Cryptography is used where the platform supports the algorithm, BouncyCastle
/// otherwise.
/// </summary>
internal abstract class NoiseAead : IDisposable
{
    public const int KeyLength = 32;
    public const int TagLength = 16;
    public const int NonceLength = 12;

    protected NoiseAead(NoiseCipher cipher)
    {
        Cipher = cipher;
    }

    public NoiseCipher Cipher { get; }

    /// <summary>Creates the AEAD for <paramref name="cipher"/> keyed with <paramref name="key"/>.</summary>
    /// <param name="cipher">The cipher function.</param>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="forceBouncyCastle">Use the BouncyCastle implementation even where the platform has one (tests).</param>
    public static NoiseAead Create(NoiseCipher cipher, ReadOnlySpan<byte> key, bool forceBouncyCastle = false)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A Noise cipher key is {KeyLength} bytes.", nameof(key));
        }

        return cipher switch
        {
            NoiseCipher.ChaChaPoly when !forceBouncyCastle && System.Security.Cryptography.ChaCha20Poly1305.IsSupported => new SystemChaChaPoly(key),
            NoiseCipher.AesGcm when !forceBouncyCastle && AesGcm.IsSupported => new SystemAesGcm(key),
            NoiseCipher.ChaChaPoly or NoiseCipher.AesGcm => new BouncyCastleAead(cipher, key),
            _ => throw new ArgumentOutOfRangeException(nameof(cipher)),
        };
    }

    /// <summary>Encrypts; <paramref name="output"/> is plaintext.Length + 16 bytes.</summary>
    public abstract void Encrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> output);

    /// <summary>Decrypts and authenticates; <paramref name="output"/> is ciphertext.Length - 16 bytes. False if the tag does not verify.</summary>
    public abstract bool TryDecrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> output);

    public abstract void Dispose();

    /// <summary>
    /// The 96-bit nonce: 32 zero bits then the 64-bit counter, little-endian for ChaChaPoly and
    /// big-endian for AESGCM.
    /// </summary>
    protected void FormatNonce(ulong n, Span<byte> nonce)
    {
        nonce[..4].Clear();
        if (Cipher == NoiseCipher.ChaChaPoly)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], n);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], n);
        }
    }

    private sealed class SystemChaChaPoly(ReadOnlySpan<byte> key) : NoiseAead(NoiseCipher.ChaChaPoly)
    {
        private readonly System.Security.Cryptography.ChaCha20Poly1305 _aead = new(key);

        public override void Encrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> output)
        {
            Span<byte> n = stackalloc byte[NonceLength];
            FormatNonce(nonce, n);
            _aead.Encrypt(n, plaintext, output[..plaintext.Length], output.Slice(plaintext.Length, TagLength), ad);
        }

        public override bool TryDecrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> output)
        {
            Span<byte> n = stackalloc byte[NonceLength];
            FormatNonce(nonce, n);
            var bodyLength = ciphertext.Length - TagLength;
            try
            {
                _aead.Decrypt(n, ciphertext[..bodyLength], ciphertext[bodyLength..], output[..bodyLength], ad);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        public override void Dispose() => _aead.Dispose();
    }

    private sealed class SystemAesGcm(ReadOnlySpan<byte> key) : NoiseAead(NoiseCipher.AesGcm)
    {
        private readonly AesGcm _aead = new(key, TagLength);

        public override void Encrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> output)
        {
            Span<byte> n = stackalloc byte[NonceLength];
            FormatNonce(nonce, n);
            _aead.Encrypt(n, plaintext, output[..plaintext.Length], output.Slice(plaintext.Length, TagLength), ad);
        }

        public override bool TryDecrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> output)
        {
            Span<byte> n = stackalloc byte[NonceLength];
            FormatNonce(nonce, n);
            var bodyLength = ciphertext.Length - TagLength;
            try
            {
                _aead.Decrypt(n, ciphertext[..bodyLength], ciphertext[bodyLength..], output[..bodyLength], ad);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        public override void Dispose() => _aead.Dispose();
    }

    /// <summary>BouncyCastle's ChaCha20-Poly1305 and AES-GCM (a fresh cipher object per call).</summary>
    private sealed class BouncyCastleAead : NoiseAead
    {
        private readonly byte[] _key;

        public BouncyCastleAead(NoiseCipher cipher, ReadOnlySpan<byte> key) : base(cipher)
        {
            _key = key.ToArray();
        }

        public override void Encrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> output)
        {
            var aead = Init(forEncryption: true, nonce, ad);
            var written = aead.ProcessBytes(plaintext, output);
            written += aead.DoFinal(output[written..]);
            if (written != plaintext.Length + TagLength)
            {
                throw new CryptographicException("Unexpected AEAD output length.");
            }
        }

        public override bool TryDecrypt(ulong nonce, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> output)
        {
            var aead = Init(forEncryption: false, nonce, ad);

            // Decrypt into a scratch buffer so nothing unauthenticated reaches the caller's memory.
            var scratch = new byte[ciphertext.Length];
            try
            {
                var written = aead.ProcessBytes(ciphertext, scratch);
                written += aead.DoFinal(scratch.AsSpan(written));
                scratch.AsSpan(0, written).CopyTo(output);
                return true;
            }
            catch (InvalidCipherTextException)
            {
                return false;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(scratch);
            }
        }

        public override void Dispose() => CryptographicOperations.ZeroMemory(_key);

        private IAeadCipher Init(bool forEncryption, ulong n, ReadOnlySpan<byte> ad)
        {
            var nonce = new byte[NonceLength];
            FormatNonce(n, nonce);
            IAeadCipher aead = Cipher == NoiseCipher.ChaChaPoly
                ? new Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305()
                : new GcmBlockCipher(AesUtilities.CreateEngine());
            aead.Init(forEncryption, new AeadParameters(new KeyParameter(_key), TagLength * 8, nonce, ad.ToArray()));
            return aead;
        }
    }
}
