using System.Buffers.Binary;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device.Software;

/// <summary>The kinds of object the software token keeps; an attribute rule applies to a set of them.</summary>
[Flags]
internal enum ObjectKind
{
    None = 0,
    Data = 1,
    Certificate = 2,
    RsaPublic = 4,
    EcPublic = 8,
    EdPublic = 16,
    RsaPrivate = 32,
    EcPrivate = 64,
    EdPrivate = 128,

    Public = RsaPublic | EcPublic | EdPublic,
    Private = RsaPrivate | EcPrivate | EdPrivate,
    Key = Public | Private,
    Rsa = RsaPublic | RsaPrivate,
    EcLikePublic = EcPublic | EdPublic,
    EcLikePrivate = EcPrivate | EdPrivate,
    Any = Data | Certificate | Key,
}

/// <summary>The encoding an attribute's value must have.</summary>
internal enum ValueKind
{
    /// <summary>CK_BBOOL: 1 byte.</summary>
    Bool,
    /// <summary>CK_ULONG: 8 bytes little-endian.</summary>
    ULong,
    /// <summary>Any bytes.</summary>
    Bytes,
    /// <summary>UTF-8 text (RFC 2279 string).</summary>
    Text,
    /// <summary>CK_DATE: empty, or 8 ASCII digits YYYYMMDD.</summary>
    Date,
    /// <summary>A big integer, big-endian, at least one byte.</summary>
    BigInteger,
    /// <summary>A CK_MECHANISM_TYPE array: a multiple of 8 bytes.</summary>
    MechanismList,
}

/// <summary>How an attribute may appear in the template of an operation that makes an object.</summary>
internal enum Presence
{
    /// <summary>The template may give it; otherwise the rule's default applies (if it has one).</summary>
    Optional,
    /// <summary>The template must give it (else CKR_TEMPLATE_INCOMPLETE).</summary>
    Required,
    /// <summary>The token sets it; a template that gives it gets CKR_ATTRIBUTE_READ_ONLY.</summary>
    Forbidden,
    /// <summary>The token derives it from other attributes; a value in the template must agree (else CKR_TEMPLATE_INCONSISTENT).</summary>
    Checked,
}

[Flags]
internal enum AttributeFlags
{
    None = 0,
    /// <summary>Secret: never listed, never stored in clear (it becomes part of the key's sealed secret).</summary>
    Sensitive = 1,
    /// <summary>C_SetAttributeValue may change it (PKCS#11 footnote 8).</summary>
    Modifiable = 2,
    /// <summary>Only the SO may set it to CK_TRUE (footnote 10).</summary>
    TrueOnlyBySo = 4,
    /// <summary>Once CK_TRUE it cannot change (footnote 11).</summary>
    FixedOnceTrue = 8,
    /// <summary>Once CK_FALSE it cannot change (footnote 12).</summary>
    FixedOnceFalse = 16,
}

/// <summary>One attribute of the object kinds in <see cref="Kinds"/>: its encoding, its place in templates, what may change, its default.</summary>
internal sealed record AttributeRule(
    ulong Type, ObjectKind Kinds, ValueKind Value, Presence OnCreate, Presence OnGenerate, AttributeFlags Flags, byte[]? Default)
{
    public bool Has(AttributeFlags f) => (Flags & f) == f;
}

internal enum MakeOperation { Create, Generate }

/// <summary>
/// The PKCS#11 attribute rules of every object the software token keeps, encoded once. Template checking for
/// C_CreateObject and C_GenerateKeyPair, and change checking for C_SetAttributeValue, all read this table.
/// </summary>
internal static class AttributeTable
{
    private static readonly byte[] True = [1], False = [0], Empty = [];
    private static byte[] Zero => ULongBytes(0);

