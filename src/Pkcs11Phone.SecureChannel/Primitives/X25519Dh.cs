using Org.BouncyCastle.Crypto.Parameters;

namespace Pkcs11Phone.SecureChannel.Primitives;

/// <summary>The Noise "25519" DH function (rev. 34, section 12.1) on BouncyCastle's X25519.</summary>
internal static class X25519Dh
{
    /// <summary>DHLEN.</summary>
    public const int Length = 32;

    /// <summary>
    /// DH(private, public). An all-zero result (a low-order public key) is refused with a
    /// <see cref="NoiseException"/>, as the specification permits.
    /// </summary>
    public static byte[] Agree(NoiseKeyPair local, ReadOnlySpan<byte> remotePublicKey)
    {
        if (remotePublicKey.Length != Length)
        {
            throw new NoiseException($"An X25519 public key is {Length} bytes.");
        }

        var privateKey = local.PrivateParameters;
        var output = new byte[Length];
        try
        {
            privateKey.GenerateSecret(new X25519PublicKeyParameters(remotePublicKey), output, 0);
        }
        catch (InvalidOperationException ex)
        {
            throw new NoiseException("X25519 agreement failed: the remote public key is invalid.", ex);
        }

        return output;
    }
}
