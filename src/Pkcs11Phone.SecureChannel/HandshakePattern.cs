using System.Collections.Frozen;

namespace Pkcs11Phone.SecureChannel;

/// <summary>A token of a Noise message pattern (Noise rev. 34, section 7).</summary>
internal enum NoiseToken
{
    E,
    S,
    EE,
    ES,
    SE,
    SS,
    Psk,
}

/// <summary>One message of a handshake pattern: who sends it and the tokens it carries.</summary>
internal sealed record HandshakeMessagePattern(bool FromInitiator, IReadOnlyList<NoiseToken> Tokens);

/// <summary>
/// A handshake pattern after its modifiers were applied: the pre-messages and the messages.
/// </summary>
internal sealed class HandshakePattern
{
    // The one table of supported patterns, written as in the Noise specification (rev. 34,
    // sections 7.4 and 7.5). Lines before "..." are pre-messages. Deferred patterns (X1K, ...)
    // and fallback are not supported.
    private static readonly FrozenDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // One-way patterns (section 7.4).
        ["N"] = "<- s | ... | -> e, es",
        ["K"] = "-> s | <- s | ... | -> e, es, ss",
        ["X"] = "<- s | ... | -> e, es, s, ss",

        // Interactive patterns (section 7.5).
        ["NN"] = "-> e | <- e, ee",
        ["NK"] = "<- s | ... | -> e, es | <- e, ee",
        ["NX"] = "-> e | <- e, ee, s, es",
        ["XN"] = "-> e | <- e, ee | -> s, se",
        ["XK"] = "<- s | ... | -> e, es | <- e, ee | -> s, se",
        ["XX"] = "-> e | <- e, ee, s, es | -> s, se",
        ["KN"] = "-> s | ... | -> e | <- e, ee, se",
        ["KK"] = "-> s | <- s | ... | -> e, es, ss | <- e, ee, se",
        ["KX"] = "-> s | ... | -> e | <- e, ee, se, s, es",
        ["IN"] = "-> e, s | <- e, ee, se",
        ["IK"] = "<- s | ... | -> e, es, s, ss | <- e, ee, se",
        ["IX"] = "-> e, s | <- e, ee, se, s, es",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, HandshakePattern> Parsed =
        Table.ToFrozenDictionary(kv => kv.Key, kv => ParseNotation(kv.Key, kv.Value), StringComparer.Ordinal);

    private HandshakePattern(
        string name,
        IReadOnlyList<NoiseToken> initiatorPreMessage,
        IReadOnlyList<NoiseToken> responderPreMessage,
        IReadOnlyList<HandshakeMessagePattern> messages)
    {
        Name = name;
        InitiatorPreMessage = initiatorPreMessage;
        ResponderPreMessage = responderPreMessage;
        Messages = messages;
    }

    /// <summary>The base name (for example "XX"), without modifiers.</summary>
    public string Name { get; }

    /// <summary>Tokens of the initiator's pre-message ("-> s" before "...").</summary>
    public IReadOnlyList<NoiseToken> InitiatorPreMessage { get; }

    /// <summary>Tokens of the responder's pre-message ("&lt;- s" before "...").</summary>
    public IReadOnlyList<NoiseToken> ResponderPreMessage { get; }

    /// <summary>The handshake messages, in order.</summary>
    public IReadOnlyList<HandshakeMessagePattern> Messages { get; }

    /// <summary>True for the one-way patterns N, K and X.</summary>
    public bool IsOneWay => Messages.Count == 1;

    /// <summary>True when any psk token occurs (the handshake is in PSK mode).</summary>
    public bool IsPskMode => Messages.Any(m => m.Tokens.Contains(NoiseToken.Psk));

    /// <summary>The names of the supported base patterns.</summary>
    public static IEnumerable<string> SupportedNames => Table.Keys;

    /// <summary>Looks up a base pattern by name (case-sensitive, as in protocol names).</summary>
    public static bool TryGet(string name, out HandshakePattern pattern) => Parsed.TryGetValue(name, out pattern!);

    /// <summary>
    /// Applies psk modifiers (section 9.2): "psk0" puts a psk token at the beginning of the first
    /// message, "pskN" (N &gt; 0) at the end of the N-th message.
    /// </summary>
    public HandshakePattern WithPsks(IReadOnlyList<int> pskPositions)
    {
        if (pskPositions.Count == 0)
        {
            return this;
        }

        var messages = Messages.Select(m => m.Tokens.ToList()).ToList();
        foreach (var position in pskPositions)
        {
            if (position < 0 || position > messages.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(pskPositions), $"psk{position} does not fit the {messages.Count}-message pattern {Name}.");
            }

            if (position == 0)
            {
                messages[0].Insert(0, NoiseToken.Psk);
            }
            else
            {
                messages[position - 1].Add(NoiseToken.Psk);
            }
        }

        var result = new List<HandshakeMessagePattern>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            result.Add(new HandshakeMessagePattern(Messages[i].FromInitiator, messages[i].AsReadOnly()));
        }

        return new HandshakePattern(Name, InitiatorPreMessage, ResponderPreMessage, result.AsReadOnly());
    }

    private static HandshakePattern ParseNotation(string name, string notation)
    {
        var lines = notation.Split('|', StringSplitOptions.TrimEntries);
        var separator = Array.IndexOf(lines, "...");
        var initiatorPre = new List<NoiseToken>();
        var responderPre = new List<NoiseToken>();
        var messages = new List<HandshakeMessagePattern>();

        for (var i = 0; i < lines.Length; i++)
        {
            if (i == separator)
            {
                continue;
            }

            var (fromInitiator, tokens) = ParseLine(lines[i]);
            if (i < separator)
            {
                (fromInitiator ? initiatorPre : responderPre).AddRange(tokens);
            }
            else
            {
                messages.Add(new HandshakeMessagePattern(fromInitiator, tokens));
            }
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].FromInitiator != (i % 2 == 0))
            {
                throw new InvalidOperationException($"Pattern table entry {name} does not alternate directions.");
            }
        }

        return new HandshakePattern(name, initiatorPre.AsReadOnly(), responderPre.AsReadOnly(), messages.AsReadOnly());
    }

    private static (bool FromInitiator, IReadOnlyList<NoiseToken> Tokens) ParseLine(string line)
    {
        bool fromInitiator;
        if (line.StartsWith("->", StringComparison.Ordinal))
        {
            fromInitiator = true;
        }
        else if (line.StartsWith("<-", StringComparison.Ordinal))
        {
            fromInitiator = false;
        }
        else
        {
            throw new InvalidOperationException($"Bad pattern table line '{line}'.");
        }

        var tokens = line[2..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t switch
            {
                "e" => NoiseToken.E,
                "s" => NoiseToken.S,
                "ee" => NoiseToken.EE,
                "es" => NoiseToken.ES,
                "se" => NoiseToken.SE,
                "ss" => NoiseToken.SS,
                "psk" => NoiseToken.Psk,
                _ => throw new InvalidOperationException($"Bad pattern token '{t}'."),
            })
            .ToList()
            .AsReadOnly();
        return (fromInitiator, tokens);
    }
}
