using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Software.AttributeTable;

namespace Pkcs11Phone.Device.Software;

/// <summary>What C_GenerateKeyPair will make, once its templates have been checked.</summary>
internal sealed class KeyPairPlan
{
    public required ulong Mechanism { get; init; }
    public required ObjectKind PublicKind { get; init; }
    public required ObjectKind PrivateKind { get; init; }
    public required SortedDictionary<ulong, byte[]> Public { get; init; }
    public required SortedDictionary<ulong, byte[]> Private { get; init; }
    public int RsaBits { get; init; }
    public BigInteger? RsaExponent { get; init; }
    public Curve? Curve { get; init; }
}

/// <summary>Turns templates into the attributes of new objects, following <see cref="AttributeTable"/>.</summary>
internal static class ObjectFactory
{
    private static readonly BigInteger F4 = BigInteger.ValueOf(65537);

    /// <summary>
    /// C_CreateObject: the attributes of the new object, and for a private key the key itself (its sensitive
    /// components are not among the attributes).
    /// </summary>
    public static ulong Create(IReadOnlyList<P11Attribute> template, bool bySo,
        out SortedDictionary<ulong, byte[]> attrs, out AsymmetricKeyParameter? privateKey)
    {
        attrs = [];
        privateKey = null;
        if (!IsWellFormed(template)) return CKR.ARGUMENTS_BAD;
        var rv = KindOfTemplate(template, out var kind);
        if (rv != CKR.OK) return rv;
        rv = CheckTemplate(template, kind, MakeOperation.Create, bySo, out attrs);
        if (rv != CKR.OK) return rv;
        rv = kind switch
        {
            ObjectKind.Data => CKR.OK,
            ObjectKind.Certificate => Certificate(attrs),
            ObjectKind.RsaPublic => RsaPublic(attrs),
            ObjectKind.EcPublic or ObjectKind.EdPublic => EcPublic(attrs, kind == ObjectKind.EdPublic),
            ObjectKind.RsaPrivate => RsaPrivate(attrs, out privateKey),
            _ => EcPrivate(attrs, kind == ObjectKind.EdPrivate, out privateKey),
        };
        if (rv != CKR.OK) return rv;
        if ((kind & ObjectKind.Key) != 0)
        {
            attrs[CKA.LOCAL] = BoolBytes(false);
            attrs[CKA.KEY_GEN_MECHANISM] = ULongBytes(ulong.MaxValue); // CK_UNAVAILABLE_INFORMATION
        }
        if ((kind & ObjectKind.Private) != 0)
        {
            attrs[CKA.ALWAYS_SENSITIVE] = BoolBytes(false);
            attrs[CKA.NEVER_EXTRACTABLE] = BoolBytes(false);
        }
        RemoveSensitive(attrs, kind);
        return CKR.OK;
    }

