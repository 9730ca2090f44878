namespace Pkcs11Phone.Protocol;

/// <summary>
/// Binary values in AT lines: base64 with an explicit length, inline when the line stays short, else sent
/// ahead in +P11DATA chunks (commands: AT+P11DATA=...; responses: +P11DATA: lines before the line that uses
/// the value) and given in place as <c>&lt;len&gt;,""</c>.
/// </summary>
public static class AtBlobs
{
    /// <summary>Longest base64 text carried inline, and the size of one chunk; keeps every line well under <see cref="AtSyntax.MaxLineLength"/>.</summary>
    public const int ChunkChars = 6000;

    /// <summary>The value pair for a blob, and the AT+P11DATA commands that must go first when it is too long for one line.</summary>
    public static (AtValue Length, AtValue Text, List<AtCommandLine> Staging) ForCommand(ulong tag, ReadOnlySpan<byte> blob)
    {
        var b64 = P11Binary.ToBase64(blob);
        if (b64.Length <= ChunkChars) return (AtValue.Of((ulong)blob.Length), AtValue.Of(b64), []);
        var staging = new List<AtCommandLine>();
        foreach (var (offset, chunk) in Chunks(blob))
            staging.Add(AtCommandLine.Set(AtCommands.Data, tag, offset, (ulong)blob.Length, chunk));
        return (AtValue.Of((ulong)blob.Length), AtValue.Of(""), staging);
    }

    /// <summary>The lines that carry a blob in a response: +P11DATA lines when needed, then the values for the main line.</summary>
    public static (AtValue Length, AtValue Text, List<AtResponseLine> Chunks) ForResponse(ulong tag, ReadOnlySpan<byte> blob)
    {
        var b64 = P11Binary.ToBase64(blob);
        if (b64.Length <= ChunkChars) return (AtValue.Of((ulong)blob.Length), AtValue.Of(b64), []);
        var lines = new List<AtResponseLine>();
        foreach (var (offset, chunk) in Chunks(blob))
            lines.Add(AtResponseLine.Info(AtCommands.Data, tag, offset, (ulong)blob.Length, chunk));
        return (AtValue.Of((ulong)blob.Length), AtValue.Of(""), lines);
    }

    private static IEnumerable<(ulong Offset, string Chunk)> Chunks(ReadOnlySpan<byte> blob)
    {
        const int bytesPerChunk = ChunkChars / 4 * 3;
        var list = new List<(ulong, string)>();
        for (int o = 0; o < blob.Length; o += bytesPerChunk)
            list.Add(((ulong)o, P11Binary.ToBase64(blob.Slice(o, Math.Min(bytesPerChunk, blob.Length - o)))));
        return list;
    }

    /// <summary>
    /// Reads the blob that a response line gives at <paramref name="index"/> (its length) and <paramref name="index"/>+1
    /// (its text), taking the chunks from the +P11DATA lines right before it in the same response.
    /// </summary>
    public static bool TryRead(AtResponse response, AtResponseLine line, int index, out byte[] blob)
    {
        blob = [];
        if (line.Values.Count <= index + 1 || line.Values[index].Kind != AtValueKind.Number || line.Values[index + 1].Kind != AtValueKind.String)
            return false;
        ulong length = line.Values[index].Number;
        var text = line.Values[index + 1].Text;
        if (length > P11Binary.MaxBlob) return false;
        if (text.Length > 0 || length == 0) return P11Binary.TryFromBase64(text, (int)length, out blob);
        // The chunks are the +P11DATA lines right before this line; those of an earlier value do not count.
        int at = -1;
        for (int i = 0; i < response.Lines.Count && at < 0; i++)
            if (ReferenceEquals(response.Lines[i], line)) at = i;
        if (at < 0) return false;
        int first = at;
        while (first > 0 && response.Lines[first - 1] is { Kind: AtResponseKind.Information, Name: AtCommands.Data }) first--;
        var stage = new BlobStage();
        for (int i = first; i < at; i++)
        {
            var v = response.Lines[i].Values;
            if (v.Count != 4 || stage.Add(v[1], v[2], v[3]) != 0) return false;
        }
        return stage.TryTake(length, out blob);
    }
}

/// <summary>Reassembles one staged blob from chunks at contiguous offsets, within <see cref="P11Binary.MaxBlob"/>.</summary>
public sealed class BlobStage
{
    private byte[]? _buffer;
    private int _filled;

