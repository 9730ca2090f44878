using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pkcs11Phone.Protocol;
using CKA = Pkcs11Phone.Interop.CKA;
using CKC = Pkcs11Phone.Interop.CKC;
using CKK = Pkcs11Phone.Interop.CKK;
using CKO = Pkcs11Phone.Interop.CKO;
using CKR = Pkcs11Phone.Interop.CKR;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// What the phone adds to a template before the token sees it, the same for any token: the canonical encoding is
/// checked, an X.509 certificate's SUBJECT, ISSUER and SERIAL_NUMBER come from the certificate itself, a key pair
/// shares a CKA_ID given for one of its keys, and private keys are sensitive and not extractable unless the template
/// says otherwise (the phone's keys stay on the phone). The phone keeps data objects, certificates, and RSA, EC and
/// Edwards keys only (other classes and key types: CKR_ATTRIBUTE_VALUE_INVALID), and checks imported keys with .NET
/// before a token stores them: an EC point must lie on its curve, an EC scalar must be a key of its curve, an
/// Edwards seed must have its length, and RSA components must make one key. Everything else is the token's to
/// accept or refuse.
/// </summary>
internal static class Pkcs11Templates
{
    private static readonly HashSet<ulong> BooleanTypes =
    [
        CKA.TOKEN, CKA.PRIVATE, CKA.TRUSTED, CKA.SENSITIVE, CKA.ENCRYPT, CKA.DECRYPT, CKA.WRAP, CKA.UNWRAP, CKA.SIGN,
        CKA.SIGN_RECOVER, CKA.VERIFY, CKA.VERIFY_RECOVER, CKA.DERIVE, CKA.EXTRACTABLE, CKA.LOCAL, CKA.NEVER_EXTRACTABLE,
        CKA.ALWAYS_SENSITIVE, CKA.MODIFIABLE, CKA.COPYABLE, CKA.DESTROYABLE, CKA.ALWAYS_AUTHENTICATE,
        CKA.WRAP_WITH_TRUSTED, CKA.OTP_USER_FRIENDLY_MODE, CKA.RESET_ON_INIT, CKA.HAS_RESET, CKA.COLOR,
    ];

    private static readonly HashSet<ulong> ULongTypes =
    [
        CKA.CLASS, CKA.CERTIFICATE_TYPE, CKA.CERTIFICATE_CATEGORY, CKA.JAVA_MIDP_SECURITY_DOMAIN, CKA.NAME_HASH_ALGORITHM,
        CKA.KEY_TYPE, CKA.MODULUS_BITS, CKA.PRIME_BITS, CKA.SUBPRIME_BITS, CKA.VALUE_BITS, CKA.VALUE_LEN,
        CKA.KEY_GEN_MECHANISM, CKA.HW_FEATURE_TYPE, CKA.OTP_FORMAT, CKA.OTP_LENGTH, CKA.OTP_TIME_INTERVAL,
        CKA.OTP_CHALLENGE_REQUIREMENT, CKA.OTP_TIME_REQUIREMENT, CKA.OTP_COUNTER_REQUIREMENT, CKA.OTP_PIN_REQUIREMENT,
        CKA.MECHANISM_TYPE, CKA.PROFILE_ID,
    ];