    /// <summary>C_GenerateKeyPair, before the (slow) generation: checks the mechanism and both templates.</summary>
    public static ulong PlanKeyPair(P11Mechanism mechanism, IReadOnlyList<P11Attribute> publicTemplate,
        IReadOnlyList<P11Attribute> privateTemplate, bool bySo, out KeyPairPlan plan)
    {
        plan = null!;
        if (!IsWellFormed(mechanism) || !IsWellFormed(publicTemplate) || !IsWellFormed(privateTemplate)) return CKR.ARGUMENTS_BAD;
        (ObjectKind pub, ObjectKind priv, ulong keyType) = mechanism.Type switch
        {
            CKM.RSA_PKCS_KEY_PAIR_GEN => (ObjectKind.RsaPublic, ObjectKind.RsaPrivate, (ulong)CKK.RSA),
            CKM.EC_KEY_PAIR_GEN => (ObjectKind.EcPublic, ObjectKind.EcPrivate, (ulong)CKK.EC),
            CKM.EC_EDWARDS_KEY_PAIR_GEN => (ObjectKind.EdPublic, ObjectKind.EdPrivate, (ulong)CKK.EC_EDWARDS),
            _ => (ObjectKind.None, ObjectKind.None, 0UL),
        };
        if (pub == ObjectKind.None) return CKR.MECHANISM_INVALID;
        if (mechanism.Numbers.Length != 0 || mechanism.Data.Length != 0) return CKR.MECHANISM_PARAM_INVALID;

        var rv = CheckTemplate(publicTemplate, pub, MakeOperation.Generate, bySo, out var pubAttrs);
        if (rv != CKR.OK) return rv;
        rv = CheckTemplate(privateTemplate, priv, MakeOperation.Generate, bySo, out var privAttrs);
        if (rv != CKR.OK) return rv;
        if (!Agree(pubAttrs, CKA.CLASS, ULongBytes(CKO.PUBLIC_KEY)) || !Agree(privAttrs, CKA.CLASS, ULongBytes(CKO.PRIVATE_KEY))
            || !Agree(pubAttrs, CKA.KEY_TYPE, ULongBytes(keyType)) || !Agree(privAttrs, CKA.KEY_TYPE, ULongBytes(keyType)))
            return CKR.TEMPLATE_INCONSISTENT;

        // CKA_ID given on one key only goes to both.
        bool pubId = publicTemplate.Any(a => a.Type == CKA.ID), privId = privateTemplate.Any(a => a.Type == CKA.ID);
        if (pubId && !privId) privAttrs[CKA.ID] = (byte[])pubAttrs[CKA.ID].Clone();
        if (privId && !pubId) pubAttrs[CKA.ID] = (byte[])privAttrs[CKA.ID].Clone();

        int bits = 0;
        BigInteger? exponent = null;
        Curve? curve = null;
        if (pub == ObjectKind.RsaPublic)
        {
            ulong requested = new P11Attribute(CKA.MODULUS_BITS, pubAttrs[CKA.MODULUS_BITS]).AsULong!.Value;
            if (requested is < KeyMaterial.MinRsaBits or > KeyMaterial.MaxRsaBits) return CKR.KEY_SIZE_RANGE;
            bits = (int)requested;
            exponent = F4;
            if (pubAttrs.Remove(CKA.PUBLIC_EXPONENT, out var e))
            {
                exponent = new BigInteger(1, e);
                if (!KeyMaterial.IsGoodExponent(exponent)) return CKR.ATTRIBUTE_VALUE_INVALID;
            }
        }
        else
        {
            rv = KeyMaterial.ParseEcParams(pubAttrs[CKA.EC_PARAMS], pub == ObjectKind.EdPublic, out var c);
            if (rv != CKR.OK) return rv;
            if (!Agree(privAttrs, CKA.EC_PARAMS, (byte[])pubAttrs[CKA.EC_PARAMS].Clone())) return CKR.TEMPLATE_INCONSISTENT;
            curve = c;
        }
        plan = new KeyPairPlan
        {
            Mechanism = mechanism.Type, PublicKind = pub, PrivateKind = priv, Public = pubAttrs, Private = privAttrs,
            RsaBits = bits, RsaExponent = exponent, Curve = curve,
        };
        return CKR.OK;
    }

    /// <summary>Generates the key pair of a plan and completes both attribute sets.</summary>
    public static AsymmetricCipherKeyPair Generate(KeyPairPlan plan)
    {
        var pair = plan.Curve is { } curve ? KeyMaterial.GenerateEc(curve) : KeyMaterial.GenerateRsa(plan.RsaBits, plan.RsaExponent!);
        KeyMaterial.AddPublicAttributes(plan.Public, pair.Public, isPublicObject: true);
        KeyMaterial.AddPublicAttributes(plan.Private, pair.Public, isPublicObject: false);
        foreach (var attrs in new[] { plan.Public, plan.Private })
        {
            attrs[CKA.LOCAL] = BoolBytes(true);
            attrs[CKA.KEY_GEN_MECHANISM] = ULongBytes(plan.Mechanism);
        }
        plan.Private[CKA.ALWAYS_SENSITIVE] = BoolBytes(plan.Private[CKA.SENSITIVE][0] != 0);
        plan.Private[CKA.NEVER_EXTRACTABLE] = BoolBytes(plan.Private[CKA.EXTRACTABLE][0] == 0);
        return pair;
    }

