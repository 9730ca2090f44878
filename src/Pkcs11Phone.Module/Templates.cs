using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>Reading CK_ATTRIBUTE templates from callers, and the attribute facts the module needs.</summary>
internal static unsafe class Templates
{
    /// <summary>Reads a caller's template into canonical attributes (on Linux x86-64 a CK_ULONG is already 8 bytes little-endian).</summary>
    public static List<P11Attribute> Read(CK_ATTRIBUTE* template, nuint count)
    {
        if (count > 0 && template is null) throw new CkException(CKR.ARGUMENTS_BAD);
        if (count > P11Binary.MaxAttributes) throw new CkException(CKR.ARGUMENTS_BAD, "template too long");
        var list = new List<P11Attribute>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            var a = template[i];
            if (a.ulValueLen > P11Binary.MaxAttributeValue) throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "attribute value too long");
            if (a.pValue is null && a.ulValueLen != 0) throw new CkException(CKR.ARGUMENTS_BAD);
            var value = a.ulValueLen == 0 ? [] : new ReadOnlySpan<byte>(a.pValue, (int)a.ulValueLen).ToArray();
            if (IsULong(a.type) && value.Length != 8) throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, CkNames.Attribute(a.type));
            if (IsBool(a.type) && value.Length != 1) throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, CkNames.Attribute(a.type));
            list.RemoveAll(x => x.Type == a.type);
            list.Add(new P11Attribute(a.type, value));
        }
        return list;
    }

    public static P11Attribute? Find(IReadOnlyList<P11Attribute> attributes, nuint type) => attributes.FirstOrDefault(a => a.Type == (ulong)type);

    public static ulong? ULong(IReadOnlyList<P11Attribute> attributes, nuint type) => Find(attributes, type)?.AsULong;

    public static bool? Bool(IReadOnlyList<P11Attribute> attributes, nuint type) => Find(attributes, type)?.AsBool;

    /// <summary>True when every template attribute is on the object with exactly the same value.</summary>
    public static bool Matches(IReadOnlyList<P11Attribute> attributes, IReadOnlyList<P11Attribute> template) =>
        template.All(t => attributes.Any(a => a.Equals(t)));

    private static readonly HashSet<nuint> ULongTypes =
    [
        CKA.CLASS, CKA.KEY_TYPE, CKA.CERTIFICATE_TYPE, CKA.MODULUS_BITS, CKA.VALUE_LEN, CKA.KEY_GEN_MECHANISM,
        CKA.CERTIFICATE_CATEGORY, CKA.JAVA_MIDP_SECURITY_DOMAIN, CKA.NAME_HASH_ALGORITHM, CKA.MECHANISM_TYPE,
    ];

    private static readonly HashSet<nuint> BoolTypes =
    [
        CKA.TOKEN, CKA.PRIVATE, CKA.MODIFIABLE, CKA.COPYABLE, CKA.DESTROYABLE, CKA.TRUSTED, CKA.SENSITIVE,
        CKA.ENCRYPT, CKA.DECRYPT, CKA.WRAP, CKA.UNWRAP, CKA.SIGN, CKA.SIGN_RECOVER, CKA.VERIFY, CKA.VERIFY_RECOVER,
        CKA.DERIVE, CKA.EXTRACTABLE, CKA.LOCAL, CKA.NEVER_EXTRACTABLE, CKA.ALWAYS_SENSITIVE, CKA.ALWAYS_AUTHENTICATE,
        CKA.WRAP_WITH_TRUSTED,
    ];

    public static bool IsULong(nuint type) => ULongTypes.Contains(type);

    public static bool IsBool(nuint type) => BoolTypes.Contains(type);

    /// <summary>Attributes that a sensitive or unextractable key never reveals (CKR_ATTRIBUTE_SENSITIVE).</summary>
    private static readonly HashSet<nuint> SecretComponents =
    [
        CKA.VALUE, CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2, CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT,
    ];

    /// <summary>Whether asking this object for this attribute is CKR_ATTRIBUTE_SENSITIVE rather than CKR_ATTRIBUTE_TYPE_INVALID.</summary>
    public static bool IsSensitive(IReadOnlyList<P11Attribute> attributes, nuint type)
    {
        var cls = ULong(attributes, CKA.CLASS);
        if (cls != CKO.PRIVATE_KEY && cls != CKO.SECRET_KEY) return false;
        if (!SecretComponents.Contains(type)) return false;
        if (cls == CKO.PRIVATE_KEY) return true; // private keys never leave the phone
        return Bool(attributes, CKA.SENSITIVE) == true || Bool(attributes, CKA.EXTRACTABLE) == false;
    }
}
