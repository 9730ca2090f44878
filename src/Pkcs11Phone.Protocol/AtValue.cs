namespace Pkcs11Phone.Protocol;

/// <summary>One parameter or response value of an AT+ extended command: a decimal number or a quoted string.</summary>
public readonly record struct AtValue
{
    public AtValueKind Kind { get; }
    public ulong Number { get; }
    public string Text { get; }

    private AtValue(AtValueKind kind, ulong number, string text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    public static AtValue Of(ulong number) => new(AtValueKind.Number, number, "");
    public static AtValue Of(string text) => new(AtValueKind.String, 0, text);
    /// <summary>An omitted parameter (two commas in a row, or a trailing comma).</summary>
    public static readonly AtValue Omitted = new(AtValueKind.Omitted, 0, "");

    public static implicit operator AtValue(ulong number) => Of(number);
    public static implicit operator AtValue(uint number) => Of(number);
    public static implicit operator AtValue(int number) => Of(checked((ulong)number));
    public static implicit operator AtValue(string text) => Of(text);

    public override string ToString() => Kind switch
    {
        AtValueKind.Number => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AtValueKind.String => AtSyntax.Quote(Text),
        _ => "",
    };
}

public enum AtValueKind { Omitted, Number, String }