    /// <summary>No null where the protocol layer should have put values.</summary>
    public static bool IsWellFormed(IReadOnlyList<P11Attribute>? template) => template is not null && template.All(a => a?.Value is not null);

    public static bool IsWellFormed(P11Mechanism? m) => m?.Numbers is not null && m.Data is not null;

    private static ulong KindOfTemplate(IReadOnlyList<P11Attribute> template, out ObjectKind kind)
    {
        kind = ObjectKind.None;
        var cls = template.LastOrDefault(a => a?.Type == CKA.CLASS);
        if (cls is null) return CKR.TEMPLATE_INCOMPLETE;
        if (cls.AsULong is not { } c) return CKR.ATTRIBUTE_VALUE_INVALID;
        ulong? keyType = null;
        if (c is CKO.PUBLIC_KEY or CKO.PRIVATE_KEY)
        {
            var kt = template.LastOrDefault(a => a?.Type == CKA.KEY_TYPE);
            if (kt is null) return CKR.TEMPLATE_INCOMPLETE;
            if (kt.AsULong is not { } k) return CKR.ATTRIBUTE_VALUE_INVALID;
            keyType = k;
        }
        kind = KindOf(c, keyType);
        return kind == ObjectKind.None ? CKR.ATTRIBUTE_VALUE_INVALID : CKR.OK;
    }

