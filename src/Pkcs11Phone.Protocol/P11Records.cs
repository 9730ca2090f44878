namespace Pkcs11Phone.Protocol;

/// <summary>Helpers to read typed values out of an information line without throwing.</summary>
internal static class Values
{
    public static bool Text(IReadOnlyList<AtValue> v, int i, out string s)
    {
        s = i < v.Count && v[i].Kind == AtValueKind.String ? v[i].Text : "";
        return i < v.Count && v[i].Kind == AtValueKind.String;
    }

    public static bool Number(IReadOnlyList<AtValue> v, int i, out ulong n)
    {
        n = i < v.Count && v[i].Kind == AtValueKind.Number ? v[i].Number : 0;
        return i < v.Count && v[i].Kind == AtValueKind.Number;
    }

    /// <summary>A number that may be omitted (PKCS#11 CK_UNAVAILABLE_INFORMATION).</summary>
    public static bool OptionalNumber(IReadOnlyList<AtValue> v, int i, out ulong? n)
    {
        n = null;
        if (i >= v.Count) return false;
        if (v[i].Kind == AtValueKind.Omitted) return true;
        if (v[i].Kind != AtValueKind.Number) return false;
        n = v[i].Number;
        return true;
    }

    public static AtValue Optional(ulong? n) => n is { } x ? AtValue.Of(x) : AtValue.Omitted;
}

/// <summary>What the phone says about one of its tokens. Session counts are the computer's business and are not here.</summary>
public sealed record P11TokenInfo(
    string Label, string Manufacturer, string Model, string Serial, ulong Flags,
    ulong MaxPinLength, ulong MinPinLength,
    ulong? TotalPublicMemory, ulong? FreePublicMemory, ulong? TotalPrivateMemory, ulong? FreePrivateMemory,
    string HardwareVersion, string FirmwareVersion)
{
    public const string WireFields =
        "\"<label>\",\"<manufacturer>\",\"<model>\",\"<serial>\",<flags>,<maxpin>,<minpin>,<totalpub>,<freepub>,<totalpriv>,<freepriv>,\"<hwver>\",\"<fwver>\"";

    public AtValue[] ToValues() =>
    [
        Label, Manufacturer, Model, Serial, Flags, MaxPinLength, MinPinLength,
        Values.Optional(TotalPublicMemory), Values.Optional(FreePublicMemory),
        Values.Optional(TotalPrivateMemory), Values.Optional(FreePrivateMemory),
        HardwareVersion, FirmwareVersion,
    ];

    public static bool TryParse(IReadOnlyList<AtValue> v, int offset, out P11TokenInfo info)
    {
        bool ok = Values.Text(v, offset, out var label) & Values.Text(v, offset + 1, out var manufacturer)
            & Values.Text(v, offset + 2, out var model) & Values.Text(v, offset + 3, out var serial)
            & Values.Number(v, offset + 4, out var flags) & Values.Number(v, offset + 5, out var maxPin)
            & Values.Number(v, offset + 6, out var minPin)
            & Values.OptionalNumber(v, offset + 7, out var totalPub) & Values.OptionalNumber(v, offset + 8, out var freePub)
            & Values.OptionalNumber(v, offset + 9, out var totalPriv) & Values.OptionalNumber(v, offset + 10, out var freePriv)
            & Values.Text(v, offset + 11, out var hw) & Values.Text(v, offset + 12, out var fw)
            & v.Count == offset + 13;
        info = new P11TokenInfo(label, manufacturer, model, serial, flags, maxPin, minPin, totalPub, freePub, totalPriv, freePriv, hw, fw);
        return ok;
    }
}

/// <summary>One mechanism a token offers, as CK_MECHANISM_INFO.</summary>
public sealed record P11MechanismInfo(ulong Mechanism, ulong MinKeySize, ulong MaxKeySize, ulong Flags)
{
    public const string WireFields = "<mechanism>,<minkey>,<maxkey>,<flags>";

    public AtValue[] ToValues() => [Mechanism, MinKeySize, MaxKeySize, Flags];

    public static bool TryParse(IReadOnlyList<AtValue> v, int offset, out P11MechanismInfo info)
    {
        bool ok = Values.Number(v, offset, out var m) & Values.Number(v, offset + 1, out var min)
            & Values.Number(v, offset + 2, out var max) & Values.Number(v, offset + 3, out var flags)
            & v.Count == offset + 4;
        info = new P11MechanismInfo(m, min, max, flags);
        return ok;
    }
}

/// <summary>
/// One slot of the agent: a token position on a configured phone. <see cref="Epoch"/> counts the phone's
/// connections: when it changes, the phone was away, and sessions and logins of the last connection are gone.
/// </summary>
public sealed record P11SlotInfo(bool TokenPresent, string Description, string Manufacturer, ulong Epoch = 0)
{
    public const string WireFields = "<present>,\"<description>\",\"<manufacturer>\",<epoch>";

    public AtValue[] ToValues() => [TokenPresent ? 1 : 0, Description, Manufacturer, Epoch];

    public static bool TryParse(IReadOnlyList<AtValue> v, int offset, out P11SlotInfo info)
    {
        bool ok = Values.Number(v, offset, out var present) & present <= 1
            & Values.Text(v, offset + 1, out var description) & Values.Text(v, offset + 2, out var manufacturer)
            & Values.Number(v, offset + 3, out var epoch)
            & v.Count == offset + 4;
        info = new P11SlotInfo(present == 1, description, manufacturer, epoch);
        return ok;
    }
}