    private const Presence Opt = Presence.Optional, Req = Presence.Required, No = Presence.Forbidden, Chk = Presence.Checked;
    private const AttributeFlags None = AttributeFlags.None, Mod = AttributeFlags.Modifiable, Sens = AttributeFlags.Sensitive;
    private const ObjectKind Data = ObjectKind.Data, Cert = ObjectKind.Certificate, Key = ObjectKind.Key,
        Pub = ObjectKind.Public, Priv = ObjectKind.Private, Any = ObjectKind.Any;

    private static AttributeRule R(nuint type, ObjectKind kinds, ValueKind value, Presence onCreate, Presence onGenerate,
        AttributeFlags flags = None, byte[]? @default = null) => new(type, kinds, value, onCreate, onGenerate, flags, @default);

    /// <summary>
    /// The table. A type may have several rows for disjoint kinds (CKA_VALUE of a data object, of a certificate, of a
    /// private key). Defaults that depend on the key type are separate rows too. CKA_CLASS and CKA_KEY_TYPE are
    /// "checked" at generation: they may be given but must match the mechanism.
    /// </summary>
    public static readonly AttributeRule[] Rules =
    [
        // Storage objects (PKCS#11 v3.0 §4.4)
        R(CKA.CLASS, Any, ValueKind.ULong, Req, Chk),
        R(CKA.TOKEN, Any, ValueKind.Bool, Opt, Opt, None, False),
        R(CKA.PRIVATE, Data | Cert | Pub, ValueKind.Bool, Opt, Opt, None, False),
        R(CKA.PRIVATE, Priv, ValueKind.Bool, Opt, Opt, None, True),
        R(CKA.MODIFIABLE, Any, ValueKind.Bool, Opt, Opt, None, True),
        R(CKA.LABEL, Any, ValueKind.Text, Opt, Opt, Mod, Empty),
        R(CKA.COPYABLE, Any, ValueKind.Bool, Opt, Opt, Mod | AttributeFlags.FixedOnceFalse, True),
        R(CKA.DESTROYABLE, Any, ValueKind.Bool, Opt, Opt, None, True),

        // Data objects (§4.5)
        R(CKA.APPLICATION, Data, ValueKind.Text, Opt, No, Mod, Empty),
        R(CKA.OBJECT_ID, Data, ValueKind.Bytes, Opt, No, Mod, Empty),
        R(CKA.VALUE, Data, ValueKind.Bytes, Opt, No, Mod, Empty),

        // Certificates (§4.6) and X.509 public-key certificates (§4.6.3); subject, issuer and serial come from CKA_VALUE
        R(CKA.CERTIFICATE_TYPE, Cert, ValueKind.ULong, Req, No),
        R(CKA.TRUSTED, Cert | Pub, ValueKind.Bool, Opt, Opt, Mod | AttributeFlags.TrueOnlyBySo, False),
        R(CKA.CERTIFICATE_CATEGORY, Cert, ValueKind.ULong, Opt, No, None, Zero),
        R(CKA.CHECK_VALUE, Cert, ValueKind.Bytes, Chk, No),
        R(CKA.START_DATE, Cert | Key, ValueKind.Date, Opt, Opt, Mod, Empty),
        R(CKA.END_DATE, Cert | Key, ValueKind.Date, Opt, Opt, Mod, Empty),
        R(CKA.PUBLIC_KEY_INFO, Cert | Key, ValueKind.Bytes, Chk, No),
        R(CKA.SUBJECT, Cert, ValueKind.Bytes, Chk, No),
        R(CKA.ID, Cert | Key, ValueKind.Bytes, Opt, Opt, Mod, Empty),
        R(CKA.ISSUER, Cert, ValueKind.Bytes, Chk, No, Mod),
        R(CKA.SERIAL_NUMBER, Cert, ValueKind.Bytes, Chk, No, Mod),
        R(CKA.VALUE, Cert, ValueKind.Bytes, Req, No),
        R(CKA.URL, Cert, ValueKind.Text, Opt, No, None, Empty),
        R(CKA.HASH_OF_SUBJECT_PUBLIC_KEY, Cert, ValueKind.Bytes, Opt, No, None, Empty),
        R(CKA.HASH_OF_ISSUER_PUBLIC_KEY, Cert, ValueKind.Bytes, Opt, No, None, Empty),
        R(CKA.JAVA_MIDP_SECURITY_DOMAIN, Cert, ValueKind.ULong, Opt, No, None, Zero),
        R(CKA.NAME_HASH_ALGORITHM, Cert, ValueKind.ULong, Opt, No),

        // Keys (§4.7)
        R(CKA.KEY_TYPE, Key, ValueKind.ULong, Req, Chk),
        R(CKA.DERIVE, Key, ValueKind.Bool, Opt, Opt, Mod, False),
        R(CKA.LOCAL, Key, ValueKind.Bool, No, No),
        R(CKA.KEY_GEN_MECHANISM, Key, ValueKind.ULong, No, No),
        R(CKA.ALLOWED_MECHANISMS, Key, ValueKind.MechanismList, Opt, Opt, None, Empty),

        // Public keys (§4.8)
        R(CKA.SUBJECT, Key, ValueKind.Bytes, Opt, Opt, Mod, Empty),
        R(CKA.ENCRYPT, ObjectKind.RsaPublic, ValueKind.Bool, Opt, Opt, Mod, True),
        R(CKA.ENCRYPT, ObjectKind.EcLikePublic, ValueKind.Bool, Opt, Opt, Mod, False),
        R(CKA.VERIFY, Pub, ValueKind.Bool, Opt, Opt, Mod, True),
        R(CKA.VERIFY_RECOVER, Pub, ValueKind.Bool, Opt, Opt, Mod, False),
        R(CKA.WRAP, ObjectKind.RsaPublic, ValueKind.Bool, Opt, Opt, Mod, True),
        R(CKA.WRAP, ObjectKind.EcLikePublic, ValueKind.Bool, Opt, Opt, Mod, False),

        // Private keys (§4.9)
        R(CKA.SENSITIVE, Priv, ValueKind.Bool, Opt, Opt, Mod | AttributeFlags.FixedOnceTrue, True),
        R(CKA.DECRYPT, ObjectKind.RsaPrivate, ValueKind.Bool, Opt, Opt, Mod, True),
        R(CKA.DECRYPT, ObjectKind.EcLikePrivate, ValueKind.Bool, Opt, Opt, Mod, False),
        R(CKA.SIGN, Priv, ValueKind.Bool, Opt, Opt, Mod, True),
        R(CKA.SIGN_RECOVER, Priv, ValueKind.Bool, Opt, Opt, Mod, False),
        R(CKA.UNWRAP, ObjectKind.RsaPrivate, ValueKind.Bool, Opt, Opt, Mod, True),
        R(CKA.UNWRAP, ObjectKind.EcLikePrivate, ValueKind.Bool, Opt, Opt, Mod, False),
        R(CKA.EXTRACTABLE, Priv, ValueKind.Bool, Opt, Opt, Mod | AttributeFlags.FixedOnceFalse, False),
        R(CKA.ALWAYS_SENSITIVE, Priv, ValueKind.Bool, No, No),
        R(CKA.NEVER_EXTRACTABLE, Priv, ValueKind.Bool, No, No),
        R(CKA.WRAP_WITH_TRUSTED, Priv, ValueKind.Bool, Opt, Opt, Mod | AttributeFlags.FixedOnceTrue, False),
        R(CKA.ALWAYS_AUTHENTICATE, Priv, ValueKind.Bool, Opt, Opt, None, False),

        // RSA (§6.1.2, §6.1.3): the public components are on both keys
        R(CKA.MODULUS, ObjectKind.Rsa, ValueKind.BigInteger, Req, No),
        R(CKA.MODULUS_BITS, ObjectKind.RsaPublic, ValueKind.ULong, Chk, Req),
        R(CKA.PUBLIC_EXPONENT, ObjectKind.RsaPublic, ValueKind.BigInteger, Req, Opt),
        R(CKA.PUBLIC_EXPONENT, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No),
        R(CKA.PRIVATE_EXPONENT, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No, Sens),
        R(CKA.PRIME_1, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No, Sens),
        R(CKA.PRIME_2, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No, Sens),
        R(CKA.EXPONENT_1, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No, Sens),
        R(CKA.EXPONENT_2, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No, Sens),
        R(CKA.COEFFICIENT, ObjectKind.RsaPrivate, ValueKind.BigInteger, Req, No, Sens),

        // Elliptic curves (§6.3) and Edwards curves (§6.3.5, §6.3.6): the point is on both keys
        R(CKA.EC_PARAMS, ObjectKind.EcLikePublic, ValueKind.Bytes, Req, Req),
        R(CKA.EC_PARAMS, ObjectKind.EcLikePrivate, ValueKind.Bytes, Req, Chk),
        R(CKA.EC_POINT, ObjectKind.EcLikePublic, ValueKind.Bytes, Req, No),
        R(CKA.EC_POINT, ObjectKind.EcLikePrivate, ValueKind.Bytes, Chk, No),
        R(CKA.VALUE, ObjectKind.EcPrivate, ValueKind.BigInteger, Req, No, Sens),
        R(CKA.VALUE, ObjectKind.EdPrivate, ValueKind.Bytes, Req, No, Sens),
    ];

