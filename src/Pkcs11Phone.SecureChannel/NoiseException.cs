namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// A failure of the secure channel that the peer (or the link) caused: an authentication tag
/// that does not verify, a malformed or oversize message, an invalid public key, an exhausted
/// nonce, or use of a handshake or transport that has already failed. The object that threw is
/// unusable afterwards and the link must be closed.
/// </summary>
public sealed class NoiseException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public NoiseException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public NoiseException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