    /// <summary>CKR_OK, or CKR_ATTRIBUTE_VALUE_INVALID for a CK_BBOOL that is not 1 byte or a CK_ULONG that is not 8.</summary>
    public static ulong CheckEncoding(IReadOnlyList<P11Attribute>? template)
    {
        if (template is null) return CKR.OK;
        foreach (var a in template)
        {
            if (a is null) return CKR.ARGUMENTS_BAD;
            int length = a.Value?.Length ?? 0;
            if (BooleanTypes.Contains(a.Type) && length != 1) return CKR.ATTRIBUTE_VALUE_INVALID;
            if (ULongTypes.Contains(a.Type) && length != 8) return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        return CKR.OK;
    }

    /// <summary>The template of C_CreateObject as the token gets it; CKR_OK or the CK_RV that refuses it.</summary>
    public static ulong ForCreate(IReadOnlyList<P11Attribute> template, out List<P11Attribute> result)
    {
        result = [.. template];
        ulong rv = CheckEncoding(template);
        if (rv != CKR.OK) return rv;
        ulong? objectClass = Find(result, CKA.CLASS)?.AsULong;
        if (objectClass is { } cls && cls != CKO.DATA && cls != CKO.CERTIFICATE && cls != CKO.PUBLIC_KEY && cls != CKO.PRIVATE_KEY)
            return CKR.ATTRIBUTE_VALUE_INVALID;
        if (objectClass == CKO.PUBLIC_KEY || objectClass == CKO.PRIVATE_KEY)
        {
            rv = CheckKey(objectClass.Value, result);
            if (rv != CKR.OK) return rv;
        }
        if (objectClass == CKO.CERTIFICATE && Find(result, CKA.CERTIFICATE_TYPE)?.AsULong == CKC.X_509
            && Find(result, CKA.VALUE) is { } value)
        {
            rv = CertificateFields(value.Value, result);
            if (rv != CKR.OK) return rv;
        }
        if (objectClass == CKO.PRIVATE_KEY) PrivateKeyDefaults(result);
        return CKR.OK;
    }

    /// <summary>
    /// The templates of C_GenerateKeyPair as the token gets them. The domain is checked first: a public exponent
    /// must be odd and at least 3, and CKA_EC_PARAMS must be a DER OID or curve name (CKR_ATTRIBUTE_VALUE_INVALID)
    /// of the mechanism's family (Weierstrass curves for CKM_EC_KEY_PAIR_GEN, Edwards curves for
    /// CKM_EC_EDWARDS_KEY_PAIR_GEN; otherwise CKR_CURVE_NOT_SUPPORTED). Which curves of a family the token
    /// supports is the token's call.
    /// </summary>
    public static ulong ForKeyPair(ulong mechanism, IReadOnlyList<P11Attribute>? publicTemplate, IReadOnlyList<P11Attribute>? privateTemplate,
        out List<P11Attribute> pub, out List<P11Attribute> priv)
    {
        pub = [.. publicTemplate ?? []];
        priv = [.. privateTemplate ?? []];
        ulong rv = CheckEncoding(pub);
        if (rv == CKR.OK) rv = CheckEncoding(priv);
        if (rv == CKR.OK) rv = CheckDomain(mechanism, pub);
        if (rv != CKR.OK) return rv;
        // An ID given for one key of the pair names both.
        var pubId = Find(pub, CKA.ID);
        var privId = Find(priv, CKA.ID);
        if (pubId is not null && privId is null) priv.Add(pubId);
        if (privId is not null && pubId is null) pub.Add(privId);
        PrivateKeyDefaults(priv);
        return CKR.OK;
    }

    /// <summary>Checks the key type, and the key material that is given, of a key to import.</summary>
    private static ulong CheckKey(ulong objectClass, List<P11Attribute> template)
    {
        ulong? keyType = Find(template, CKA.KEY_TYPE)?.AsULong;
        if (keyType is null) return CKR.OK; // the token answers CKR_TEMPLATE_INCOMPLETE
        if (keyType != CKK.RSA && keyType != CKK.EC && keyType != CKK.EC_EDWARDS) return CKR.ATTRIBUTE_VALUE_INVALID;
        if (keyType != CKK.RSA && Find(template, CKA.EC_PARAMS) is { } ecParams && !WellFormedEcParams(ecParams.Value, keyType == CKK.EC_EDWARDS))
            return CKR.ATTRIBUTE_VALUE_INVALID;
        try
        {
            if (keyType == CKK.EC && Curve(template) is { } curve)
            {
                if (objectClass == CKO.PUBLIC_KEY && Find(template, CKA.EC_POINT) is { } point)
                {
                    byte[] q = OctetString(point.Value);
                    int size = (q.Length - 1) / 2;
                    if (q.Length < 3 || q[0] != 0x04 || q.Length != 1 + 2 * size) return CKR.OK; // compressed: the token's call
                    using var ec = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = q[1..(1 + size)], Y = q[(1 + size)..] } });
                }
                if (objectClass == CKO.PRIVATE_KEY && Find(template, CKA.VALUE) is { } value)
                {
                    using var ec = ECDsa.Create(new ECParameters { Curve = curve, D = value.Value });
                }
            }
            if (keyType == CKK.EC_EDWARDS && objectClass == CKO.PRIVATE_KEY && Find(template, CKA.VALUE) is { } seed
                && EdwardsSeedLength(Find(template, CKA.EC_PARAMS)?.Value) is { } length && seed.Value.Length != length)
                return CKR.ATTRIBUTE_VALUE_INVALID;
            if (keyType == CKK.RSA && objectClass == CKO.PRIVATE_KEY)
            {
                // The phone takes RSA private keys with their CRT components only (as smart cards do).
                if (Find(template, CKA.PRIVATE_EXPONENT) is not null && CrtTypes.Any(t => Find(template, t) is null)) return CKR.TEMPLATE_INCOMPLETE;
                if (!RsaComponentsAgree(template)) return CKR.ATTRIBUTE_VALUE_INVALID;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or AsnContentException)
        {
            return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        return CKR.OK;
    }