    private static readonly Dictionary<ulong, AttributeRule[]> ByType =
        Rules.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>The rule of an attribute for an object kind, or null when the kind has no such attribute.</summary>
    public static AttributeRule? Find(ulong type, ObjectKind kind) =>
        ByType.TryGetValue(type, out var rules) ? Array.Find(rules, r => (r.Kinds & kind) != 0) : null;

    public static IEnumerable<AttributeRule> RulesOf(ObjectKind kind) => Rules.Where(r => (r.Kinds & kind) != 0);

    public static bool IsSensitive(ulong type, ObjectKind kind) => Find(type, kind)?.Has(AttributeFlags.Sensitive) == true;

    public static ObjectKind KindOf(ulong objectClass, ulong? keyType) => (objectClass, keyType) switch
    {
        (CKO.DATA, _) => ObjectKind.Data,
        (CKO.CERTIFICATE, _) => ObjectKind.Certificate,
        (CKO.PUBLIC_KEY, CKK.RSA) => ObjectKind.RsaPublic,
        (CKO.PUBLIC_KEY, CKK.EC) => ObjectKind.EcPublic,
        (CKO.PUBLIC_KEY, CKK.EC_EDWARDS) => ObjectKind.EdPublic,
        (CKO.PRIVATE_KEY, CKK.RSA) => ObjectKind.RsaPrivate,
        (CKO.PRIVATE_KEY, CKK.EC) => ObjectKind.EcPrivate,
        (CKO.PRIVATE_KEY, CKK.EC_EDWARDS) => ObjectKind.EdPrivate,
        _ => ObjectKind.None,
    };

