using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// An X25519 key pair for Noise (a static identity key or an ephemeral key). Raw keys are
/// 32 bytes, in the encoding of RFC 7748. Dispose to wipe the private key from this object.
/// </summary>
public sealed class NoiseKeyPair : IDisposable
{
    /// <summary>Length of a raw private or public key, in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;
    private X25519PrivateKeyParameters? _parameters;

    private NoiseKeyPair(X25519PrivateKeyParameters parameters)
    {
        _parameters = parameters;
        _privateKey = parameters.GetEncoded();
        _publicKey = parameters.GeneratePublicKey().GetEncoded();
    }

    /// <summary>Generates a fresh key pair from a cryptographically secure random source.</summary>
    public static NoiseKeyPair Generate() => new(new X25519PrivateKeyParameters(new SecureRandom()));

    /// <summary>Imports a raw 32-byte private key; the public key is derived from it.</summary>
    public static NoiseKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"An X25519 private key is {KeyLength} bytes.", nameof(privateKey));
        }

        return new NoiseKeyPair(new X25519PrivateKeyParameters(privateKey));
    }

    /// <summary>The raw 32-byte public key (a copy).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>The public key without copying.</summary>
    internal ReadOnlySpan<byte> PublicKeySpan => _publicKey;

    internal X25519PrivateKeyParameters PrivateParameters =>
        _parameters ?? throw new ObjectDisposedException(nameof(NoiseKeyPair));

    /// <summary>Exports the raw 32-byte private key (a copy the caller must protect and wipe).</summary>
    public byte[] ExportPrivateKey()
    {
        ObjectDisposedException.ThrowIf(_parameters is null, this);
        return (byte[])_privateKey.Clone();
    }

    /// <summary>
    /// Checks that a raw public key has the right length. (X25519 accepts any 32 bytes; keys of
    /// low order are caught when they are used.)
    /// </summary>
    public static void ValidatePublicKey(ReadOnlySpan<byte> publicKey, string paramName)
    {
        if (publicKey.Length != KeyLength)
        {
            throw new ArgumentException($"An X25519 public key is {KeyLength} bytes.", paramName);
        }
    }

    /// <summary>Wipes the private key held by this object.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        _parameters = null;
    }
}
