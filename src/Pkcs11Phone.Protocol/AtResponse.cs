namespace Pkcs11Phone.Protocol;

/// <summary>A complete response: the information and text lines, then the final result code.</summary>
public sealed record AtResponse(IReadOnlyList<AtResponseLine> Lines, AtResponseLine Final)
{
    public bool IsOk => Final.Kind == AtResponseKind.Ok;

    /// <summary>The PKCS#11 result carried by +P11RV, if any.</summary>
    /// <remarks>Only a well-formed line counts (two numbers): a string or omitted value must not read as CKR_OK (0).</remarks>
    public ulong? Rv => Lines.FirstOrDefault(AtResponseCollector.IsRv)?.Values[1].Number;

    /// <summary>
    /// The tag the answer carries: that of its +P11RV line, else the first value of its first information
    /// line when that is a number; null for an answer without one (an AT-level fault, a bare OK).
    /// </summary>
    public ulong? Tag =>
        (Lines.FirstOrDefault(AtResponseCollector.IsRv)
         ?? Lines.FirstOrDefault(l => l.Kind == AtResponseKind.Information && l.Values.Count > 0 && l.Values[0].Kind == AtValueKind.Number))
        ?.Values[0].Number;

    /// <summary>The information lines with this name.</summary>
    public IEnumerable<AtResponseLine> Info(string name) => Lines.Where(l => l.Kind == AtResponseKind.Information && l.Name == name);

    public override string ToString() => string.Join(" | ", Lines.Append(Final));
}

/// <summary>
/// Gathers the lines of one response. For a tagged command it skips whole stale responses
/// (those whose +P11RV carries another tag, left over from a command that timed out), so the
/// caller gets exactly the answer to its own request.
/// </summary>
public sealed class AtResponseCollector(ulong? tag, int maxLines = AtResponseCollector.DefaultMaxLines)
{
    /// <summary>Most lines one response may have before the peer is judged faulty.</summary>
    public const int DefaultMaxLines = 4096;

    private readonly List<AtResponseLine> _lines = [];

    /// <summary>Feeds one line; returns the response once it is complete. Throws <see cref="AtProtocolException"/> past the line limit.</summary>
    public AtResponse? Feed(AtResponseLine line)
    {
        if (!line.IsFinal)
        {
            if (_lines.Count >= maxLines) throw new AtProtocolException($"response longer than {maxLines} lines");
            _lines.Add(line);
            return null;
        }
        if (tag is { } t && !_lines.Any(l => IsRv(l) && l.Values[0].Number == t))
        {
            // Not ours: a whole response carrying another tag, or a bare OK, is left over from an
            // earlier command that timed out; skip it. An error without +P11RV is an AT-level fault of ours.
            if (_lines.Any(IsRv) || line.Kind == AtResponseKind.Ok)
            {
                _lines.Clear();
                return null;
            }
        }
        var response = new AtResponse(_lines.ToArray(), line);
        _lines.Clear();
        return response;
    }

    public static bool IsRv(AtResponseLine l) =>
        l.Kind == AtResponseKind.Information && l.Name == AtCommands.Rv && l.Values.Count == 2
        && l.Values[0].Kind == AtValueKind.Number && l.Values[1].Kind == AtValueKind.Number;
}

/// <summary>The peer broke the protocol (too many lines, a malformed answer); the link is reset.</summary>
public sealed class AtProtocolException(string message) : Exception(message);

/// <summary>Builds replies on the answering side and classifies what arrives there.</summary>
public static class AtReplies
{
    public static AtResponseLine Rv(ulong tag, ulong rv) => AtResponseLine.Info(AtCommands.Rv, tag, rv);

    /// <summary>Information lines of a tagged command, then +P11RV and OK.</summary>
    public static List<AtResponseLine> Tagged(ulong tag, ulong rv, IEnumerable<AtResponseLine>? info = null)
    {
        var lines = info?.ToList() ?? [];
        lines.Add(Rv(tag, rv));
        lines.Add(AtResponseLine.Ok);
        return lines;
    }

    public static List<AtResponseLine> Fault(AtCmeError code) => [AtResponseLine.Cme(code)];

    /// <summary>
    /// Turns one received line into a command of the table for this scope, or into the +CME ERROR reply
    /// that V.250 and 27.007 call for. Never throws.
    /// </summary>
    public static bool TryAccept(AtLine line, AtScope scope, out AtCommandLine command, out AtCommandSpec? spec, out List<AtResponseLine> fault)
    {
        command = new AtCommandLine(AtCommandLine.Attention, AtForm.Action, []);
        spec = null;
        fault = [];
        switch (line.Status)
        {
            case AtLineStatus.TooLong: fault = Fault(AtCmeError.TextStringTooLong); return false;
            case AtLineStatus.BadBytes: fault = Fault(AtCmeError.InvalidCharactersInText); return false;
        }
        if (!AtCommandLine.TryParse(line.Text, out command, out _))
        {
            fault = [AtResponseLine.Error];
            return false;
        }
        if (!command.IsExtended) return true;
        spec = AtCommands.Find(command.Name);
        if (spec is null || (spec.Scope & scope) == 0)
        {
            fault = Fault(AtCmeError.OperationNotSupported);
            return false;
        }
        if (!spec.Accepts(command, out _))
        {
            fault = Fault(AtCmeError.IncorrectParameters);
            return false;
        }
        return true;
    }
}