    /// <summary>Whether a value has the encoding its rule asks for.</summary>
    public static bool IsWellFormed(ValueKind kind, byte[] v) => kind switch
    {
        ValueKind.Bool => v.Length == 1 && v[0] <= 1,
        ValueKind.ULong => v.Length == 8,
        ValueKind.Date => v.Length == 0 || (v.Length == 8 && v.All(b => b is >= (byte)'0' and <= (byte)'9')),
        ValueKind.BigInteger => v.Length > 0,
        ValueKind.MechanismList => v.Length % 8 == 0,
        _ => true,
    };

    /// <summary>
    /// Checks a template against the rules of <paramref name="kind"/> for an operation that makes an object, and returns
    /// its attributes with the defaults added. Derived ("checked") and token-set attributes are left to the caller.
    /// </summary>
    public static ulong CheckTemplate(IReadOnlyList<P11Attribute> template, ObjectKind kind, MakeOperation op, bool bySo,
        out SortedDictionary<ulong, byte[]> attributes)
    {
        attributes = [];
        foreach (var a in template)
        {
            if (a is null || a.Value is null) return CKR.ARGUMENTS_BAD;
            var rule = Find(a.Type, kind);
            if (rule is null) return CKR.ATTRIBUTE_TYPE_INVALID;
            if (!IsWellFormed(rule.Value, a.Value)) return CKR.ATTRIBUTE_VALUE_INVALID;
            var presence = op == MakeOperation.Create ? rule.OnCreate : rule.OnGenerate;
            if (presence == Presence.Forbidden) return CKR.ATTRIBUTE_READ_ONLY;
            if (rule.Has(AttributeFlags.TrueOnlyBySo) && a.Value[0] != 0 && !bySo) return CKR.ATTRIBUTE_READ_ONLY;
            if (attributes.TryGetValue(a.Type, out var earlier) && !earlier.AsSpan().SequenceEqual(a.Value))
                return CKR.TEMPLATE_INCONSISTENT;
            attributes[a.Type] = (byte[])a.Value.Clone();
        }
        foreach (var rule in RulesOf(kind))
        {
            var presence = op == MakeOperation.Create ? rule.OnCreate : rule.OnGenerate;
            if (attributes.ContainsKey(rule.Type)) continue;
            if (presence == Presence.Required) return CKR.TEMPLATE_INCOMPLETE;
            if (rule.Default is { } d) attributes[rule.Type] = (byte[])d.Clone();
        }
        return CKR.OK;
    }

