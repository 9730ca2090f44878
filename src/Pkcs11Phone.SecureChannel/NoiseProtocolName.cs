using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pkcs11Phone.SecureChannel;

/// <summary>The Diffie-Hellman functions supported (Noise rev. 34, section 12.1).</summary>
public enum NoiseDh
{
    /// <summary>X25519 ("25519").</summary>
    Curve25519,
}

/// <summary>The cipher functions supported (Noise rev. 34, section 12.3 and 12.4).</summary>
public enum NoiseCipher
{
    /// <summary>ChaCha20-Poly1305 ("ChaChaPoly").</summary>
    ChaChaPoly,

    /// <summary>AES-256-GCM ("AESGCM").</summary>
    AesGcm,
}

/// <summary>The hash functions supported (Noise rev. 34, sections 12.5 to 12.8).</summary>
public enum NoiseHash
{
    /// <summary>SHA-256 ("SHA256").</summary>
    Sha256,

    /// <summary>SHA-512 ("SHA512").</summary>
    Sha512,

    /// <summary>BLAKE2s with a 32-byte output ("BLAKE2s").</summary>
    Blake2s,

    /// <summary>BLAKE2b with a 64-byte output ("BLAKE2b").</summary>
    Blake2b,
}

/// <summary>
/// A parsed and validated Noise protocol name such as <c>Noise_XXpsk3_25519_ChaChaPoly_SHA256</c>
/// (Noise rev. 34, section 8). Supported: the fundamental patterns N, K, X, NN, NK, NX, XN, XK,
/// XX, KN, KK, KX, IN, IK, IX with any psk modifiers ("psk0".."pskN", joined by '+', in
/// ascending order), DH 25519, ciphers ChaChaPoly and AESGCM, hashes SHA256, SHA512, BLAKE2s and
/// BLAKE2b.
/// </summary>
public sealed class NoiseProtocolName : IEquatable<NoiseProtocolName>
{
    /// <summary>The longest protocol name Noise allows, in bytes.</summary>
    public const int MaxNameLength = 255;

    private NoiseProtocolName(
        string name,
        HandshakePattern basePattern,
        IReadOnlyList<int> pskPositions,
        NoiseDh dh,
        NoiseCipher cipher,
        NoiseHash hash)
    {
        Name = name;
        BasePattern = basePattern.Name;
        PskPositions = pskPositions;
        Dh = dh;
        Cipher = cipher;
        Hash = hash;
        Pattern = basePattern.WithPsks(pskPositions);
    }

    /// <summary>The full name, exactly as parsed.</summary>
    public string Name { get; }

    /// <summary>The base handshake pattern, e.g. "XX".</summary>
    public string BasePattern { get; }

    /// <summary>The psk modifier numbers, ascending (e.g. [3] for "XXpsk3"); empty without PSK.</summary>
    public IReadOnlyList<int> PskPositions { get; }

    /// <summary>The DH function.</summary>
    public NoiseDh Dh { get; }

    /// <summary>The cipher function.</summary>
    public NoiseCipher Cipher { get; }

    /// <summary>The hash function.</summary>
    public NoiseHash Hash { get; }

    /// <summary>True for the one-way patterns (N, K, X): only the initiator sends.</summary>
    public bool IsOneWay => Pattern.IsOneWay;

    /// <summary>The number of handshake messages.</summary>
    public int MessageCount => Pattern.Messages.Count;

    /// <summary>The number of PSKs the handshake needs.</summary>
    public int PskCount => PskPositions.Count;

    /// <summary>The pattern with its modifiers applied.</summary>
    internal HandshakePattern Pattern { get; }

    /// <summary>Parses a protocol name; throws <see cref="ArgumentException"/> if it is malformed or unsupported.</summary>
    public static NoiseProtocolName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var result, out var error)
            ? result
            : throw new ArgumentException($"Unsupported or malformed Noise protocol name '{name}': {error}", nameof(name));
    }

    /// <summary>Parses a protocol name; returns false if it is malformed or unsupported.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out NoiseProtocolName? result)
        => TryParse(name, out result, out _);

    private static bool TryParse(string? name, [NotNullWhen(true)] out NoiseProtocolName? result, out string error)
    {
        result = null;
        if (string.IsNullOrEmpty(name))
        {
            error = "empty";
            return false;
        }

        if (!Ascii.IsValid(name))
        {
            error = "not ASCII";
            return false;
        }

        if (name.Length > MaxNameLength)
        {
            error = $"longer than {MaxNameLength} bytes";
            return false;
        }

        var parts = name.Split('_');
        if (parts.Length != 5 || parts[0] != "Noise")
        {
            error = "expected Noise_<pattern>_<dh>_<cipher>_<hash>";
            return false;
        }

        // The pattern section: an upper-case base name, then modifiers ("psk0+psk2").
        var section = parts[1];
        var baseLength = 0;
        while (baseLength < section.Length && (char.IsAsciiLetterUpper(section[baseLength]) || char.IsAsciiDigit(section[baseLength])))
        {
            baseLength++;
        }

        var baseName = section[..baseLength];
        if (!HandshakePattern.TryGet(baseName, out var pattern))
        {
            error = $"handshake pattern '{baseName}' is not supported";
            return false;
        }

        var pskPositions = new List<int>();
        if (baseLength < section.Length)
        {
            foreach (var modifier in section[baseLength..].Split('+'))
            {
                if (!modifier.StartsWith("psk", StringComparison.Ordinal)
                    || modifier.Length < 4
                    || modifier.AsSpan(3).ContainsAnyExceptInRange('0', '9')
                    || (modifier.Length > 4 && modifier[3] == '0')
                    || modifier.Length > 6)
                {
                    error = $"modifier '{modifier}' is not supported";
                    return false;
                }

                var position = int.Parse(modifier.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
                if (position > pattern.Messages.Count)
                {
                    error = $"psk{position} is past the last message of {baseName}";
                    return false;
                }

                if (pskPositions.Count > 0 && position <= pskPositions[^1])
                {
                    error = "psk modifiers must be distinct and in ascending order";
                    return false;
                }

                pskPositions.Add(position);
            }
        }

        NoiseDh dh;
        switch (parts[2])
        {
            case "25519":
                dh = NoiseDh.Curve25519;
                break;
            default:
                error = $"DH function '{parts[2]}' is not supported";
                return false;
        }

        NoiseCipher cipher;
        switch (parts[3])
        {
            case "ChaChaPoly":
                cipher = NoiseCipher.ChaChaPoly;
                break;
            case "AESGCM":
                cipher = NoiseCipher.AesGcm;
                break;
            default:
                error = $"cipher '{parts[3]}' is not supported";
                return false;
        }

        NoiseHash hash;
        switch (parts[4])
        {
            case "SHA256":
                hash = NoiseHash.Sha256;
                break;
            case "SHA512":
                hash = NoiseHash.Sha512;
                break;
            case "BLAKE2s":
                hash = NoiseHash.Blake2s;
                break;
            case "BLAKE2b":
                hash = NoiseHash.Blake2b;
                break;
            default:
                error = $"hash '{parts[4]}' is not supported";
                return false;
        }

        result = new NoiseProtocolName(name, pattern, pskPositions.AsReadOnly(), dh, cipher, hash);
        error = string.Empty;
        return true;
    }

    /// <summary>Returns the protocol name.</summary>
    public override string ToString() => Name;

    /// <inheritdoc/>
    public bool Equals(NoiseProtocolName? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NoiseProtocolName);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
