namespace Pkcs11Phone.Protocol;

public enum AtResponseKind { Ok, Error, CmeError, Information, Text }

/// <summary>One response line: a final result code (OK, ERROR, +CME ERROR: n), an information response "+NAME: values", or plain text.</summary>
public sealed record AtResponseLine(AtResponseKind Kind, string Name, IReadOnlyList<AtValue> Values, string Text)
{
    public const string OkText = "OK";
    public const string ErrorText = "ERROR";
    public const string CmeErrorName = "+CME ERROR";

    public bool IsFinal => Kind is AtResponseKind.Ok or AtResponseKind.Error or AtResponseKind.CmeError;

    /// <summary>The +CME ERROR code, or 0.</summary>
    public ulong CmeCode => Kind == AtResponseKind.CmeError && Values.Count > 0 ? Values[0].Number : 0;

    public static readonly AtResponseLine Ok = new(AtResponseKind.Ok, "", [], OkText);
    public static readonly AtResponseLine Error = new(AtResponseKind.Error, "", [], ErrorText);

    public static AtResponseLine Cme(AtCmeError code) => new(AtResponseKind.CmeError, CmeErrorName, [AtValue.Of((ulong)code)], "");

    public static AtResponseLine Info(string name, params AtValue[] values) => new(AtResponseKind.Information, name, values, "");

    public static AtResponseLine Plain(string text) => new(AtResponseKind.Text, "", [], text);

    /// <summary>Classifies one received line. Never throws; a malformed information line is reported as text.</summary>
    public static AtResponseLine Parse(string line)
    {
        if (line == OkText) return Ok;
        if (line == ErrorText) return Error;
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (line.StartsWith('+') && colon > 0)
        {
            var name = line[..colon];
            var values = new List<AtValue>();
            if (name == CmeErrorName)
            {
                if (AtSyntax.TryParseValues(line.AsSpan(colon + 2), values, out _) && values.Count == 1 && values[0].Kind == AtValueKind.Number)
                    return new AtResponseLine(AtResponseKind.CmeError, name, values, "");
                return new AtResponseLine(AtResponseKind.CmeError, name, [AtValue.Of((ulong)AtCmeError.Unknown)], line);
            }
            if (AtSyntax.IsExtendedName(name) && AtSyntax.TryParseValues(line.AsSpan(colon + 2), values, out _))
                return new AtResponseLine(AtResponseKind.Information, name, values, "");
        }
        return Plain(line);
    }

    public override string ToString() => Kind switch
    {
        AtResponseKind.Ok => OkText,
        AtResponseKind.Error => ErrorText,
        AtResponseKind.Text => Text,
        _ => Name + ": " + AtSyntax.FormatValues(Values),
    };
}

/// <summary>The +CME ERROR codes we use, from 3GPP TS 27.007 9.2. They report faults of the AT layer only; PKCS#11 results travel in +P11RV.</summary>
public enum AtCmeError : ulong
{
    OperationNotAllowed = 3,
    OperationNotSupported = 4,
    TextStringTooLong = 24,
    InvalidCharactersInText = 25,
    IncorrectParameters = 50,
    Unknown = 100,
}
