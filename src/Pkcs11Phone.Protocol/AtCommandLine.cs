namespace Pkcs11Phone.Protocol;

/// <summary>The form of an extended command (V.250 5.4.3): action, set (=), read (?) or test (=?).</summary>
public enum AtForm { Action, Set, Read, Test }

/// <summary>A parsed command line: "AT", a basic command such as "ATE0", or one extended command "AT+NAME...".</summary>
public sealed record AtCommandLine(string Name, AtForm Form, IReadOnlyList<AtValue> Args)
{
    /// <summary>Name of the empty command line "AT".</summary>
    public const string Attention = "";

    public bool IsExtended => Name.StartsWith('+');

    /// <summary>Parses one command line (terminator removed). Never throws: bad input gives false and a reason.</summary>
    public static bool TryParse(string line, out AtCommandLine command, out string error)
    {
        command = new AtCommandLine(Attention, AtForm.Action, []);
        error = "";
        if (line.Length > AtSyntax.MaxLineLength) { error = "line too long"; return false; }
        var s = line.AsSpan().Trim(' ');
        if (s.Length < 2 || char.ToUpperInvariant(s[0]) != 'A' || char.ToUpperInvariant(s[1]) != 'T')
        {
            error = "a command line starts with AT";
            return false;
        }
        s = s[2..];
        if (s.IsEmpty) return true;
        if (s[0] != '+')
        {
            // Basic commands we answer: E0/E1 (echo), I (identification), with an optional decimal value.
            char letter = char.ToUpperInvariant(s[0]);
            var rest = s[1..];
            if (!char.IsAsciiLetter(letter) || rest.Length > 3 || !rest.ContainsOnlyDigits())
            {
                error = "malformed basic command";
                return false;
            }
            var args = rest.IsEmpty ? [] : new[] { AtValue.Of(ulong.Parse(rest, System.Globalization.CultureInfo.InvariantCulture)) };
            command = new AtCommandLine(letter.ToString(), rest.IsEmpty ? AtForm.Action : AtForm.Set, args);
            return true;
        }
        int end = 1;
        while (end < s.Length && s[end] != '=' && s[end] != '?') end++;
        var name = s[..end];
        if (!AtSyntax.IsExtendedName(name)) { error = "malformed command name"; return false; }
        var upper = name.ToString().ToUpperInvariant();
        var tail = s[end..];
        if (tail.IsEmpty) { command = new AtCommandLine(upper, AtForm.Action, []); return true; }
        if (tail.SequenceEqual("?")) { command = new AtCommandLine(upper, AtForm.Read, []); return true; }
        if (tail.SequenceEqual("=?")) { command = new AtCommandLine(upper, AtForm.Test, []); return true; }
        if (tail[0] != '=') { error = "expected '=', '?' or '=?' after the command name"; return false; }
        var values = new List<AtValue>();
        if (!AtSyntax.TryParseValues(tail[1..], values, out error)) return false;
        command = new AtCommandLine(upper, AtForm.Set, values);
        return true;
    }

    /// <summary>Formats the command line, without terminator.</summary>
    public override string ToString() => Form switch
    {
        AtForm.Action => "AT" + Name,
        AtForm.Read => "AT" + Name + "?",
        AtForm.Test => "AT" + Name + "=?",
        _ when !IsExtended => "AT" + Name + (Args.Count > 0 ? Args[0].ToString() : ""),
        _ => "AT" + Name + "=" + AtSyntax.FormatValues(Args),
    };

    public static AtCommandLine Set(string name, params AtValue[] args) => new(name, AtForm.Set, args);
    public static AtCommandLine Read(string name) => new(name, AtForm.Read, []);
    public static AtCommandLine Test(string name) => new(name, AtForm.Test, []);
}

internal static class SpanExtensions
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c < '0' || c > '9') return false;
        return true;
    }
}