    /// <summary>
    /// Whether CKA_EC_PARAMS is exactly one DER value the phone can read: an OBJECT IDENTIFIER or a PrintableString curve
    /// name (PKCS#11 v3.0), and for EC keys also explicit parameters (a SEQUENCE). A token decodes it again when it uses
    /// the key, and SoftHSMv2 2.6 does that carelessly: for an Edwards key whose CKA_EC_PARAMS has the PrintableString
    /// tag but does not decode (or is empty), OSSL::byteString2oid dereferences a null pointer (or reads an uninitialized
    /// tag) and the phone's process dies with SIGSEGV at C_SignInit.
    /// </summary>
    public static bool WellFormedEcParams(byte[]? parameters, bool edwards)
    {
        if (parameters is not { Length: > 0 }) return false;
        try
        {
            var tag = Asn1Tag.Decode(parameters, out _);
            int consumed;
            if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out consumed);
            else if (tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString)))
                AsnDecoder.ReadCharacterString(parameters, AsnEncodingRules.DER, UniversalTagNumber.PrintableString, out consumed);
            else if (!edwards && tag.HasSameClassAndValue(Asn1Tag.Sequence))
                AsnDecoder.ReadEncodedValue(parameters, AsnEncodingRules.DER, out _, out _, out consumed);
            else
                return false;
            return consumed == parameters.Length;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static readonly ulong[] CrtTypes = [CKA.PRIME_1, CKA.PRIME_2, CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT];

    /// <summary>When all eight RSA components are given: whether they make one key (a signature verifies with its public part).</summary>
    private static bool RsaComponentsAgree(List<P11Attribute> template)
    {
        byte[]?[] parts = [.. new[] { CKA.MODULUS, CKA.PUBLIC_EXPONENT, CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2,
            CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT }.Select(t => Find(template, t)?.Value)];
        if (parts.Any(p => p is not { Length: > 0 })) return true; // incomplete: the token answers
        var n = Trim(parts[0]!);
        int half = (n.Length + 1) / 2;
        var key = new RSAParameters
        {
            Modulus = n, Exponent = Trim(parts[1]!), D = Pad(parts[2]!, n.Length), P = Pad(parts[3]!, half),
            Q = Pad(parts[4]!, half), DP = Pad(parts[5]!, half), DQ = Pad(parts[6]!, half), InverseQ = Pad(parts[7]!, half),
        };
        using var rsa = RSA.Create();
        rsa.ImportParameters(key);
        byte[] hash = SHA256.HashData(n);
        byte[] signature = rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var check = RSA.Create(new RSAParameters { Modulus = key.Modulus, Exponent = key.Exponent });
        return check.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static byte[] Trim(byte[] value)
    {
        int i = 0;
        while (i < value.Length - 1 && value[i] == 0) i++;
        return value[i..];
    }

    /// <summary>A big-endian number at exactly <paramref name="length"/> bytes, as .NET's RSAParameters want it.</summary>
    private static byte[] Pad(byte[] value, int length)
    {
        var trimmed = Trim(value);
        if (trimmed.Length > length) throw new ArgumentException("RSA component too long");
        var result = new byte[length];
        trimmed.CopyTo(result, length - trimmed.Length);
        return result;
    }

    /// <summary>The named curve of CKA_EC_PARAMS, when .NET knows it.</summary>
    private static ECCurve? Curve(List<P11Attribute> template)
    {
        if (Find(template, CKA.EC_PARAMS)?.Value is not { Length: > 0 } parameters) return null;
        if (!Asn1Tag.Decode(parameters, out _).HasSameClassAndValue(Asn1Tag.ObjectIdentifier)) return null;
        string oid = AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out _);
        return oid is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35" ? ECCurve.CreateFromValue(oid) : null;
    }

    /// <summary>The private-key length of an Edwards curve named by CKA_EC_PARAMS (OID or name), or null.</summary>
    private static int? EdwardsSeedLength(byte[]? parameters)
    {
        if (parameters is not { Length: > 0 }) return null;
        try
        {
            var tag = Asn1Tag.Decode(parameters, out _);
            string? name = tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier)
                ? AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out _)
                : tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString))
                    ? AsnDecoder.ReadCharacterString(parameters, AsnEncodingRules.DER, UniversalTagNumber.PrintableString, out _)
                    : null;
            return name switch
            {
                "1.3.101.112" or "edwards25519" => 32,
                "1.3.101.113" or "edwards448" => 57,
                _ => null,
            };
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>The content of a DER OCTET STRING, or the bytes themselves when they are not one.</summary>
    private static byte[] OctetString(byte[] value)
    {
        try
        {
            byte[] inner = AsnDecoder.ReadOctetString(value, AsnEncodingRules.DER, out int consumed);
            if (consumed == value.Length) return inner;
        }
        catch (AsnContentException)
        {
        }
        return value;
    }

    private static readonly HashSet<string> EdwardsCurves = ["1.3.101.112", "1.3.101.113", "edwards25519", "edwards448"];
    private static readonly HashSet<string> MontgomeryCurves = ["1.3.101.110", "1.3.101.111", "curve25519", "curve448"];

    private static ulong CheckDomain(ulong mechanism, List<P11Attribute> pub)
    {
        if (mechanism == Pkcs11Phone.Interop.CKM.RSA_PKCS_KEY_PAIR_GEN && Find(pub, CKA.PUBLIC_EXPONENT)?.Value is { Length: > 0 } e)
        {
            var exponent = Trim(e);
            if ((exponent[^1] & 1) == 0 || (exponent.Length == 1 && exponent[0] < 3)) return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        bool ec = mechanism == Pkcs11Phone.Interop.CKM.EC_KEY_PAIR_GEN, edwards = mechanism == Pkcs11Phone.Interop.CKM.EC_EDWARDS_KEY_PAIR_GEN;
        if ((ec || edwards) && Find(pub, CKA.EC_PARAMS)?.Value is { } parameters)
        {
            string? curve = CurveName(parameters);
            if (curve is null) return CKR.ATTRIBUTE_VALUE_INVALID;
            bool isEdwards = EdwardsCurves.Contains(curve);
            if (MontgomeryCurves.Contains(curve) || (ec && isEdwards) || (edwards && !isEdwards)) return CKR.CURVE_NOT_SUPPORTED;
            if (ec && !curve.Contains('.') && curve is not ("prime256v1" or "secp256r1" or "secp384r1" or "secp521r1"))
                return CKR.CURVE_NOT_SUPPORTED; // a curve name nobody knows
        }
        return CKR.OK;
    }

    /// <summary>CKA_EC_PARAMS as a dotted OID or a curve name; null when it is neither (nor DER).</summary>
    private static string? CurveName(byte[] parameters)
    {
        try
        {
            var tag = Asn1Tag.Decode(parameters, out _);
            int consumed;
            string? value = null;
            if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                value = AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out consumed);
            else if (tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString)))
                value = AsnDecoder.ReadCharacterString(parameters, AsnEncodingRules.DER, UniversalTagNumber.PrintableString, out consumed);
            else
                return null;
            return consumed == parameters.Length ? value : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static void PrivateKeyDefaults(List<P11Attribute> template)
    {
        if (Find(template, CKA.SENSITIVE) is null) template.Add(P11Attribute.Of(CKA.SENSITIVE, true));
        if (Find(template, CKA.EXTRACTABLE) is null) template.Add(P11Attribute.Of(CKA.EXTRACTABLE, false));
    }

    /// <summary>
    /// Checks that CKA_VALUE is one DER X.509 certificate (CKR_ATTRIBUTE_VALUE_INVALID) and that a given SUBJECT,
    /// ISSUER and SERIAL_NUMBER agree with it (CKR_TEMPLATE_INCONSISTENT); adds those that are missing.
    /// </summary>
    private static ulong CertificateFields(byte[]? der, List<P11Attribute> template)
    {
        if (der is null || der.Length == 0) return CKR.ATTRIBUTE_VALUE_INVALID;
        X509Certificate2 certificate;
        try
        {
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out int consumed);
            if (consumed != der.Length) return CKR.ATTRIBUTE_VALUE_INVALID;
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return CKR.ATTRIBUTE_VALUE_INVALID;
        }
        using (certificate)
        {
            var serial = new AsnWriter(AsnEncodingRules.DER);
            serial.WriteInteger(certificate.SerialNumberBytes.Span);
            (ulong Type, byte[] Value)[] derived =
            [
                (CKA.SUBJECT, certificate.SubjectName.RawData),
                (CKA.ISSUER, certificate.IssuerName.RawData),
                (CKA.SERIAL_NUMBER, serial.Encode()),
            ];
            foreach (var (type, value) in derived)
            {
                if (Find(template, type) is { } given)
                {
                    if (!given.Value.AsSpan().SequenceEqual(value)) return CKR.TEMPLATE_INCONSISTENT;
                }
                else
                {
                    template.Add(new P11Attribute(type, value));
                }
            }
        }
        return CKR.OK;
    }

    private static P11Attribute? Find(List<P11Attribute> template, ulong type) => template.LastOrDefault(a => a.Type == type);
}
