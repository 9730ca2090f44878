using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Pkcs11Phone.Device.Software;

/// <summary>
/// The token's key hierarchy. A random 256-bit master key encrypts (AES-256-GCM) the secret part of every private key.
/// The master key is stored only wrapped (AES-256-GCM) under a key derived from a PIN with Argon2id, once for the SO
/// and once for the user, each with its own random salt. A PIN is checked by unwrapping: the GCM tag says whether it is right.
/// </summary>
internal static class Vault
{
    public const int KeySize = 32, NonceSize = 12, TagSize = 16, SaltSize = 16;

    public static byte[] NewMasterKey() => RandomNumberGenerator.GetBytes(KeySize);

    public static WrappedKeyRecord Wrap(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> pin, string role, ulong epoch, KdfCost cost)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var kek = Derive(pin, salt, cost.MemoryKiB, cost.Iterations, cost.Parallelism);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceSize);
            var ct = new byte[KeySize + TagSize];
            using var gcm = new AesGcm(kek, TagSize);
            gcm.Encrypt(nonce, masterKey, ct.AsSpan(0, KeySize), ct.AsSpan(KeySize), WrapAad(role, epoch));
            return new WrappedKeyRecord
            {
                MemoryKiB = cost.MemoryKiB, Iterations = cost.Iterations, Parallelism = cost.Parallelism,
                Salt = salt, Nonce = nonce, Ciphertext = ct,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>The master key, or null when the PIN is wrong.</summary>
    public static byte[]? Unwrap(WrappedKeyRecord w, ReadOnlySpan<byte> pin, string role, ulong epoch)
    {
        var kek = Derive(pin, w.Salt, w.MemoryKiB, w.Iterations, w.Parallelism);
        var key = new byte[KeySize];
        try
        {
            using var gcm = new AesGcm(kek, TagSize);
            gcm.Decrypt(w.Nonce, w.Ciphertext.AsSpan(0, KeySize), w.Ciphertext.AsSpan(KeySize), key, WrapAad(role, epoch));
            return key;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(key);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Encrypts under the master key: nonce ‖ ciphertext ‖ tag.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceSize));
        using var gcm = new AesGcm(masterKey, TagSize);
        gcm.Encrypt(sealedBytes.AsSpan(0, NonceSize), plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length),
            sealedBytes.AsSpan(NonceSize + plaintext.Length), aad);
        return sealedBytes;
    }

    /// <summary>Decrypts what <see cref="Seal"/> made, or returns null when it was not made with this key and data.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> aad)
    {
        if (sealedBytes.Length < NonceSize + TagSize) return null;
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var gcm = new AesGcm(masterKey, TagSize);
            gcm.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, plain.Length), sealedBytes[^TagSize..], plain, aad);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>The associated data of an object's secret: binds it to the token initialization and the object handle.</summary>
    public static byte[] SecretAad(ulong epoch, ulong handle)
    {
        var aad = new byte[16 + 16];
        Encoding.ASCII.GetBytes("p11phone secret:", aad);
        BinaryPrimitives.WriteUInt64LittleEndian(aad.AsSpan(16), epoch);
        BinaryPrimitives.WriteUInt64LittleEndian(aad.AsSpan(24), handle);
        return aad;
    }

    private static byte[] WrapAad(string role, ulong epoch)
    {
        var text = Encoding.ASCII.GetBytes("p11phone master key/" + role + "/");
        var aad = new byte[text.Length + 8];
        text.CopyTo(aad, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(aad.AsSpan(text.Length), epoch);
        return aad;
    }

    private static byte[] Derive(ReadOnlySpan<byte> pin, byte[] salt, int memoryKiB, int iterations, int parallelism)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithSalt(salt)
            .WithMemoryAsKB(memoryKiB)
            .WithIterations(iterations)
            .WithParallelism(parallelism)
            .Build();
        var password = pin.ToArray();
        var key = new byte[KeySize];
        try
        {
            var generator = new Argon2BytesGenerator();
            generator.Init(parameters);
            generator.GenerateBytes(password, key);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            parameters.Clear();
        }
    }
}
