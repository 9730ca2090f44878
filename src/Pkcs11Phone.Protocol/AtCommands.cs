namespace Pkcs11Phone.Protocol;

[Flags]
public enum AtForms { None = 0, Action = 1, Set = 2, Read = 4, Test = 8 }

/// <summary>Who answers a command: the phone on the serial link, or the agent on its Unix socket (for modules).</summary>
[Flags]
public enum AtScope { Link = 1, Agent = 2, Both = Link | Agent }

/// <summary>One parameter of a set-form command.</summary>
public sealed record AtParam(string Name, AtValueKind Kind, bool Optional = false);

/// <summary>One row of the command table: everything both ends and docs/protocol.md know about a command.</summary>
public sealed record AtCommandSpec(
    string Name, AtForms Forms, AtScope Scope, AtParam[] Params, string Response, string Summary)
{
    /// <summary>True when the set form's first parameter is a correlation tag, echoed by every information line and by +P11RV.</summary>
    public bool Tagged => Params.Length > 0 && Params[0].Name == "tag";

    /// <summary>The set form as documented, e.g. <c>AT+P11TOKEN=&lt;tag&gt;[,&lt;token&gt;]</c>.</summary>
    public string SetSyntax
    {
        get
        {
            var parts = Params.Select((p, i) => (i > 0 ? "," : "") + "<" + p.Name + ">");
            string text = "";
            int open = 0;
            foreach (var (p, part) in Params.Zip(parts))
            {
                if (p.Optional) { text += "[" + part; open++; }
                else text += part;
            }
            return "AT" + Name + "=" + text + new string(']', open);
        }
    }

    /// <summary>Checks a parsed command against this row: form, parameter count and kinds.</summary>
    public bool Accepts(AtCommandLine command, out string error)
    {
        error = "";
        var form = command.Form switch
        {
            AtForm.Action => AtForms.Action,
            AtForm.Set => AtForms.Set,
            AtForm.Read => AtForms.Read,
            _ => AtForms.Test,
        };
        if ((Forms & form) == 0) { error = $"{Name} has no {command.Form} form"; return false; }
        if (command.Form != AtForm.Set) return true;
        int required = Params.Count(p => !p.Optional);
        if (command.Args.Count < required || command.Args.Count > Params.Length)
        {
            error = $"{Name} takes {required}..{Params.Length} parameters, got {command.Args.Count}";
            return false;
        }
        for (int i = 0; i < command.Args.Count; i++)
        {
            var a = command.Args[i];
            if (a.Kind == AtValueKind.Omitted && Params[i].Optional) continue;
            if (a.Kind != Params[i].Kind) { error = $"{Name}: <{Params[i].Name}> must be a {Params[i].Kind}"; return false; }
        }
        if (Tagged && command.Args[0].Number > uint.MaxValue) { error = "tag out of range"; return false; }
        return true;
    }
}

/// <summary>
/// The unsolicited result code <c>+P11EV: &lt;event&gt;,&lt;token&gt;,&lt;value&gt;</c>: the phone says something the
/// computer did not ask for, between answers (never inside one). See docs/protocol.md, "Unsolicited events".
/// </summary>
public static class P11Events
{
    /// <summary>A token's objects, information or PIN state changed; the value is its new generation.</summary>
    public const ulong Changed = 1;

    /// <summary>The phone logged this computer's clients out of a token on its own (idle time-out); the value is the token's generation.</summary>
    public const ulong LoggedOut = 2;

    /// <summary>A PIN of the token is now locked (too many wrong PINs); the value is the token's generation.</summary>
    public const ulong PinLocked = 3;

    /// <summary>The phone is waiting for its user on the command with this tag (the value): an approval, or a PIN typed on the phone.</summary>
    public const ulong ApprovalPending = 4;

    /// <summary>The phone is still working on commands in hand (sent every <see cref="BusyInterval"/>, so the computer knows it is there).</summary>
    public const ulong Busy = 5;

    /// <summary>How often the phone says <see cref="Busy"/> while commands take long (an approval, an RSA key generation).</summary>
    public static readonly TimeSpan BusyInterval = TimeSpan.FromMilliseconds(500);

