using System.Formats.Asn1;
using System.Security.Cryptography;
using Pkcs11Phone.Protocol;
using CKA = Pkcs11Phone.Interop.CKA;
using CKK = Pkcs11Phone.Interop.CKK;
using CKO = Pkcs11Phone.Interop.CKO;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// Public attributes the listing adds when the token does not keep them (SoftHSMv2 2.6 has no CKA_PUBLIC_KEY_INFO,
/// and keeps no CKA_EC_POINT on EC private keys). They are encodings of public values only:
/// <list type="bullet">
/// <item>CKA_PUBLIC_KEY_INFO of RSA, EC and Edwards public keys, and of private keys whose public parts are listed,
/// as the DER SubjectPublicKeyInfo of those parts;</item>
/// <item>CKA_EC_POINT (and so CKA_PUBLIC_KEY_INFO) of an EC or Edwards private key, from the one public key with the
/// same CKA_ID, key type and CKA_EC_PARAMS, when exactly one such public key exists (as applications pair keys).</item>
/// </list>
/// One attribute the token keeps is shown in another form: CKA_EC_PARAMS of a private key the token generated
/// (CKA_LOCAL) in the form its public key has, when the two name the same curve differently. The application named the
/// curve in the public template only; SoftHSMv2 2.6 gives the private key of an Edwards pair the curve's name
/// (PrintableString "edwards25519") whatever the application gave, and the computer then finds keys that do not agree.
/// </summary>
internal static class Pkcs11Listing
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Ed448Oid = "1.3.101.113";

    public static List<P11Object> Complete(List<P11Object> objects)
    {
        var publicKeys = objects.Where(o => Class(o) == CKO.PUBLIC_KEY).ToList();
        var result = new List<P11Object>(objects.Count);
        foreach (var o in objects)
        {
            ulong? cls = Class(o);
            if (cls != CKO.PUBLIC_KEY && cls != CKO.PRIVATE_KEY) { result.Add(o); continue; }
            var attributes = o.Attributes.ToList();
            ulong? keyType = o.Find(CKA.KEY_TYPE)?.AsULong;
            if (cls == CKO.PRIVATE_KEY && (keyType == CKK.EC || keyType == CKK.EC_EDWARDS))
            {
                var partners = publicKeys.Where(p => p.Find(CKA.KEY_TYPE)?.AsULong == keyType
                    && Same(p, o, CKA.ID) && SameCurve(p, o) && !Empty(p, CKA.EC_POINT)).Take(2).ToList();
                if (partners.Count == 1)
                {
                    if (Empty(o, CKA.EC_POINT)) Set(attributes, partners[0].Find(CKA.EC_POINT)!);
                    if (o.Find(CKA.LOCAL)?.AsBool == true && partners[0].Find(CKA.LOCAL)?.AsBool == true && !Same(partners[0], o, CKA.EC_PARAMS))
                        Set(attributes, partners[0].Find(CKA.EC_PARAMS)!);
                }
            }
            if (Empty(attributes, CKA.PUBLIC_KEY_INFO) && SubjectPublicKeyInfo(keyType, attributes) is { } spki)
                Set(attributes, new P11Attribute(CKA.PUBLIC_KEY_INFO, spki));
            result.Add(new P11Object(o.Handle, attributes));
        }
        return result;
    }

    /// <summary>The DER SubjectPublicKeyInfo of a key's public parts, or null when they are not all listed.</summary>
    public static byte[]? SubjectPublicKeyInfo(ulong? keyType, IReadOnlyList<P11Attribute> attributes)
    {
        try
        {
            if (keyType == CKK.RSA)
            {
                byte[]? modulus = Value(attributes, CKA.MODULUS), exponent = Value(attributes, CKA.PUBLIC_EXPONENT);
                if (modulus is not { Length: > 0 } || exponent is not { Length: > 0 }) return null;
                using var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = TrimZeros(modulus), Exponent = TrimZeros(exponent) });
                return rsa.ExportSubjectPublicKeyInfo();
            }
            if (keyType != CKK.EC && keyType != CKK.EC_EDWARDS) return null;
            byte[]? parameters = Value(attributes, CKA.EC_PARAMS), point = Value(attributes, CKA.EC_POINT);
            if (parameters is not { Length: > 0 } || point is not { Length: > 0 }) return null;
            string? curve = CurveOid(parameters);
            if (curve is null) return null;
            byte[] key = PointBytes(point);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    if (keyType == CKK.EC)
                    {
                        writer.WriteObjectIdentifier(EcPublicKeyOid);
                        writer.WriteObjectIdentifier(curve);
                    }
                    else
                    {
                        if (curve != Ed25519Oid && curve != Ed448Oid) return null;
                        writer.WriteObjectIdentifier(curve); // RFC 8410: no parameters
                    }
                }
                writer.WriteBitString(key);
            }
            return writer.Encode();
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The curve of CKA_EC_PARAMS: a DER OID, or a PrintableString curve name (PKCS#11 v3.0).</summary>
    private static string? CurveOid(byte[] parameters)
    {
        var tag = Asn1Tag.Decode(parameters, out _);
        if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            string oid = AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out int consumed);
            return consumed == parameters.Length ? oid : null;
        }
        if (tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString)))
        {
            string name = AsnDecoder.ReadCharacterString(parameters, AsnEncodingRules.DER, UniversalTagNumber.PrintableString, out _);
            return name switch
            {
                "prime256v1" or "secp256r1" => "1.2.840.10045.3.1.7",
                "secp384r1" => "1.3.132.0.34",
                "secp521r1" => "1.3.132.0.35",
                "edwards25519" => Ed25519Oid,
                "edwards448" => Ed448Oid,
                _ => null,
            };
        }
        return null;
    }

    /// <summary>CKA_EC_POINT is a DER OCTET STRING (PKCS#11); some tokens give the bare point.</summary>
    private static byte[] PointBytes(byte[] point)
    {
        try
        {
            byte[] inner = AsnDecoder.ReadOctetString(point, AsnEncodingRules.DER, out int consumed);
            if (consumed == point.Length) return inner;
        }
        catch (AsnContentException)
        {
        }
        return point;
    }

    private static byte[] TrimZeros(byte[] value)
    {
        int i = 0;
        while (i < value.Length - 1 && value[i] == 0) i++;
        return value[i..];
    }

    private static ulong? Class(P11Object o) => o.Find(CKA.CLASS)?.AsULong;

    private static byte[]? Value(IReadOnlyList<P11Attribute> attributes, ulong type) => attributes.FirstOrDefault(a => a.Type == type)?.Value;

    private static bool Empty(P11Object o, ulong type) => o.Find(type)?.Value is not { Length: > 0 };

    private static bool Empty(IReadOnlyList<P11Attribute> attributes, ulong type) => Value(attributes, type) is not { Length: > 0 };

    private static bool Same(P11Object a, P11Object b, ulong type) =>
        (a.Find(type)?.Value ?? []).AsSpan().SequenceEqual(b.Find(type)?.Value ?? []);

    /// <summary>The same curve, however each names it (SoftHSMv2 keeps an OID on one key and a name on the other).</summary>
    private static bool SameCurve(P11Object a, P11Object b)
    {
        if (Same(a, b, CKA.EC_PARAMS)) return true;
        try
        {
            return a.Find(CKA.EC_PARAMS)?.Value is { Length: > 0 } x && b.Find(CKA.EC_PARAMS)?.Value is { Length: > 0 } y
                && CurveOid(x) is { } cx && cx == CurveOid(y);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static void Set(List<P11Attribute> attributes, P11Attribute value)
    {
        attributes.RemoveAll(a => a.Type == value.Type);
        attributes.Add(value);
    }
}
