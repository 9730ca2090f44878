using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Pkcs11Phone.SecureChannel.Primitives;

/// <summary>
/// A Noise hash function with its HMAC and the Noise HKDF (rev. 34, section 4.3), built on
/// BouncyCastle digests.
/// </summary>
internal sealed class NoiseHashFunction
{
    private NoiseHashFunction(NoiseHash hash, int hashLength)
    {
        Hash = hash;
        HashLength = hashLength;
    }

    public NoiseHash Hash { get; }

    /// <summary>HASHLEN: 32 or 64.</summary>
    public int HashLength { get; }

    public static NoiseHashFunction Create(NoiseHash hash) => hash switch
    {
        NoiseHash.Sha256 or NoiseHash.Blake2s => new NoiseHashFunction(hash, 32),
        NoiseHash.Sha512 or NoiseHash.Blake2b => new NoiseHashFunction(hash, 64),
        _ => throw new ArgumentOutOfRangeException(nameof(hash)),
    };

    /// <summary>HASH(a || b).</summary>
    public byte[] Digest(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default)
    {
        var digest = CreateDigest();
        digest.BlockUpdate(a);
        digest.BlockUpdate(b);
        var output = new byte[HashLength];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>HMAC-HASH(key, a || b) into <paramref name="output"/> (HASHLEN bytes).</summary>
    public void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        var hmac = new HMac(CreateDigest());
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(a);
        hmac.BlockUpdate(b);
        hmac.DoFinal(output);
    }

    /// <summary>
    /// HKDF(chaining_key, input_key_material, num_outputs) as Noise defines it: two or three
    /// outputs of HASHLEN bytes each.
    /// </summary>
    public byte[][] Hkdf(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> inputKeyMaterial, int outputs)
    {
        if (outputs is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(outputs));
        }

        var tempKey = new byte[HashLength];
        try
        {
            Hmac(chainingKey, inputKeyMaterial, default, tempKey);
            var result = new byte[outputs][];
            ReadOnlySpan<byte> previous = default;
            for (var i = 0; i < outputs; i++)
            {
                result[i] = new byte[HashLength];
                ReadOnlySpan<byte> counter = [(byte)(i + 1)];
                Hmac(tempKey, previous, counter, result[i]);
                previous = result[i];
            }

            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tempKey);
        }
    }

    private IDigest CreateDigest() => Hash switch
    {
        NoiseHash.Sha256 => new Sha256Digest(),
        NoiseHash.Sha512 => new Sha512Digest(),
        NoiseHash.Blake2s => new Blake2sDigest(256),
        NoiseHash.Blake2b => new Blake2bDigest(512),
        _ => throw new InvalidOperationException(),
    };
}