    public static AtResponseLine BusyLine => Line(Busy, 0, 0);

    public static AtResponseLine Line(ulong @event, ulong token, ulong value) => AtResponseLine.Info(AtCommands.Event, @event, token, value);

    /// <summary>Reads an event line: exactly three numbers.</summary>
    public static bool TryParse(AtResponseLine line, out ulong @event, out ulong token, out ulong value)
    {
        @event = token = value = 0;
        if (line.Kind != AtResponseKind.Information || line.Name != AtCommands.Event || line.Values.Count != 3
            || line.Values.Any(v => v.Kind != AtValueKind.Number)) return false;
        (@event, token, value) = (line.Values[0].Number, line.Values[1].Number, line.Values[2].Number);
        return true;
    }

    /// <summary>A short name for logs and counters.</summary>
    public static string Name(ulong @event) => @event switch
    {
        Changed => "changed",
        LoggedOut => "logged-out",
        PinLocked => "pin-locked",
        ApprovalPending => "approval-pending",
        Busy => "busy",
        _ => "unknown",
    };
}

/// <summary>
/// The one table of commands. The phone, the agent and the module all go through it, and
/// docs/protocol.md documents exactly these rows (a test compares the two).
/// </summary>
public static class AtCommands
{
    public const string Gcap = "+GCAP";
    public const string Ver = AtSyntax.Prefix + "VER";
    public const string Ping = AtSyntax.Prefix + "PING";
    public const string Token = AtSyntax.Prefix + "TOKEN";
    public const string Mech = AtSyntax.Prefix + "MECH";
    public const string Slots = AtSyntax.Prefix + "SLOTS";
    public const string Data = AtSyntax.Prefix + "DATA";
    public const string Catalogue = AtSyntax.Prefix + "CAT";
    /// <summary>Response only: one object of the catalogue.</summary>
    public const string Object = AtSyntax.Prefix + "OBJ";
    public const string Login = AtSyntax.Prefix + "LOGIN";
    public const string Logout = AtSyntax.Prefix + "LOGOUT";
    public const string End = AtSyntax.Prefix + "END";
    public const string InitToken = AtSyntax.Prefix + "INITTOK";
    public const string InitPin = AtSyntax.Prefix + "INITPIN";
    public const string SetPin = AtSyntax.Prefix + "SETPIN";
    public const string GenerateKeyPair = AtSyntax.Prefix + "GENKP";
    public const string Create = AtSyntax.Prefix + "CREATE";
    public const string Destroy = AtSyntax.Prefix + "DESTROY";
    public const string Copy = AtSyntax.Prefix + "COPY";
    public const string SetAttributes = AtSyntax.Prefix + "SETATTR";
    public const string Sign = AtSyntax.Prefix + "SIGN";
    public const string Decrypt = AtSyntax.Prefix + "DECRYPT";
    public const string Random = AtSyntax.Prefix + "RANDOM";
    public const string Stats = AtSyntax.Prefix + "STATS";
    /// <summary>Withdraws a command in hand that waits for the phone's user.</summary>
    public const string Cancel = AtSyntax.Prefix + "CANCEL";
    /// <summary>Response only: the PKCS#11 result (CK_RV) of a tagged command.</summary>
    public const string Rv = AtSyntax.Prefix + "RV";
    /// <summary>Unsolicited result code: something changed on the phone.</summary>
    public const string Event = AtSyntax.Prefix + "EV";
    /// <summary>Pairing handshake (Noise XXpsk3 with the code the phone shows).</summary>
    public const string Pair = AtSyntax.Prefix + "PAIR";
    /// <summary>Reconnection handshake (Noise KKpsk2 with the keys pinned at pairing).</summary>
    public const string Handshake = AtSyntax.Prefix + "HS";
    /// <summary>One sealed line of the secure session.</summary>
    public const string Sealed = AtSyntax.Prefix + "SEC";

    /// <summary>
    /// A short fingerprint of the command table (names, forms, scopes, parameters), so a module and an
    /// agent from different builds notice that they may not understand each other.
    /// </summary>
    public static string TableFingerprint => s_fingerprint ??= Fingerprint();

    private static string? s_fingerprint;

