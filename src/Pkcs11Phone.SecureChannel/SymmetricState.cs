using System.Security.Cryptography;
using System.Text;
using Pkcs11Phone.SecureChannel.Primitives;

namespace Pkcs11Phone.SecureChannel;

/// <summary>The Noise SymmetricState (rev. 34, section 5.2): ck, h and a CipherState.</summary>
internal sealed class SymmetricState : IDisposable
{
    private readonly NoiseHashFunction _hash;
    private readonly NoiseCipher _cipher;
    private readonly CipherState _cipherState;
    private byte[] _ck;
    private byte[] _h;

    /// <summary>InitializeSymmetric(protocol_name).</summary>
    public SymmetricState(NoiseProtocolName protocol)
    {
        _hash = NoiseHashFunction.Create(protocol.Hash);
        _cipher = protocol.Cipher;
        _cipherState = new CipherState(protocol.Cipher);

        var name = Encoding.ASCII.GetBytes(protocol.Name);
        if (name.Length <= _hash.HashLength)
        {
            _h = new byte[_hash.HashLength];
            name.CopyTo(_h, 0);
        }
        else
        {
            _h = _hash.Digest(name);
        }

        _ck = (byte[])_h.Clone();
    }

    public bool HasKey => _cipherState.HasKey;

    public int HashLength => _hash.HashLength;

    /// <summary>GetHandshakeHash(): a copy of h.</summary>
    public byte[] HandshakeHash => (byte[])_h.Clone();

    /// <summary>MixKey(input_key_material).</summary>
    public void MixKey(ReadOnlySpan<byte> inputKeyMaterial)
    {
        var outputs = _hash.Hkdf(_ck, inputKeyMaterial, 2);
        ReplaceChainingKey(outputs[0]);
        InitializeTruncatedKey(outputs[1]);
    }

    /// <summary>MixHash(data).</summary>
    public void MixHash(ReadOnlySpan<byte> data) => _h = _hash.Digest(_h, data);

    /// <summary>MixKeyAndHash(input_key_material), used for psk tokens.</summary>
    public void MixKeyAndHash(ReadOnlySpan<byte> inputKeyMaterial)
    {
        var outputs = _hash.Hkdf(_ck, inputKeyMaterial, 3);
        ReplaceChainingKey(outputs[0]);
        MixHash(outputs[1]);
        InitializeTruncatedKey(outputs[2]);
    }

    /// <summary>EncryptAndHash(plaintext).</summary>
    public byte[] EncryptAndHash(ReadOnlySpan<byte> plaintext)
    {
        var ciphertext = _cipherState.EncryptWithAd(_h, plaintext);
        MixHash(ciphertext);
        return ciphertext;
    }

    /// <summary>DecryptAndHash(ciphertext).</summary>
    public byte[] DecryptAndHash(ReadOnlySpan<byte> ciphertext)
    {
        var plaintext = _cipherState.DecryptWithAd(_h, ciphertext);
        MixHash(ciphertext);
        return plaintext;
    }

    /// <summary>Split(): the initiator-to-responder and responder-to-initiator CipherStates.</summary>
    public (CipherState InitiatorToResponder, CipherState ResponderToInitiator) Split()
    {
        var outputs = _hash.Hkdf(_ck, default, 2);
        try
        {
            var c1 = new CipherState(_cipher, outputs[0].AsSpan(0, 32));
            var c2 = new CipherState(_cipher, outputs[1].AsSpan(0, 32));
            return (c1, c2);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(outputs[0]);
            CryptographicOperations.ZeroMemory(outputs[1]);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_ck);
        _cipherState.Dispose();
    }

    private void ReplaceChainingKey(byte[] ck)
    {
        CryptographicOperations.ZeroMemory(_ck);
        _ck = ck;
    }

    /// <summary>Keys the CipherState with the first 32 bytes (truncation when HASHLEN is 64).</summary>
    private void InitializeTruncatedKey(byte[] tempKey)
    {
        _cipherState.InitializeKey(tempKey.AsSpan(0, 32));
        CryptographicOperations.ZeroMemory(tempKey);
    }
}
