using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Pkcs11Phone.SecureChannel;

/// <summary>
/// The one-time pairing code the phone shows and the user types on the computer: 27 random
/// Crockford base32 symbols (135 bits) and one Crockford check symbol (the value mod 37), shown
/// as seven groups of four, e.g. <c>7K3M-Q0ZC-...-4WT*</c>. Parsing is case-insensitive, ignores
/// hyphens and white space, reads I and L as 1 and O as 0, and rejects any code whose check
/// symbol does not match, so every single mistyped symbol and every swap of two adjacent symbols
/// is detected. <see cref="ToPsk"/> turns the code into the 32-byte Noise PSK for pairing.
/// </summary>
public sealed class PairingCode : IEquatable<PairingCode>
{
    /// <summary>Number of random symbols.</summary>
    public const int DataSymbolCount = 27;

    /// <summary>Bits of entropy in a generated code.</summary>
    public const int EntropyBits = DataSymbolCount * 5;

    /// <summary>Symbols per displayed group.</summary>
    public const int GroupLength = 4;

    /// <summary>The HKDF info string for <see cref="ToPsk"/>.</summary>
    public const string PskInfo = "pkcs11phone pairing psk v1";

    // Crockford's base32 alphabet, then the five extra check symbols for values 32 to 36.
    private const string Symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
    private const int CheckModulus = 37;

    private readonly string _data;

    private PairingCode(string data)
    {
        _data = data;
    }

    /// <summary>The 27 data symbols, upper case, without separators or check symbol.</summary>
    public string Canonical => _data;

    /// <summary>The check symbol.</summary>
    public char CheckSymbol => Symbols[Checksum(_data)];

    /// <summary>Generates a fresh code from a cryptographically secure random source.</summary>
    public static PairingCode Generate()
    {
        Span<byte> random = stackalloc byte[DataSymbolCount];
        RandomNumberGenerator.Fill(random);
        var data = new char[DataSymbolCount];
        for (var i = 0; i < data.Length; i++)
        {
            // 256 is a multiple of 32, so the low five bits are uniform.
            data[i] = Symbols[random[i] & 0x1F];
        }

        CryptographicOperations.ZeroMemory(random);
        return new PairingCode(new string(data));
    }

    /// <summary>Parses a code as typed by the user.</summary>
    /// <exception cref="FormatException">The code has the wrong length, a character outside the alphabet, or a check symbol that does not match (a typo).</exception>
    public static PairingCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var code, out var error) ? code : throw new FormatException(error);
    }

    /// <summary>Parses a code as typed by the user; false if it is not a valid code.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PairingCode? code)
        => TryParse(text, out code, out _);

    /// <summary>The code for display: seven hyphen-separated groups of four symbols, the last ending in the check symbol.</summary>
    public override string ToString()
    {
        var all = _data + CheckSymbol;
        var builder = new StringBuilder(all.Length + (all.Length / GroupLength));
        for (var i = 0; i < all.Length; i++)
        {
            if (i > 0 && i % GroupLength == 0)
            {
                builder.Append('-');
            }

            builder.Append(all[i]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The pairing PSK: HKDF-SHA256 (RFC 5869) with the ASCII bytes of <see cref="Canonical"/> as
    /// input key material, an empty salt, info "pkcs11phone pairing psk v1", 32 bytes of output.
    /// </summary>
    public byte[] ToPsk()
    {
        var ikm = Encoding.ASCII.GetBytes(_data);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, salt: [], info: Encoding.ASCII.GetBytes(PskInfo));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }

    /// <inheritdoc/>
    public bool Equals(PairingCode? other) =>
        other is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(_data), Encoding.ASCII.GetBytes(other._data));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PairingCode);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_data);

    /// <summary>Crockford's check: the value of the symbols as one base-32 number, mod 37.</summary>
    private static int Checksum(string data)
    {
        var remainder = 0;
        foreach (var symbol in data)
        {
            remainder = ((remainder * 32) + Symbols.IndexOf(symbol, StringComparison.Ordinal)) % CheckModulus;
        }

        return remainder;
    }

    /// <summary>Maps a typed character to its symbol value (Crockford's decoding rules), or -1.</summary>
    private static int Decode(char c, bool isCheckSymbol)
    {
        var upper = char.ToUpperInvariant(c);
        upper = upper switch
        {
            'I' or 'L' => '1',
            'O' => '0',
            _ => upper,
        };

        var value = Symbols.IndexOf(upper, StringComparison.Ordinal);
        return value < 0 || (!isCheckSymbol && value >= 32) ? -1 : value;
    }

    private static bool TryParse(string? text, [NotNullWhen(true)] out PairingCode? code, out string error)
    {
        code = null;
        if (text is null)
        {
            error = "No pairing code was given.";
            return false;
        }

        var compact = new StringBuilder(DataSymbolCount + 1);
        foreach (var c in text)
        {
            if (c != '-' && !char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        if (compact.Length != DataSymbolCount + 1)
        {
            error = $"A pairing code has {DataSymbolCount + 1} symbols; {compact.Length} were given.";
            return false;
        }

        var data = new char[DataSymbolCount];
        for (var i = 0; i < DataSymbolCount; i++)
        {
            var value = Decode(compact[i], isCheckSymbol: false);
            if (value < 0)
            {
                error = $"'{compact[i]}' (symbol {i + 1}) is not a pairing code symbol.";
                return false;
            }

            data[i] = Symbols[value];
        }

        var check = Decode(compact[DataSymbolCount], isCheckSymbol: true);
        if (check < 0)
        {
            error = $"'{compact[DataSymbolCount]}' (the last symbol) is not a check symbol.";
            return false;
        }

        var dataString = new string(data);
        if (Checksum(dataString) != check)
        {
            error = "The pairing code is mistyped (its check symbol does not match).";
            return false;
        }

        code = new PairingCode(dataString);
        error = string.Empty;
        return true;
    }
}