    private static string Fingerprint()
    {
        var text = string.Join("\n", All.Select(c => $"{c.Name}|{c.Forms}|{c.Scope}|{c.SetSyntax}|{c.Response}"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    /// <summary>What the agent answers to ATI on its socket; the module checks it when it connects.</summary>
    public static string AgentIdentification => "Pkcs11Phone agent, command table " + TableFingerprint;

    /// <summary>The protocol versions this build speaks.</summary>
    public static readonly IReadOnlyList<ulong> Versions = [1];

    private static readonly AtParam Tag = new("tag", AtValueKind.Number);
    private static readonly AtParam TokenParam = new("token", AtValueKind.Number);
    private static readonly AtParam Client = new("client", AtValueKind.String);
    private static AtParam Number(string name) => new(name, AtValueKind.Number);
    private static AtParam Text(string name) => new(name, AtValueKind.String);
    private static AtParam[] Blob(string name) => [Number(name + "len"), Text(name)];

    public static readonly IReadOnlyList<AtCommandSpec> All =
    [
        new(Gcap, AtForms.Action, AtScope.Link, [],
            "+GCAP: +P11", "Capabilities (V.250 6.1.9); answered so that modem probes get a harmless reply."),
        new(Ver, AtForms.Read | AtForms.Test | AtForms.Set, AtScope.Link, [new("version", AtValueKind.Number)],
            "read: +P11VER: <version>,<maxline>,\"<software>\"; test: +P11VER: (<versions>)",
            "Protocol version. The computer reads the phone's versions with the test form and selects one with the set form; an unknown version gives +CME ERROR: 50."),
        new(Ping, AtForms.Set, AtScope.Both, [Tag],
            "+P11RV: <tag>,0", "Liveness check; the agent sends it periodically to see that the phone is there."),
        new(Token, AtForms.Set, AtScope.Both, [Tag, new("token", AtValueKind.Number, Optional: true)],
            "+P11TOKEN: <tag>,<token>," + P11TokenInfo.WireFields,
            "Token information: one line per token, or only <token>. On the agent socket <token> is a slot ID."),
        new(Mech, AtForms.Set, AtScope.Both, [Tag, new("token", AtValueKind.Number)],
            "+P11MECH: <tag>,<token>," + P11MechanismInfo.WireFields,
            "Mechanism list with information, one line per mechanism. On the agent socket <token> is a slot ID."),
        new(Slots, AtForms.Set, AtScope.Agent, [Tag],
            "+P11SLOTS: <tag>,<slot>," + P11SlotInfo.WireFields,
            "The agent's slots: one per token of every configured phone; <present> is 1 while the phone answers."),
        new(Data, AtForms.Set, AtScope.Both, [Tag, Number("offset"), Number("total"), Text("chunk")],
            "+P11RV: <tag>,0",
            "Stages a binary value too long for one line, in base64 chunks at increasing offsets; the next command gives that value as <len>,\"\" with len = total. Any other command clears the stage."),
        new(Catalogue, AtForms.Set, AtScope.Both, [Tag, TokenParam, Number("generation")],
            "+P11CAT: <tag>,<token>,<generation>,<changed>,<count>; then, when changed, one +P11OBJ: <tag>,<handle>,<len>,\"<attributes>\" per object",
            "The token's object catalogue (every object, without sensitive attributes) unless <generation> is still current."),
        new(Login, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Number("user"), Text("pin") with { Optional = true }],
            "+P11RV: <tag>,<rv>",
            "C_Login for one client (CKU_USER, CKU_SO, CKU_CONTEXT_SPECIFIC); the PIN is checked on the phone. Without <pin> the phone asks for it (protected authentication path)."),
        new(Logout, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client],
            "+P11RV: <tag>,<rv>", "C_Logout for one client."),
        new(End, AtForms.Set, AtScope.Link, [Tag, Client],
            "+P11RV: <tag>,0", "A client is gone: log it out and drop its session objects."),
        new(InitToken, AtForms.Set, AtScope.Both, [Tag, TokenParam, Text("sopin"), Text("label")],
            "+P11RV: <tag>,<rv>", "C_InitToken."),
        new(InitPin, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Text("pin") with { Optional = true }],
            "+P11RV: <tag>,<rv>", "C_InitPIN (the client is logged in as SO). Without <pin> the phone asks for the new PIN, twice (protected authentication path)."),
        new(SetPin, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Text("oldpin") with { Optional = true }, Text("newpin") with { Optional = true }],
            "+P11RV: <tag>,<rv>", "C_SetPIN. Without the PINs the phone asks for them (protected authentication path): the current one, then the new one twice."),
        new(GenerateKeyPair, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, .. Blob("mechanism"), .. Blob("templates")],
            "+P11GENKP: <tag>,<public>,<private>,<generation>",
            "C_GenerateKeyPair on the phone; <templates> is the public then the private attribute list."),
        new(Create, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, .. Blob("template")],
            "+P11CREATE: <tag>,<handle>,<generation>", "C_CreateObject of an object the phone keeps."),
        new(Destroy, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Number("handle")],
            "+P11DESTROY: <tag>,<generation>", "C_DestroyObject."),
        new(Copy, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Number("handle"), .. Blob("template")],
            "+P11COPY: <tag>,<handle>,<generation>", "C_CopyObject on the phone: key material is copied there and never leaves it."),
        new(SetAttributes, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Number("handle"), .. Blob("template")],
            "+P11SETATTR: <tag>,<generation>", "C_SetAttributeValue."),
        new(Sign, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Number("key"), .. Blob("mechanism"), .. Blob("data")],
            "+P11SIGN: <tag>,<len>,\"<signature>\"",
            "One private-key signature: the computer has hashed (hash-and-sign) or gathered (multi-part) the data."),
        new(Decrypt, AtForms.Set, AtScope.Both, [Tag, TokenParam, Client, Number("key"), .. Blob("mechanism"), .. Blob("data")],
            "+P11DECRYPT: <tag>,<len>,\"<plaintext>\"", "One private-key decryption (or unwrap: the computer keeps the unwrapped session key)."),
        new(Random, AtForms.Set, AtScope.Both, [Tag, TokenParam, Number("length")],
            "+P11RANDOM: <tag>,<len>,\"<bytes>\"", "Random bytes from the phone's generator."),
        new(Pair, AtForms.Set, AtScope.Link, [Number("step"), Text("message")],
            "+P11PAIR: <step>,\"<message>\"",
            "Pairing, after AT+P11VER: Noise XXpsk3 with the PSK of the code the phone shows. Step 1 and 3 carry the computer's handshake messages, 2 the phone's, 4 the phone's first sealed frame (proof that it knew the code). Refused with +CME ERROR: 3 unless the phone is waiting for a pairing, or when the code does not match."),
        new(Handshake, AtForms.Set, AtScope.Link, [Number("step"), Text("message")],
            "+P11HS: <step>,\"<message>\"",
            "Reconnection, after AT+P11VER: Noise KKpsk2 with the static keys pinned at pairing and the reconnection PSK; step 1 is the computer's message, 2 the phone's. Then every line is sealed. Refused with +CME ERROR: 3 for a computer the phone is not paired with."),
        new(Sealed, AtForms.Set, AtScope.Link, [Text("frame")],
            "+P11SEC: \"<frame>\"",
            "One line of the secure session: the base64 of a Noise transport message whose plaintext is the line and LF. Before a session it gives +CME ERROR: 3."),
        new(Cancel, AtForms.Set, AtScope.Link, [Tag, Number("target")],
            "+P11RV: <tag>,<rv>",
            "Withdraws the command with tag <target> if it waits for the phone's user (an approval, a PIN): it is answered CKR_FUNCTION_CANCELED at once. Answered CKR_OK whether or not there was such a command. The agent sends it when the application that sent <target> goes away."),
        new(Stats, AtForms.Set, AtScope.Agent, [Tag],
            "+P11STATS: <tag>,<phone>,\"<command>\",<count> per phone and command",
            "Link round trips the agent has made, counted per phone and command (p11phone status shows them)."),
    ];

    private static readonly Dictionary<string, AtCommandSpec> ByName = All.ToDictionary(c => c.Name);

    public static AtCommandSpec? Find(string name) => ByName.GetValueOrDefault(name);
}