    /// <summary>Adds a chunk; returns 0 or a CK_RV (CKR_ARGUMENTS_BAD for a malformed or out-of-order chunk, CKR_DATA_LEN_RANGE past the limit).</summary>
    public ulong Add(AtValue offset, AtValue total, AtValue chunk)
    {
        const ulong argumentsBad = 0x7, dataLenRange = 0x21;
        if (offset.Kind != AtValueKind.Number || total.Kind != AtValueKind.Number || chunk.Kind != AtValueKind.String) return argumentsBad;
        if (total.Number > P11Binary.MaxBlob || total.Number == 0) { Clear(); return dataLenRange; }
        if (offset.Number == 0) { _buffer = new byte[total.Number]; _filled = 0; }
        if (_buffer is null || (ulong)_buffer.Length != total.Number || offset.Number != (ulong)_filled) { Clear(); return argumentsBad; }
        var bytes = new byte[chunk.Text.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(chunk.Text, bytes, out int n) || n == 0 || n > _buffer.Length - _filled) { Clear(); return argumentsBad; }
        bytes.AsSpan(0, n).CopyTo(_buffer.AsSpan(_filled));
        _filled += n;
        return 0;
    }

    /// <summary>Takes the complete blob if it has exactly this length, and empties the stage.</summary>
    public bool TryTake(ulong length, out byte[] blob)
    {
        blob = [];
        bool ok = _buffer is not null && _filled == _buffer.Length && (ulong)_buffer.Length == length;
        if (ok) blob = _buffer!;
        Clear();
        return ok;
    }

    public void Clear()
    {
        _buffer = null;
        _filled = 0;
    }

    /// <summary>Reads a command's blob argument pair at <paramref name="index"/>: inline base64, or the staged value when the text is empty. Either way the stage is empty afterwards.</summary>
    public bool TryResolve(IReadOnlyList<AtValue> args, int index, out byte[] blob)
    {
        blob = [];
        if (args.Count <= index + 1) return false;
        ulong length = args[index].Number;
        var text = args[index + 1].Text;
        if (text.Length > 0 || length == 0)
        {
            // An inline value consumes the stage too: staged data is for the next command only.
            Clear();
            return length <= P11Binary.MaxBlob && P11Binary.TryFromBase64(text, (int)length, out blob);
        }
        return TryTake(length, out blob);
    }
}

/// <summary>
/// The values being staged on a link, one <see cref="BlobStage"/> per tag: the AT+P11DATA chunks of a
/// command carry that command's tag, so commands in hand at the same time do not mix their data. At most
/// <see cref="MaxStages"/> at once; thread-safe.
/// </summary>
public sealed class BlobStages
{
    /// <summary>Most values staged at the same time (each up to <see cref="P11Binary.MaxBlob"/>).</summary>
    public const int MaxStages = 8;

    private readonly Dictionary<ulong, BlobStage> _stages = [];
    private readonly Lock _gate = new();

    /// <summary>Adds a chunk for the command with this tag; 0 or a CK_RV (CKR_DEVICE_MEMORY when too many values are staged at once).</summary>
    public ulong Add(ulong tag, AtValue offset, AtValue total, AtValue chunk)
    {
        const ulong deviceMemory = 0x31;
        lock (_gate)
        {
            if (!_stages.TryGetValue(tag, out var stage))
            {
                if (_stages.Count >= MaxStages) return deviceMemory;
                _stages[tag] = stage = new BlobStage();
            }
            ulong rv = stage.Add(offset, total, chunk);
            if (rv != 0) _stages.Remove(tag);
            return rv;
        }
    }

    /// <summary>Reads the blob argument of the command with this tag (inline, or staged under its tag); the tag's stage is gone afterwards.</summary>
    public bool TryResolve(ulong tag, IReadOnlyList<AtValue> args, int index, out byte[] blob)
    {
        BlobStage? stage;
        lock (_gate)
        {
            if (_stages.Remove(tag, out stage) is false) stage = new BlobStage();
        }
        return stage.TryResolve(args, index, out blob);
    }

    /// <summary>Drops what was staged for this tag (the command did not use it).</summary>
    public void Discard(ulong tag)
    {
        lock (_gate) _stages.Remove(tag);
    }

    public void Clear()
    {
        lock (_gate) _stages.Clear();
    }
}