    /// <summary>Checks a C_SetAttributeValue template against an object, and returns the changes to make.</summary>
    public static ulong CheckChanges(StoredObject o, IReadOnlyList<P11Attribute> template, bool bySo, out Dictionary<ulong, byte[]> changes)
    {
        changes = [];
        var kind = o.Kind;
        foreach (var a in template)
        {
            if (a is null || a.Value is null) return CKR.ARGUMENTS_BAD;
            var rule = Find(a.Type, kind);
            if (rule is null) return CKR.ATTRIBUTE_TYPE_INVALID;
            if (!IsWellFormed(rule.Value, a.Value)) return CKR.ATTRIBUTE_VALUE_INVALID;
            if (!rule.Has(AttributeFlags.Modifiable)) return CKR.ATTRIBUTE_READ_ONLY;
            bool now = o.Bool(a.Type), wanted = rule.Value == ValueKind.Bool && a.Value[0] != 0;
            if (rule.Has(AttributeFlags.FixedOnceTrue) && now && !wanted) return CKR.ATTRIBUTE_READ_ONLY;
            if (rule.Has(AttributeFlags.FixedOnceFalse) && !now && wanted) return CKR.ATTRIBUTE_READ_ONLY;
            if (rule.Has(AttributeFlags.TrueOnlyBySo) && wanted && !bySo) return CKR.ATTRIBUTE_READ_ONLY;
            if (rule.OnCreate == Presence.Checked && !(o.Get(a.Type) ?? []).AsSpan().SequenceEqual(a.Value))
                return CKR.TEMPLATE_INCONSISTENT;
            if (changes.TryGetValue(a.Type, out var earlier) && !earlier.AsSpan().SequenceEqual(a.Value))
                return CKR.TEMPLATE_INCONSISTENT;
            changes[a.Type] = (byte[])a.Value.Clone();
        }
        return CKR.OK;
    }

    /// <summary>
    /// Sets a derived attribute, or checks the value the template gave for it: CKR_TEMPLATE_INCONSISTENT when they differ.
    /// </summary>
    public static bool Agree(SortedDictionary<ulong, byte[]> attributes, ulong type, byte[] derived)
    {
        if (attributes.TryGetValue(type, out var given) && !given.AsSpan().SequenceEqual(derived)) return false;
        attributes[type] = derived;
        return true;
    }

    public static byte[] ULongBytes(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    public static byte[] BoolBytes(bool v) => [v ? (byte)1 : (byte)0];
}