    private static ulong Certificate(SortedDictionary<ulong, byte[]> attrs)
    {
        if (new P11Attribute(0, attrs[CKA.CERTIFICATE_TYPE]).AsULong != CKC.X_509) return CKR.ATTRIBUTE_VALUE_INVALID;
        if (new P11Attribute(0, attrs[CKA.CERTIFICATE_CATEGORY]).AsULong > 3) return CKR.ATTRIBUTE_VALUE_INVALID;
        if (new P11Attribute(0, attrs[CKA.JAVA_MIDP_SECURITY_DOMAIN]).AsULong > 3) return CKR.ATTRIBUTE_VALUE_INVALID;
        var value = attrs[CKA.VALUE];
        X509CertificateStructure cert;
        try
        {
            cert = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(value));
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException or InvalidCastException)
        {
            return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        // CKA_SERIAL_NUMBER is the DER INTEGER; Java's SunPKCS11 gives the bare big-endian number instead, which
        // is the same serial: kept as given, so the application finds the certificate by what it stored.
        var serial = cert.SerialNumber.GetEncoded(Asn1Encodable.Der);
        if (attrs.TryGetValue(CKA.SERIAL_NUMBER, out var givenSerial) && givenSerial.AsSpan().SequenceEqual(cert.SerialNumber.Value.ToByteArray()))
            serial = givenSerial;
        bool ok = Agree(attrs, CKA.SUBJECT, cert.Subject.GetEncoded(Asn1Encodable.Der))
            & Agree(attrs, CKA.ISSUER, cert.Issuer.GetEncoded(Asn1Encodable.Der))
            & Agree(attrs, CKA.SERIAL_NUMBER, serial)
            & Agree(attrs, CKA.PUBLIC_KEY_INFO, cert.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der))
            & Agree(attrs, CKA.CHECK_VALUE, SHA1.HashData(value)[..3]);
        return ok ? CKR.OK : CKR.TEMPLATE_INCONSISTENT;
    }

    private static ulong RsaPublic(SortedDictionary<ulong, byte[]> attrs)
    {
        var n = new BigInteger(1, attrs[CKA.MODULUS]);
        var e = new BigInteger(1, attrs[CKA.PUBLIC_EXPONENT]);
        if (n.BitLength is < 1024 or > 16384 || !n.TestBit(0) || !KeyMaterial.IsGoodExponent(e)) return CKR.ATTRIBUTE_VALUE_INVALID;
        attrs.Remove(CKA.MODULUS);
        attrs.Remove(CKA.PUBLIC_EXPONENT);
        return KeyMaterial.AddPublicAttributes(attrs, new RsaKeyParameters(false, n, e), isPublicObject: true) ? CKR.OK : CKR.TEMPLATE_INCONSISTENT;
    }

    private static ulong EcPublic(SortedDictionary<ulong, byte[]> attrs, bool edwards)
    {
        var rv = KeyMaterial.ParseEcParams(attrs[CKA.EC_PARAMS], edwards, out var curve);
        if (rv != CKR.OK) return rv;
        rv = KeyMaterial.ParseEcPoint(attrs[CKA.EC_POINT], curve, out var key);
        if (rv != CKR.OK) return rv;
        attrs.Remove(CKA.EC_POINT); // stored in its canonical form: DER OCTET STRING of the uncompressed point
        return KeyMaterial.AddPublicAttributes(attrs, key, isPublicObject: true) ? CKR.OK : CKR.TEMPLATE_INCONSISTENT;
    }

    private static ulong RsaPrivate(SortedDictionary<ulong, byte[]> attrs, out AsymmetricKeyParameter? privateKey)
    {
        privateKey = null;
        var rv = KeyMaterial.ImportRsa(attrs, out var key);
        if (rv != CKR.OK) return rv;
        attrs.Remove(CKA.MODULUS);
        attrs.Remove(CKA.PUBLIC_EXPONENT);
        privateKey = key;
        return KeyMaterial.AddPublicAttributes(attrs, new RsaKeyParameters(false, key.Modulus, key.PublicExponent), isPublicObject: false)
            ? CKR.OK : CKR.TEMPLATE_INCONSISTENT;
    }

    private static ulong EcPrivate(SortedDictionary<ulong, byte[]> attrs, bool edwards, out AsymmetricKeyParameter? privateKey)
    {
        privateKey = null;
        var rv = KeyMaterial.ParseEcParams(attrs[CKA.EC_PARAMS], edwards, out var curve);
        if (rv != CKR.OK) return rv;
        rv = KeyMaterial.ImportEc(attrs[CKA.VALUE], curve, out var key, out var publicKey);
        if (rv != CKR.OK) return rv;
        if (attrs.TryGetValue(CKA.EC_POINT, out var givenPoint))
        {
            // A given point may be bare or compressed: compare keys, then keep the canonical form.
            if (KeyMaterial.ParseEcPoint(givenPoint, curve, out var given) != CKR.OK || !SamePublicKey(given, publicKey))
                return CKR.TEMPLATE_INCONSISTENT;
            attrs.Remove(CKA.EC_POINT);
        }
        privateKey = key;
        return KeyMaterial.AddPublicAttributes(attrs, publicKey, isPublicObject: false) ? CKR.OK : CKR.TEMPLATE_INCONSISTENT;
    }

    private static bool SamePublicKey(AsymmetricKeyParameter a, AsymmetricKeyParameter b) => (a, b) switch
    {
        (ECPublicKeyParameters x, ECPublicKeyParameters y) => x.Q.Equals(y.Q),
        (Ed25519PublicKeyParameters x, Ed25519PublicKeyParameters y) => x.GetEncoded().AsSpan().SequenceEqual(y.GetEncoded()),
        _ => false,
    };

    private static void RemoveSensitive(SortedDictionary<ulong, byte[]> attrs, ObjectKind kind)
    {
        foreach (var type in attrs.Keys.Where(t => IsSensitive(t, kind)).ToList())
        {
            CryptographicOperations.ZeroMemory(attrs[type]);
            attrs.Remove(type);
        }
    }
}
