using System.Globalization;
using System.Text;

namespace Pkcs11Phone.Protocol;

/// <summary>V.250 extended-syntax rules shared by every command: limits, quoting and value lists.</summary>
public static class AtSyntax
{
    /// <summary>The prefix of every Pkcs11Phone extended command (V.250 5.4.1: '+' and a name).</summary>
    public const string Prefix = "+P11";

    /// <summary>Longest command or response line either end accepts, in bytes, without its terminator.</summary>
    public const int MaxLineLength = 8192;

    /// <summary>Most parameters or values in one line.</summary>
    public const int MaxValues = 64;

    /// <summary>Longest extended command name, '+' included (V.250 allows 16 characters after '+').</summary>
    public const int MaxNameLength = 17;

    /// <summary>Quotes a string: '"', '\' and control characters become \HH (V.250 5.4.2.2, 27.007 escapes); other text is sent as UTF-8.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var c in text)
        {
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F)
                sb.Append('\\').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Parses a comma-separated value list (what follows '=' in a command, or ': ' in a response).</summary>
    public static bool TryParseValues(ReadOnlySpan<char> text, List<AtValue> values, out string error)
    {
        error = "";
        values.Clear();
        if (text.IsEmpty) return true;
        int i = 0;
        while (true)
        {
            if (values.Count >= MaxValues) { error = $"more than {MaxValues} values"; return false; }
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length || text[i] == ',')
            {
                values.Add(AtValue.Omitted);
            }
            else if (text[i] == '"')
            {
                if (!TryParseQuoted(text, ref i, out var s, out error)) return false;
                values.Add(AtValue.Of(s));
            }
            else if (text[i] >= '0' && text[i] <= '9')
            {
                int start = i;
                while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
                if (i - start > 20 || !ulong.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    error = "number out of range";
                    return false;
                }
                values.Add(AtValue.Of(n));
            }
            else
            {
                error = $"unexpected character 0x{(int)text[i]:X2} at column {i}";
                return false;
            }
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length) return true;
            if (text[i] != ',') { error = $"expected ',' at column {i}"; return false; }
            i++;
            // A trailing comma: the loop adds the omitted last value, within the MaxValues limit.
        }
    }

    private static bool TryParseQuoted(ReadOnlySpan<char> text, ref int i, out string value, out string error)
    {
        value = "";
        error = "";
        i++; // opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= text.Length) { error = "unterminated string"; return false; }
            char c = text[i];
            if (c == '"') { i++; break; }
            if (c == '\\')
            {
                if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
                {
                    error = $"bad escape at column {i}";
                    return false;
                }
                int b = int.Parse(text.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (b >= 0x80) { error = $"escape \\{b:X2} at column {i} is not ASCII (send UTF-8 text as it is)"; return false; }
                sb.Append((char)b);
                i += 3;
                continue;
            }
            if (c < 0x20 || c == 0x7F) { error = $"control character in string at column {i}"; return false; }
            sb.Append(c);
            i++;
        }
        value = sb.ToString();
        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    /// <summary>Formats values as a comma-separated list.</summary>
    public static string FormatValues(IEnumerable<AtValue> values) => string.Join(",", values.Select(v => v.ToString()));

    /// <summary>True for a valid extended command name: '+', then a letter, then letters, digits or ! % - . / : _ (V.250 5.4.1).</summary>
    public static bool IsExtendedName(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || name.Length > MaxNameLength || name[0] != '+' || !char.IsAsciiLetter(name[1])) return false;
        foreach (var c in name[2..])
            if (!(char.IsAsciiLetterOrDigit(c) || c is '!' or '%' or '-' or '.' or '/' or ':' or '_')) return false;
        return true;
    }
}
