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
    /// <summary>Response only: the PKCS#11 result (CK_RV) of a tagged command.</summary>
    public const string Rv = AtSyntax.Prefix + "RV";

    /// <summary>The protocol versions this build speaks.</summary>
    public static readonly IReadOnlyList<ulong> Versions = [1];

    private static readonly AtParam Tag = new("tag", AtValueKind.Number);

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
    ];

    private static readonly Dictionary<string, AtCommandSpec> ByName = All.ToDictionary(c => c.Name);

    public static AtCommandSpec? Find(string name) => ByName.GetValueOrDefault(name);
}
