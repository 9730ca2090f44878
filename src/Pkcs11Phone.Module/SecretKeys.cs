using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Secret keys kept on the computer as session objects (unwrapped by the phone, or created by the application),
/// and the AES mechanisms done with them here (BouncyCastle; hardware AES where the processor has it).
/// </summary>
internal static unsafe class SecretKeys
{
    /// <summary>The cipher of each AES operation under way (CryptoOperation has no place for it; dropped with the operation).</summary>
    private static readonly ConditionalWeakTable<CryptoOperation, AesCipher> Ciphers = new();

    public static void Attach(CryptoOperation op, AesCipher cipher) => Ciphers.AddOrUpdate(op, cipher);

    public static AesCipher? CipherOf(CryptoOperation op) => Ciphers.TryGetValue(op, out var c) ? c : null;

    /// <summary>The value of a local AES key (CKA_VALUE of 16, 24 or 32 bytes).</summary>
    public static byte[] AesKey(IReadOnlyList<P11Attribute> key)
    {
        var value = Templates.Find(key, CKA.VALUE)?.Value ?? throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "secret key without a value");
        return value.Length is 16 or 24 or 32 ? value : throw new CkException(CKR.KEY_SIZE_RANGE);
    }

    /// <summary>Makes the cipher for an AES mechanism and its parameter; CKR_MECHANISM_PARAM_INVALID for a bad parameter.</summary>
    public static AesCipher NewCipher(CK_MECHANISM* m, byte[] key, bool encrypt)
    {
        nuint mechanism = m->mechanism;
        var keyParameter = new KeyParameter(key);
        if (mechanism == CKM.AES_ECB)
        {
            if (m->ulParameterLen != 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            var ecb = new BufferedBlockCipher(new EcbBlockCipher(AesUtilities.CreateEngine()));
            ecb.Init(encrypt, keyParameter);
            return new AesCipher(mechanism, encrypt, ecb, null, 0);
        }
        if (mechanism == CKM.AES_CBC || mechanism == CKM.AES_CBC_PAD)
        {
            if (m->pParameter is null || m->ulParameterLen != 16) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            var iv = new ReadOnlySpan<byte>(m->pParameter, 16).ToArray();
            var mode = new CbcBlockCipher(AesUtilities.CreateEngine());
            BufferedBlockCipher cbc = mechanism == CKM.AES_CBC_PAD
                ? new PaddedBufferedBlockCipher(mode, new Pkcs7Padding())
                : new BufferedBlockCipher(mode);
            cbc.Init(encrypt, new ParametersWithIV(keyParameter, iv));
            return new AesCipher(mechanism, encrypt, cbc, null, 0);
        }
        if (mechanism == CKM.AES_GCM)
        {
            var (iv, aad, tagBits) = GcmParameters(m);
            var gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
            try
            {
                gcm.Init(encrypt, new AeadParameters(keyParameter, tagBits, iv, aad));
            }
            catch (ArgumentException)
            {
                throw new CkException(CKR.MECHANISM_PARAM_INVALID);
            }
            return new AesCipher(mechanism, encrypt, null, gcm, tagBits / 8);
        }
        throw new CkException(CKR.MECHANISM_INVALID);
    }

    /// <summary>
    /// CK_GCM_PARAMS: the v3.0 layout (with ulIvBits, 48 bytes), or the original v2.40 one (without it, 40 bytes),
    /// which some applications still pass. IV of 1 to 256 bytes, tag of 32 to 128 bits in whole bytes.
    /// </summary>
    private static (byte[] Iv, byte[] Aad, int TagBits) GcmParameters(CK_MECHANISM* m)
    {
        byte* iv, aad;
        nuint ivLen, aadLen, tagBits;
        if (m->pParameter is null) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        if (m->ulParameterLen == (nuint)sizeof(CK_GCM_PARAMS))
        {
            var p = (CK_GCM_PARAMS*)m->pParameter;
            iv = p->pIv;
            ivLen = p->ulIvLen;
            aad = p->pAAD;
            aadLen = p->ulAADLen;
            tagBits = p->ulTagBits;
        }
        else if (m->ulParameterLen == 5 * (nuint)sizeof(nuint))
        {
            // { CK_BYTE_PTR pIv; CK_ULONG ulIvLen; CK_BYTE_PTR pAAD; CK_ULONG ulAADLen; CK_ULONG ulTagBits; }
            var f = (nuint*)m->pParameter;
            iv = (byte*)f[0];
            ivLen = f[1];
            aad = (byte*)f[2];
            aadLen = f[3];
            tagBits = f[4];
        }
        else throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        if (ivLen is 0 or > 256 || iv is null) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        if (aadLen > P11Binary.MaxBlob || (aad is null && aadLen > 0)) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        if (tagBits is < 32 or > 128 || tagBits % 8 != 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        return (new ReadOnlySpan<byte>(iv, (int)ivLen).ToArray(),
            aadLen == 0 ? [] : new ReadOnlySpan<byte>(aad, (int)aadLen).ToArray(), (int)tagBits);
    }

    // ---- Unwrapped keys ----

    /// <summary>
    /// Checks a C_UnwrapKey template for a secret key kept on the computer, before the phone is asked: the class
    /// (CKO_SECRET_KEY), the key type (CKK_AES or CKK_GENERIC_SECRET), no token object, no value of its own.
    /// </summary>
    public static void CheckUnwrapTemplate(IReadOnlyList<P11Attribute> template)
    {
        var cls = Templates.ULong(template, CKA.CLASS);
        if (cls is { } c && c != CKO.SECRET_KEY) throw new CkException(CKR.TEMPLATE_INCONSISTENT, "only secret keys are unwrapped");
        var type = Templates.ULong(template, CKA.KEY_TYPE) ?? throw new CkException(CKR.TEMPLATE_INCOMPLETE, "CKA_KEY_TYPE");
        if (type != CKK.AES && type != CKK.GENERIC_SECRET) throw new CkException(CKR.TEMPLATE_INCONSISTENT, "key type");
        if (Templates.Bool(template, CKA.TOKEN) == true) throw new CkException(CKR.TEMPLATE_INCONSISTENT, "token secret keys are not offered");
        if (Templates.Find(template, CKA.VALUE) is not null) throw new CkException(CKR.TEMPLATE_INCONSISTENT, "CKA_VALUE comes from the wrapped key");
        foreach (var readOnly in (ReadOnlySpan<nuint>)[CKA.LOCAL, CKA.ALWAYS_SENSITIVE, CKA.NEVER_EXTRACTABLE, CKA.KEY_GEN_MECHANISM, CKA.CHECK_VALUE])
            if (Templates.Find(template, readOnly) is not null) throw new CkException(CKR.ATTRIBUTE_READ_ONLY, CkNames.Attribute(readOnly));
        if (Templates.Find(template, CKA.VALUE_LEN) is { } len)
        {
            var n = len.AsULong;
            if (type == CKK.AES && n is not (16 or 24 or 32)) throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_VALUE_LEN");
            if (n is 0 or > P11Binary.MaxAttributeValue) throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_VALUE_LEN");
        }
    }

    /// <summary>The attributes of the session secret key made from an unwrapped value and the (checked) template.</summary>
    public static List<P11Attribute> UnwrappedKey(IReadOnlyList<P11Attribute> template, byte[] value)
    {
        var type = Templates.ULong(template, CKA.KEY_TYPE)!.Value;
        if (type == CKK.AES && value.Length is not (16 or 24 or 32)) throw new CkException(CKR.WRAPPED_KEY_INVALID, "not an AES key length");
        if (value.Length == 0) throw new CkException(CKR.WRAPPED_KEY_INVALID, "empty key");
        if (Templates.ULong(template, CKA.VALUE_LEN) is { } len && len != (ulong)value.Length)
            throw new CkException(CKR.TEMPLATE_INCONSISTENT, "CKA_VALUE_LEN differs from the unwrapped key");
        var attributes = template.Where(a => a.Type != (ulong)CKA.VALUE_LEN).ToList();
        void Default(nuint t, bool v) { if (Templates.Find(attributes, t) is null) attributes.Add(P11Attribute.Of(t, v)); }
        if (Templates.Find(attributes, CKA.CLASS) is null) attributes.Add(P11Attribute.Of(CKA.CLASS, (ulong)CKO.SECRET_KEY));
        Default(CKA.TOKEN, false);
        Default(CKA.PRIVATE, true);
        Default(CKA.MODIFIABLE, true);
        Default(CKA.COPYABLE, true);
        Default(CKA.DESTROYABLE, true);
        if (Templates.Find(attributes, CKA.LABEL) is null) attributes.Add(new P11Attribute(CKA.LABEL, []));
        if (Templates.Find(attributes, CKA.ID) is null) attributes.Add(new P11Attribute(CKA.ID, []));
        Default(CKA.DERIVE, false);
        Default(CKA.ENCRYPT, true);
        Default(CKA.DECRYPT, true);
        Default(CKA.SIGN, false);
        Default(CKA.VERIFY, false);
        Default(CKA.WRAP, false);
        Default(CKA.UNWRAP, false);
        Default(CKA.SENSITIVE, false);
        Default(CKA.EXTRACTABLE, true);
        Default(CKA.WRAP_WITH_TRUSTED, false);
        Default(CKA.TRUSTED, false);
        attributes.Add(P11Attribute.Of(CKA.LOCAL, false));
        attributes.Add(P11Attribute.Of(CKA.ALWAYS_SENSITIVE, false));
        attributes.Add(P11Attribute.Of(CKA.NEVER_EXTRACTABLE, false));
        attributes.Add(P11Attribute.Of(CKA.KEY_GEN_MECHANISM, (ulong)CK.UNAVAILABLE_INFORMATION));
        attributes.Add(P11Attribute.Of(CKA.VALUE_LEN, (ulong)value.Length));
        if (type == CKK.AES) attributes.Add(new P11Attribute(CKA.CHECK_VALUE, AesCheckValue(value)));
        attributes.Add(new P11Attribute(CKA.VALUE, value));
        return attributes;
    }

    /// <summary>The AES key check value (PKCS#11 v3.0 6.7.2): the first three bytes of ECB(key, 0^16).</summary>
    private static byte[] AesCheckValue(byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(new byte[16], PaddingMode.None)[..3];
    }
}

/// <summary>
/// One AES encryption or decryption under way. ECB, CBC and CBC_PAD stream (each update gives the whole blocks
/// it can); GCM encryption streams too, but GCM decryption gathers the ciphertext and gives the plaintext only at the
/// end, once the tag is checked, so that unauthenticated plaintext never leaves the module.
/// </summary>
internal sealed class AesCipher(nuint mechanism, bool encrypt, BufferedBlockCipher? block, GcmBlockCipher? gcm, int tagBytes)
{
    public nuint Mechanism { get; } = mechanism;
    private readonly MemoryStream _gathered = new();

    /// <summary>Input taken by updates and not yet given out (the partial block a block mode holds).</summary>
    private long _buffered;

    /// <summary>Most bytes gathered for a GCM decryption.</summary>
    private const int MaxGathered = 64 * 1024 * 1024;

    private bool GathersAll => gcm is not null && !encrypt;

    /// <summary>The exact output of an update with this much input.</summary>
    public int UpdateSize(int length) =>
        GathersAll ? 0 : block?.GetUpdateOutputSize(length) ?? gcm!.GetUpdateOutputSize(length);

    /// <summary>The output of the final step after this much more input: exact when encrypting, an upper bound when decrypting.</summary>
    public int FinalSize(int length)
    {
        if (GathersAll) return Math.Max(0, (int)_gathered.Length + length - tagBytes);
        return block?.GetOutputSize(length) ?? gcm!.GetOutputSize(length);
    }

    /// <summary>Fails early, before a length is given, when the final step cannot succeed with this much more input.</summary>
    public void CheckFinal(int length)
    {
        nuint rv = encrypt ? CKR.DATA_LEN_RANGE : CKR.ENCRYPTED_DATA_LEN_RANGE;
        if (GathersAll)
        {
            if (_gathered.Length + length < tagBytes) throw new CkException(rv);
            return;
        }
        if (block is null) return;
        long total = _buffered + length;
        if (Mechanism == CKM.AES_CBC_PAD)
        {
            // Decryption needs whole blocks, at least one.
            if (!encrypt && (total == 0 || total % 16 != 0)) throw new CkException(rv);
            return;
        }
        if (total % 16 != 0) throw new CkException(rv);
    }

    /// <summary>Whether <see cref="FinalSize"/> is exact (then a short buffer is known to be short before the work is done).</summary>
    public bool FinalSizeExact => encrypt || Mechanism != CKM.AES_CBC_PAD;

    public byte[] Update(ReadOnlySpan<byte> input)
    {
        try
        {
            if (GathersAll)
            {
                if (_gathered.Length + input.Length > MaxGathered) throw new CkException(CKR.ENCRYPTED_DATA_LEN_RANGE);
                _gathered.Write(input);
                return [];
            }
            var output = new byte[UpdateSize(input.Length)];
            int n = block is not null ? block.ProcessBytes(input, output) : gcm!.ProcessBytes(input, output);
            _buffered += input.Length - n;
            return n == output.Length ? output : output[..n];
        }
        catch (DataLengthException)
        {
            throw new CkException(encrypt ? CKR.DATA_LEN_RANGE : CKR.ENCRYPTED_DATA_LEN_RANGE);
        }
    }

    /// <summary>Processes the last input and finishes: padding, or the GCM tag (made, or checked).</summary>
    public byte[] Final(ReadOnlySpan<byte> input)
    {
        try
        {
            byte[] all;
            if (GathersAll)
            {
                _gathered.Write(input);
                all = _gathered.ToArray();
                if (all.Length < tagBytes) throw new CkException(CKR.ENCRYPTED_DATA_LEN_RANGE);
                input = all;
            }
            if (block is not null && Mechanism != CKM.AES_CBC_PAD && (block.GetUpdateOutputSize(input.Length) != block.GetOutputSize(input.Length)))
                throw new CkException(encrypt ? CKR.DATA_LEN_RANGE : CKR.ENCRYPTED_DATA_LEN_RANGE);
            var output = new byte[block?.GetOutputSize(input.Length) ?? gcm!.GetOutputSize(input.Length)];
            int n = block is not null ? block.ProcessBytes(input, output) : gcm!.ProcessBytes(input, output);
            n += block is not null ? block.DoFinal(output.AsSpan(n)) : gcm!.DoFinal(output.AsSpan(n));
            _buffered = 0;
            return n == output.Length ? output : output[..n];
        }
        catch (InvalidCipherTextException)
        {
            // A wrong pad (CBC_PAD) or a tag that does not match (GCM).
            throw new CkException(encrypt ? CKR.DATA_INVALID : CKR.ENCRYPTED_DATA_INVALID);
        }
        catch (DataLengthException)
        {
            throw new CkException(encrypt ? CKR.DATA_LEN_RANGE : CKR.ENCRYPTED_DATA_LEN_RANGE);
        }
    }
}
