using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>Certificates, data objects, key import, attribute changes, destruction, session objects, handles, persistence.</summary>
public abstract partial class PhoneTokenContract
{
    private static readonly nuint[] NeverListed =
        [CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2, CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT];

    /// <summary>A certificate made with BouncyCastle's X509V3CertificateGenerator (an EC key signs it).</summary>
    protected static byte[] MakeCertificate(string subject = "CN=Contract user,O=Pkcs11Phone", string serialHex = "0123456789ABCDEF01")
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var cert = new X509V3CertificateGenerator();
        cert.SetSerialNumber(new Org.BouncyCastle.Math.BigInteger(serialHex, 16));
        cert.SetIssuerDN(new X509Name("CN=Contract CA,O=Pkcs11Phone"));
        cert.SetSubjectDN(new X509Name(subject));
        cert.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        cert.SetNotAfter(DateTime.UtcNow.AddDays(365));
        cert.SetPublicKey(pair.Public);
        return cert.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private)).GetEncoded();
    }

    /// <summary>CKA_SERIAL_NUMBER as .NET sees the certificate: the DER INTEGER.</summary>
    private static byte[] DerSerial(X509Certificate2 cert)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteInteger(cert.SerialNumberBytes.Span);
        return w.Encode();
    }

    private static List<P11Attribute> CertificateTemplate(byte[] der, string label = "cert") =>
        [U(CKA.CLASS, CKO.CERTIFICATE), U(CKA.CERTIFICATE_TYPE, CKC.X_509), B(CKA.TOKEN, true), S(CKA.LABEL, label), Raw(CKA.ID, KeyId), Raw(CKA.VALUE, der)];

    /// <summary>An RSA-2048 private key made by .NET, as a C_CreateObject template with its CRT components.</summary>
    protected static List<P11Attribute> ImportableRsaKey(out RSA rsa)
    {
        rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        return
        [
            U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.RSA), B(CKA.TOKEN, true), B(CKA.PRIVATE, true),
            S(CKA.LABEL, "imported RSA"), Raw(CKA.ID, [5]), B(CKA.SIGN, true), B(CKA.DECRYPT, true),
            Raw(CKA.MODULUS, p.Modulus!), Raw(CKA.PUBLIC_EXPONENT, p.Exponent!), Raw(CKA.PRIVATE_EXPONENT, p.D!),
            Raw(CKA.PRIME_1, p.P!), Raw(CKA.PRIME_2, p.Q!), Raw(CKA.EXPONENT_1, p.DP!), Raw(CKA.EXPONENT_2, p.DQ!), Raw(CKA.COEFFICIENT, p.InverseQ!),
        ];
    }

    [Test]
    public void CertificateAttributesComeFromTheCertificate()
    {
        var der = MakeCertificate();
        var handle = Token.CreateObject(App, CertificateTemplate(der)).Ok("public certificate without login");
        var o = Obj(Token, handle);
        using var cert = X509CertificateLoader.LoadCertificate(der);
        Assert.Multiple(() =>
        {
            Assert.That(o.ULong(CKA.CLASS), Is.EqualTo((ulong)CKO.CERTIFICATE));
            Assert.That(o.ULong(CKA.CERTIFICATE_TYPE), Is.EqualTo((ulong)CKC.X_509));
            Assert.That(o.Bytes(CKA.VALUE), Is.EqualTo(der));
            Assert.That(o.Bytes(CKA.SUBJECT), Is.EqualTo(cert.SubjectName.RawData));
            Assert.That(o.Bytes(CKA.ISSUER), Is.EqualTo(cert.IssuerName.RawData));
            Assert.That(o.Bytes(CKA.SERIAL_NUMBER), Is.EqualTo(DerSerial(cert)));
            Assert.That(o.Bytes(CKA.ID), Is.EqualTo(KeyId));
            Assert.That(o.Text(CKA.LABEL), Is.EqualTo("cert"));
            Assert.That(o.Bool(CKA.TOKEN), Is.True);
            Assert.That(o.Bool(CKA.PRIVATE), Is.False, "certificates are public by default");
        });
    }

    [Test]
    public void CertificateAttributesThatAreGivenMustAgree()
    {
        var der = MakeCertificate();
        using var cert = X509CertificateLoader.LoadCertificate(der);
        var right = CertificateTemplate(der);
        right.AddRange([Raw(CKA.SUBJECT, cert.SubjectName.RawData), Raw(CKA.ISSUER, cert.IssuerName.RawData), Raw(CKA.SERIAL_NUMBER, DerSerial(cert))]);
        Token.CreateObject(App, right).Ok("attributes that agree");

        var otherName = X509CertificateLoader.LoadCertificate(MakeCertificate("CN=Someone else")).SubjectName.RawData;
        Expect(Token.CreateObject(App, Merge(CertificateTemplate(der), [Raw(CKA.SUBJECT, otherName)])).Rv, CKR.TEMPLATE_INCONSISTENT, "subject");
        Expect(Token.CreateObject(App, Merge(CertificateTemplate(der), [Raw(CKA.ISSUER, otherName)])).Rv, CKR.TEMPLATE_INCONSISTENT, "issuer");
        Expect(Token.CreateObject(App, Merge(CertificateTemplate(der), [Raw(CKA.SERIAL_NUMBER, [0x02, 0x01, 0x07])])).Rv, CKR.TEMPLATE_INCONSISTENT, "serial");
        Assert.That(Token.Objects, Has.Count.EqualTo(1));
    }

    [Test]
    public void CertificateTemplateErrorsAreReported()
    {
        var der = MakeCertificate();
        var template = CertificateTemplate(der);
        Expect(Token.CreateObject(App, template.Where(a => a.Type != CKA.VALUE).ToList()).Rv, CKR.TEMPLATE_INCOMPLETE, "no CKA_VALUE");
        Expect(Token.CreateObject(App, template.Where(a => a.Type != CKA.CERTIFICATE_TYPE).ToList()).Rv, CKR.TEMPLATE_INCOMPLETE, "no type");
        Expect(Token.CreateObject(App, template.Where(a => a.Type != CKA.CLASS).ToList()).Rv, CKR.TEMPLATE_INCOMPLETE, "no class");
        Expect(Token.CreateObject(App, Merge(template, [Raw(CKA.VALUE, [0x30, 0x03, 0x02, 0x01, 0x01])])).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "not a certificate");
        Expect(Token.CreateObject(App, Merge(template, [Raw(CKA.VALUE, [.. der, 0x00])])).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "trailing data");
        ExpectOneOf(Token.CreateObject(App, Merge(template, [U(CKA.CERTIFICATE_TYPE, CKC.WTLS)])).Rv, CKR.ATTRIBUTE_VALUE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        Expect(Token.CreateObject(App, Merge(template, [U(CKA.CLASS, 0x77)])).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "unknown class");
        Expect(Token.CreateObject(App, Merge(template, [U(CKA.MODULUS_BITS, 2048)])).Rv, CKR.ATTRIBUTE_TYPE_INVALID, "a key attribute");
        Expect(Token.CreateObject(App, Merge(template, [B(CKA.TRUSTED, true)])).Rv, CKR.ATTRIBUTE_READ_ONLY, "CKA_TRUSTED needs the SO");
        Assert.That(Token.Objects, Is.Empty);
        LoginSo(Token);
        Token.CreateObject(App, Merge(template, [B(CKA.TRUSTED, true)])).Ok("the SO makes a trusted certificate");
    }

    [Test]
    public void DataObjectsCanBeMadeAndChanged()
    {
        var handle = CreateData(Token, App, "notes").Ok();
        var o = Obj(Token, handle);
        Assert.Multiple(() =>
        {
            Assert.That(o.ULong(CKA.CLASS), Is.EqualTo((ulong)CKO.DATA));
            Assert.That(o.Text(CKA.APPLICATION), Is.EqualTo("contract"));
            Assert.That(o.Text(CKA.VALUE), Is.EqualTo("value of notes"));
            Assert.That(o.Text(CKA.LABEL), Is.EqualTo("notes"));
            Assert.That(o.Bool(CKA.PRIVATE), Is.False);
        });
        ulong before = Token.Generation;
        Expect(Token.SetAttributes(App, handle, [S(CKA.LABEL, "renamed")]), CKR.OK);
        Assert.That(Obj(Token, handle).Text(CKA.LABEL), Is.EqualTo("renamed"));
        Assert.That(Token.Generation, Is.Not.EqualTo(before));

        // Whether CKA_VALUE and CKA_APPLICATION of a data object change is the token's call (PKCS#11 v2.40 section 4.1.2:
        // a token need not support changing an attribute; it answers CKR_ATTRIBUTE_READ_ONLY and changes nothing).
        // SoftHSMv2 keeps both; the software keystore changes them (SoftwareStoreTests.DataObjectValuesAndApplicationsChange).
        ulong rv = Token.SetAttributes(App, handle, [Raw(CKA.VALUE, [1, 2, 3]), S(CKA.LABEL, "renamed again"), S(CKA.APPLICATION, "other")]);
        ExpectOneOf(rv, CKR.OK, CKR.ATTRIBUTE_READ_ONLY);
        o = Obj(Token, handle);
        if (rv == CKR.OK)
        {
            Assert.That(o.Bytes(CKA.VALUE), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(o.Text(CKA.LABEL), Is.EqualTo("renamed again"));
            Assert.That(o.Text(CKA.APPLICATION), Is.EqualTo("other"));
        }
        else
        {
            Assert.That(o.Text(CKA.VALUE), Is.EqualTo("value of notes"), "a refused template changes nothing");
            Assert.That(o.Text(CKA.LABEL), Is.EqualTo("renamed"), "a refused template changes nothing");
            Assert.That(o.Text(CKA.APPLICATION), Is.EqualTo("contract"));
        }
        foreach (var (change, type, expected) in new[] { (Raw(CKA.VALUE, [4, 5]), CKA.VALUE, new byte[] { 4, 5 }), (S(CKA.APPLICATION, "third"), CKA.APPLICATION, Utf8("third")) })
        {
            var old = Obj(Token, handle).Bytes(type);
            rv = Token.SetAttributes(App, handle, [change]);
            ExpectOneOf(rv, CKR.OK, CKR.ATTRIBUTE_READ_ONLY);
            Assert.That(Obj(Token, handle).Bytes(type), Is.EqualTo(rv == CKR.OK ? expected : old), $"0x{(ulong)type:x} after {Name(rv)}");
        }
        var smallest = Token.CreateObject(App, [U(CKA.CLASS, CKO.DATA)]);
        if (smallest.Rv == CKR.USER_NOT_LOGGED_IN)
        {
            // CKA_PRIVATE defaults to a token-specific value (PKCS#11 v2.40 section 4.4): SoftHSMv2 makes data objects
            // private, which a client that is not logged in may not make. Logged in, the default shows.
            LoginUser(Token);
            smallest = Token.CreateObject(App, [U(CKA.CLASS, CKO.DATA)]);
            Assert.That(Obj(Token, smallest.Ok("the smallest data object, logged in")).Bool(CKA.PRIVATE), Is.True, "refused for being private");
        }
        var empty = smallest.Ok("the smallest data object");
        Assert.That(Obj(Token, empty).Bool(CKA.TOKEN), Is.False);
    }

    [Test]
    public void PublicKeysCanBeImported()
    {
        using var rsa = RSA.Create(2048);
        var rp = rsa.ExportParameters(false);
        var rsaHandle = Token.CreateObject(App, [U(CKA.CLASS, CKO.PUBLIC_KEY), U(CKA.KEY_TYPE, CKK.RSA), B(CKA.TOKEN, true),
            Raw(CKA.MODULUS, rp.Modulus!), Raw(CKA.PUBLIC_EXPONENT, rp.Exponent!), S(CKA.LABEL, "rsa pub")]).Ok();
        var o = Obj(Token, rsaHandle);
        Assert.That(o.ULong(CKA.MODULUS_BITS), Is.EqualTo(2048UL));
        Assert.That(o.Bool(CKA.LOCAL), Is.False);
        using (var again = RSA.Create())
        {
            again.ImportSubjectPublicKeyInfo(o.Bytes(CKA.PUBLIC_KEY_INFO), out _);
            Assert.That(again.ExportParameters(false).Modulus, Is.EqualTo(rp.Modulus));
        }

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var ep = ec.ExportParameters(false);
        var point = DerOctets([0x04, .. ep.Q.X!, .. ep.Q.Y!]);
        var ecHandle = Token.CreateObject(App, [U(CKA.CLASS, CKO.PUBLIC_KEY), U(CKA.KEY_TYPE, CKK.EC), B(CKA.TOKEN, true),
            Raw(CKA.EC_PARAMS, KeySpec.P384.EcParams!), Raw(CKA.EC_POINT, point)]).Ok();
        o = Obj(Token, ecHandle);
        Assert.That(o.Bytes(CKA.EC_POINT), Is.EqualTo(point));
        Assert.That(o.Bytes(CKA.PUBLIC_KEY_INFO), Is.EqualTo(ec.ExportSubjectPublicKeyInfo()));

        var ed = new Ed25519PrivateKeyParameters(new SecureRandom()).GeneratePublicKey().GetEncoded();
        var edHandle = Token.CreateObject(App, [U(CKA.CLASS, CKO.PUBLIC_KEY), U(CKA.KEY_TYPE, CKK.EC_EDWARDS),
            Raw(CKA.EC_PARAMS, KeySpec.Ed25519.EcParams!), Raw(CKA.EC_POINT, DerOctets(ed))]).Ok();
        Assert.That(Independent.Ed25519Public(Obj(Token, edHandle)), Is.EqualTo(ed));

        Expect(Token.CreateObject(App, [U(CKA.CLASS, CKO.PUBLIC_KEY), U(CKA.KEY_TYPE, CKK.EC), Raw(CKA.EC_PARAMS, KeySpec.P384.EcParams!),
            Raw(CKA.EC_POINT, DerOctets([0x04, .. new byte[96]]))]).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "a point off the curve");
        Expect(Token.CreateObject(App, [U(CKA.CLASS, CKO.PUBLIC_KEY), U(CKA.KEY_TYPE, CKK.RSA), Raw(CKA.MODULUS, rp.Modulus!)]).Rv,
            CKR.TEMPLATE_INCOMPLETE, "no exponent");
        Expect(Token.CreateObject(App, [U(CKA.CLASS, CKO.PUBLIC_KEY), Raw(CKA.MODULUS, rp.Modulus!)]).Rv, CKR.TEMPLATE_INCOMPLETE, "no key type");
    }

    [Test]
    public void PrivateKeysCanBeImported()
    {
        var template = ImportableRsaKey(out var rsa);
        Expect(Token.CreateObject(App, template).Rv, CKR.USER_NOT_LOGGED_IN, "private-key import needs the user");
        LoginUser(Token);
        using (rsa)
        {
            var handle = Token.CreateObject(App, template).Ok();
            var o = Obj(Token, handle);
            var p = rsa.ExportParameters(false);
            Assert.Multiple(() =>
            {
                Assert.That(o.Bool(CKA.LOCAL), Is.False);
                Assert.That(o.Bool(CKA.ALWAYS_SENSITIVE), Is.False);
                Assert.That(o.Bool(CKA.NEVER_EXTRACTABLE), Is.False);
                Assert.That(o.Bool(CKA.SENSITIVE), Is.True);
                Assert.That(o.ULong(CKA.KEY_GEN_MECHANISM), Is.EqualTo(ulong.MaxValue), "CK_UNAVAILABLE_INFORMATION");
                Assert.That(Independent.Unsigned(o.Bytes(CKA.MODULUS)), Is.EqualTo(Independent.Unsigned(p.Modulus)));
                Assert.That(Independent.Unsigned(o.Bytes(CKA.PUBLIC_EXPONENT)), Is.EqualTo(Independent.Unsigned(p.Exponent)));
                Assert.That(o.Bytes(CKA.PUBLIC_KEY_INFO), Is.EqualTo(rsa.ExportSubjectPublicKeyInfo()));
                foreach (var t in NeverListed) Assert.That(o.Has(t), Is.False, $"0x{(ulong)t:x} is not listed");
            });
            var hash = SHA256.HashData(Message);
            var sig = Token.Sign(App, handle, P11Mechanism.Plain(CKM.RSA_PKCS), Independent.DigestInfo(HashAlgorithmName.SHA256, hash)).Ok();
            Assert.That(rsa.VerifyHash(hash, sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);
            var plain = Token.Decrypt(App, handle, new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], []),
                rsa.Encrypt(Message, RSAEncryptionPadding.OaepSHA1)).Ok();
            Assert.That(plain, Is.EqualTo(Message));
        }

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ep = ec.ExportParameters(true);
        var ecHandle = Token.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC), B(CKA.TOKEN, true),
            Raw(CKA.EC_PARAMS, KeySpec.P256.EcParams!), Raw(CKA.VALUE, ep.D!), B(CKA.SIGN, true)]).Ok();
        var eo = Obj(Token, ecHandle);
        byte[] ecPoint = [0x04, .. ep.Q.X!, .. ep.Q.Y!];
        // Without the derivation the point is not listed, or empty (PKCS#11's default for CKA_PUBLIC_KEY_INFO); never wrong.
        if (DerivesPublicPointOnImport || NotEmpty(eo, CKA.EC_POINT))
            Assert.That(Octets(eo.Bytes(CKA.EC_POINT)), Is.EqualTo(ecPoint), "the public point is derived");
        if (DerivesPublicPointOnImport || NotEmpty(eo, CKA.PUBLIC_KEY_INFO))
            Assert.That(eo.Bytes(CKA.PUBLIC_KEY_INFO), Is.EqualTo(ec.ExportSubjectPublicKeyInfo()));
        Assert.That(eo.Has(CKA.VALUE), Is.False, "the private value is not listed");
        var ecSig = Token.Sign(App, ecHandle, P11Mechanism.Plain(CKM.ECDSA), SHA256.HashData(Message)).Ok();
        Assert.That(ec.VerifyHash(SHA256.HashData(Message), ecSig), Is.True);

        var seed = RandomNumberGenerator.GetBytes(32);
        var edPublic = new Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        var edHandle = Token.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC_EDWARDS), B(CKA.TOKEN, true),
            Raw(CKA.EC_PARAMS, DerPrintable("edwards25519")), Raw(CKA.VALUE, seed)]).Ok();
        var edObj = Obj(Token, edHandle);
        if (DerivesPublicPointOnImport || NotEmpty(edObj, CKA.EC_POINT))
            Assert.That(Independent.Ed25519Public(edObj), Is.EqualTo(edPublic));
        Assert.That(edObj.Has(CKA.VALUE), Is.False, "the seed is not listed");
        var edSig = Token.Sign(App, edHandle, P11Mechanism.Plain(CKM.EDDSA), Message).Ok();
        // Verified with the public key computed here, whether the token listed it or not.
        var withKnownPoint = new P11Object(edHandle, [Raw(CKA.EC_POINT, DerOctets(edPublic))]);
        Assert.That(Independent.Verify(KeySpec.Ed25519, withKnownPoint, P11Mechanism.Plain(CKM.EDDSA), Message, edSig), Is.True);
    }

    [Test]
    public void ImportedPrivateKeysMustBeConsistent()
    {
        LoginUser(Token);
        var template = ImportableRsaKey(out var rsa);
        rsa.Dispose();
        var badPrime = template.Single(a => a.Type == CKA.PRIME_1).Value.ToArray();
        badPrime[^1] ^= 0x02;
        ExpectOneOf(Token.CreateObject(App, Merge(template, [Raw(CKA.PRIME_1, badPrime)])).Rv, CKR.TEMPLATE_INCONSISTENT, CKR.ATTRIBUTE_VALUE_INVALID);
        Expect(Token.CreateObject(App, template.Where(a => a.Type != CKA.COEFFICIENT).ToList()).Rv, CKR.TEMPLATE_INCOMPLETE);
        Expect(Token.CreateObject(App, Merge(template, [B(CKA.LOCAL, true)])).Rv, CKR.ATTRIBUTE_READ_ONLY, "CKA_LOCAL is the token's");

        var ecKey = new List<P11Attribute> { U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC), Raw(CKA.EC_PARAMS, KeySpec.P256.EcParams!) };
        Expect(Token.CreateObject(App, [.. ecKey, Raw(CKA.VALUE, new byte[32])]).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "zero is no key");
        Expect(Token.CreateObject(App, [.. ecKey, Raw(CKA.VALUE, Enumerable.Repeat((byte)0xFF, 32).ToArray())]).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "above the order");
        Expect(Token.CreateObject(App, ecKey).Rv, CKR.TEMPLATE_INCOMPLETE, "no value");
        Expect(Token.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC_EDWARDS), Raw(CKA.EC_PARAMS, KeySpec.Ed25519.EcParams!),
            Raw(CKA.VALUE, new byte[31])]).Rv, CKR.ATTRIBUTE_VALUE_INVALID, "an Ed25519 seed is 32 bytes");
        // CKA_EC_PARAMS that do not decode (a PrintableString cut short, nothing): SoftHSMv2 would crash signing with such a key.
        foreach (var bad in new byte[][] { [0x13, 0x05, 0x61], [] })
            ExpectOneOf(Token.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC_EDWARDS), Raw(CKA.EC_PARAMS, bad),
                Raw(CKA.VALUE, new byte[32]), B(CKA.SIGN, true)]).Rv, CKR.ATTRIBUTE_VALUE_INVALID, CKR.CURVE_NOT_SUPPORTED, CKR.DOMAIN_PARAMS_INVALID);
        ExpectOneOf(Token.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.DSA)]).Rv, CKR.ATTRIBUTE_VALUE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        ExpectOneOf(Token.CreateObject(App, [U(CKA.CLASS, CKO.SECRET_KEY), U(CKA.KEY_TYPE, CKK.AES), Raw(CKA.VALUE, new byte[32])]).Rv,
            CKR.ATTRIBUTE_VALUE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        Assert.That(Token.Objects, Is.Empty);
    }

    [Test]
    public void AttributesChangeOnlyAsTheRulesSay()
    {
        LoginUser(Token);
        var (pub, priv) = Generate(Token, KeySpec.P256, priv: [B(CKA.SENSITIVE, false), B(CKA.EXTRACTABLE, true)]);
        Expect(Token.SetAttributes(App, priv, [S(CKA.LABEL, "new label"), Raw(CKA.ID, [7, 7]), B(CKA.SIGN, false)]), CKR.OK);
        var o = Obj(Token, priv);
        Assert.That(o.Text(CKA.LABEL), Is.EqualTo("new label"));
        Assert.That(o.Bytes(CKA.ID), Is.EqualTo(new byte[] { 7, 7 }));
        Assert.That(o.Bool(CKA.SIGN), Is.False);
        Expect(Token.SetAttributes(App, priv, []), CKR.OK, "an empty template");

        Expect(Token.SetAttributes(App, priv, [U(CKA.CLASS, CKO.DATA)]), CKR.ATTRIBUTE_READ_ONLY, "class");
        Expect(Token.SetAttributes(App, priv, [U(CKA.KEY_TYPE, CKK.RSA)]), CKR.ATTRIBUTE_READ_ONLY, "key type");
        Expect(Token.SetAttributes(App, priv, [B(CKA.LOCAL, false)]), CKR.ATTRIBUTE_READ_ONLY, "local");
        Expect(Token.SetAttributes(App, priv, [B(CKA.TOKEN, false)]), CKR.ATTRIBUTE_READ_ONLY, "token");
        Expect(Token.SetAttributes(App, priv, [B(CKA.ALWAYS_SENSITIVE, true)]), CKR.ATTRIBUTE_READ_ONLY, "always sensitive");
        Expect(Token.SetAttributes(App, pub, [Raw(CKA.EC_POINT, Obj(Token, pub).Bytes(CKA.EC_POINT))]), CKR.ATTRIBUTE_READ_ONLY, "the point");
        Expect(Token.SetAttributes(App, priv, [U(CKA.OTP_FORMAT, 0)]), CKR.ATTRIBUTE_TYPE_INVALID, "not a key attribute");
        Expect(Token.SetAttributes(App, priv, [Raw(CKA.SIGN, [1, 1])]), CKR.ATTRIBUTE_VALUE_INVALID, "a two-byte boolean");

        Expect(Token.SetAttributes(App, priv, [B(CKA.SENSITIVE, true)]), CKR.OK, "sensitive: false to true");
        Expect(Token.SetAttributes(App, priv, [B(CKA.SENSITIVE, false)]), CKR.ATTRIBUTE_READ_ONLY, "sensitive: never back");
        Expect(Token.SetAttributes(App, priv, [B(CKA.EXTRACTABLE, false)]), CKR.OK, "extractable: true to false");
        Expect(Token.SetAttributes(App, priv, [B(CKA.EXTRACTABLE, true)]), CKR.ATTRIBUTE_READ_ONLY, "extractable: never back");
        o = Obj(Token, priv);
        Assert.That(o.Bool(CKA.SENSITIVE), Is.True);
        Assert.That(o.Bool(CKA.EXTRACTABLE), Is.False);
        Assert.That(o.Bool(CKA.ALWAYS_SENSITIVE), Is.False, "it was not always sensitive");
        Assert.That(o.Bool(CKA.NEVER_EXTRACTABLE), Is.False, "it was extractable once");

        Expect(Token.SetAttributes(App, priv, [S(CKA.LABEL, "atomic"), U(CKA.CLASS, CKO.DATA)]), CKR.ATTRIBUTE_READ_ONLY);
        Assert.That(Obj(Token, priv).Text(CKA.LABEL), Is.EqualTo("new label"), "a refused template changes nothing");
        ExpectOneOf(Token.SetAttributes(App, 0x7777_7777, [S(CKA.LABEL, "x")]), CKR.OBJECT_HANDLE_INVALID);
    }

    [Test]
    public void UnmodifiableObjectsCannotChange()
    {
        var handle = CreateData(Token, App, "fixed", extra: B(CKA.MODIFIABLE, false)).Ok();
        Expect(Token.SetAttributes(App, handle, [S(CKA.LABEL, "changed")]), CKR.ACTION_PROHIBITED);
        Assert.That(Obj(Token, handle).Text(CKA.LABEL), Is.EqualTo("fixed"));
        Expect(Token.DestroyObject(App, handle), CKR.OK, "it can still be destroyed");
    }

    [Test]
    public void DestroyingFollowsTheRules()
    {
        var a = CreateData(Token, App, "a").Ok();
        var fixedObject = CreateData(Token, App, "fixed", extra: B(CKA.DESTROYABLE, false)).Ok();
        ulong before = Token.Generation;
        Expect(Token.DestroyObject(App, a), CKR.OK);
        Assert.That(Listed(Token, a), Is.False);
        Assert.That(Token.Generation, Is.Not.EqualTo(before));
        Expect(Token.DestroyObject(App, a), CKR.OBJECT_HANDLE_INVALID, "already gone");
        Expect(Token.DestroyObject(App, 0x7777_7777), CKR.OBJECT_HANDLE_INVALID);
        Expect(Token.DestroyObject(App, 0), CKR.OBJECT_HANDLE_INVALID);
        Expect(Token.DestroyObject(App, fixedObject), CKR.ACTION_PROHIBITED);
        Assert.That(Listed(Token, fixedObject), Is.True);
    }

    [Test]
    public void PrivateObjectsNeedTheUser()
    {
        Expect(CreateData(Token, App, "secret notes", @private: true).Rv, CKR.USER_NOT_LOGGED_IN);
        LoginSo(Token);
        Expect(CreateData(Token, App, "secret notes", @private: true).Rv, CKR.USER_NOT_LOGGED_IN, "the SO makes public objects only");
        var soPublic = CreateData(Token, App, "made by the SO").Ok();
        Expect(Token.Logout(App), CKR.OK);

        LoginUser(Token);
        var secret = CreateData(Token, App, "secret notes", @private: true).Ok();
        var (_, key) = Generate(Token, KeySpec.P256);
        Expect(Token.Logout(App), CKR.OK);

        Assert.That(Listed(Token, secret) && Listed(Token, key) && Listed(Token, soPublic), Is.True, "private objects are listed all the same");
        Assert.That(Obj(Token, secret).Bool(CKA.PRIVATE), Is.True);
        Expect(Token.SetAttributes(App, secret, [S(CKA.LABEL, "x")]), CKR.USER_NOT_LOGGED_IN);
        Expect(Token.DestroyObject(App, secret), CKR.USER_NOT_LOGGED_IN);
        Expect(Token.DestroyObject(App, key), CKR.USER_NOT_LOGGED_IN);
        Expect(Token.SetAttributes(App, soPublic, [S(CKA.LABEL, "public is fine")]), CKR.OK);
        LoginUser(Token, Other);
        Expect(Token.DestroyObject(Other, secret), CKR.OK, "any client logged in as the user");
    }

    [Test]
    public void SessionObjectsBelongToTheirClient()
    {
        var mine = CreateData(Token, App, "mine", token: false).Ok();
        var theirs = CreateData(Token, Other, "theirs", token: false).Ok();
        var kept = CreateData(Token, App, "kept", token: true).Ok();
        Assert.That(Listed(Token, mine) && Listed(Token, theirs), Is.True, "session objects of every client are listed");
        Assert.That(Obj(Token, mine).Bool(CKA.TOKEN), Is.False);
        Expect(Token.DestroyObject(Other, mine), CKR.OBJECT_HANDLE_INVALID, "another client's session object");
        Expect(Token.SetAttributes(Other, mine, [S(CKA.LABEL, "x")]), CKR.OBJECT_HANDLE_INVALID);
        Expect(Token.SetAttributes(App, mine, [S(CKA.LABEL, "still mine")]), CKR.OK);

        LoginUser(Token, App);
        var (sessionPub, sessionPriv) = Generate(Token, KeySpec.P256, App, [B(CKA.TOKEN, false)], [B(CKA.TOKEN, false)]);
        LoginUser(Token, Other);
        ExpectOneOf(Token.Sign(Other, sessionPriv, P11Mechanism.Plain(CKM.ECDSA), new byte[32]).Rv, CKR.KEY_HANDLE_INVALID, CKR.OBJECT_HANDLE_INVALID);
        SignAndVerify(Token, App, KeySpec.P256, sessionPub, sessionPriv, P11Mechanism.Plain(CKM.ECDSA), new byte[32]);

        ulong before = Token.Generation;
        Token.EndClient(App);
        Assert.That(Listed(Token, mine) || Listed(Token, sessionPub) || Listed(Token, sessionPriv), Is.False, "the client's session objects are gone");
        Assert.That(Listed(Token, theirs) && Listed(Token, kept), Is.True);
        Assert.That(Token.Generation, Is.Not.EqualTo(before));

        var keptObject = Obj(Token, kept);
        Token = Reopen(Token);
        if (HandlesSurviveRestart)
        {
            Assert.That(Listed(Token, theirs), Is.False, "session objects do not survive a restart");
            Assert.That(Listed(Token, kept), Is.True);
        }
        else
        {
            Assert.That(Token.Objects.Where(o => o.Text(CKA.LABEL) == "theirs"), Is.Empty, "session objects do not survive a restart");
            Assert.That(Token.Objects.Count(o => SameAttributes(o, keptObject)), Is.EqualTo(1), "the token object is there (under a new handle)");
        }
    }

    [Test]
    public void LogoutDropsTheClientsPrivateSessionObjects()
    {
        LoginUser(Token);
        var privateSession = CreateData(Token, App, "private session", token: false, @private: true).Ok();
        var publicSession = CreateData(Token, App, "public session", token: false).Ok();
        var privateToken = CreateData(Token, App, "private token", token: true, @private: true).Ok();
        Expect(Token.Logout(App), CKR.OK);
        Assert.That(Listed(Token, privateSession), Is.False);
        Assert.That(Listed(Token, publicSession), Is.True);
        Assert.That(Listed(Token, privateToken), Is.True);
    }

    [Test]
    public void HandlesAreNeverReused()
    {
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 4; i++) Assert.That(seen.Add(CreateData(Token, App, "d" + i, token: i % 2 == 0).Ok()), Is.True);
        Assert.That(seen, Has.None.EqualTo(0UL));
        ulong last = seen.Max();
        Expect(Token.DestroyObject(App, last), CKR.OK);
        Assert.That(seen.Add(CreateData(Token, App, "after destroy").Ok()), Is.True, "a destroyed handle is not reused");
        var newest = seen.Max();
        Expect(Token.DestroyObject(App, newest), CKR.OK);
        var tokenObjects = Token.Objects.Where(o => o.Bool(CKA.TOKEN)).ToList();
        Token = Reopen(Token);
        if (HandlesSurviveRestart)
        {
            Assert.That(seen.Add(CreateData(Token, App, "after restart").Ok()), Is.True, "nor after a restart");
            foreach (var o in Token.Objects) Assert.That(seen, Does.Contain(o.Handle));
            return;
        }
        // Handles are numbered anew after a restart: the same objects are there, each under one handle of its own, and
        // handles are again never reused.
        var listed = Token.Objects;
        Assert.That(listed.Select(o => o.Handle), Is.Unique.And.None.EqualTo(0UL));
        foreach (var o in tokenObjects) Assert.That(listed.Count(l => SameAttributes(l, o)), Is.EqualTo(1), $"\"{o.Text(CKA.LABEL)}\" after the restart");
        Assert.That(listed, Has.Count.EqualTo(tokenObjects.Count), "the session objects are gone");
        var now = listed.Select(o => o.Handle).ToHashSet();
        var after = CreateData(Token, App, "after restart").Ok();
        Assert.That(now.Add(after), Is.True, "a new handle");
        Expect(Token.DestroyObject(App, after), CKR.OK);
        Assert.That(now.Add(CreateData(Token, App, "after destroy after restart").Ok()), Is.True, "a destroyed handle is not reused");
    }

    private static bool NotEmpty(P11Object o, nuint type) => o.Attr(type) is { Value.Length: > 0 };

    /// <summary>Whether two listed objects have the same attributes (the same object, whatever its handle).</summary>
    protected static bool SameAttributes(P11Object a, P11Object b) =>
        a.Attributes.OrderBy(x => x.Type).SequenceEqual(b.Attributes.OrderBy(x => x.Type));

    [Test]
    public void GenerationChangesWithEveryChangeAndOnlyThen()
    {
        var g = new List<ulong> { Token.Generation };
        void Changed(string what)
        {
            Assert.That(g, Does.Not.Contain(Token.Generation), what);
            g.Add(Token.Generation);
        }
        var h = CreateData(Token, App, "g").Ok();
        Changed("create");
        Expect(Token.SetAttributes(App, h, [S(CKA.LABEL, "g2")]), CKR.OK);
        Changed("set attributes");
        Expect(Token.DestroyObject(App, h), CKR.OK);
        Changed("destroy");
        Token.Login(App, CKU.USER, WrongPin);
        Changed("a wrong PIN");
        LoginUser(Token);
        Changed("the counter reset");
        var (_, priv) = Generate(Token, KeySpec.P256);
        Changed("generate");

        ulong steady = Token.Generation;
        _ = Token.Objects;
        _ = Token.Info;
        Token.Sign(App, priv, P11Mechanism.Plain(CKM.ECDSA), new byte[32]).Ok();
        Token.GenerateRandom(16).Ok();
        Token.LoggedInAs(App);
        Assert.That(Token.Generation, Is.EqualTo(steady), "reading and using keys change nothing");

        CreateData(Token, App, "session", token: false).Ok();
        Changed("a session object");
        Token.EndClient(App);
        Changed("end of the client");
        var before = Token.Generation;
        Token = Reopen(Token);
        Assert.That(Token.Generation, Is.GreaterThanOrEqualTo(before), "never backwards across a restart");
    }

    [Test]
    public void EverythingSurvivesARestart()
    {
        LoginUser(Token);
        var (pub, priv) = Generate(Token, KeySpec.P256);
        var (edPub, edPriv) = Generate(Token, KeySpec.Ed25519);
        var cert = Token.CreateObject(App, CertificateTemplate(MakeCertificate())).Ok();
        var data = CreateData(Token, App, "private data", @private: true).Ok();
        Expect(Token.SetAttributes(App, data, [S(CKA.LABEL, "changed before restart")]), CKR.OK);
        var before = Token.Objects.OrderBy(o => o.Handle).ToList();
        var info = Token.Info;

        Token = Reopen(Token);
        Assert.That(Token.Info.Label, Is.EqualTo(info.Label));
        Assert.That(Token.Info.Serial, Is.EqualTo(info.Serial));
        if (HandlesSurviveRestart)
        {
            var after = Token.Objects.OrderBy(o => o.Handle).ToList();
            Assert.That(after.Select(o => o.Handle), Is.EqualTo(before.Select(o => o.Handle)));
            for (int i = 0; i < before.Count; i++)
                Assert.That(after[i].Attributes.OrderBy(a => a.Type), Is.EqualTo(before[i].Attributes.OrderBy(a => a.Type)), $"object {before[i].Handle}");
            Assert.That(Obj(Token, data).Text(CKA.LABEL), Is.EqualTo("changed before restart"));
            Assert.That(Listed(Token, cert), Is.True);
            Expect(Token.Sign(App, priv, P11Mechanism.Plain(CKM.ECDSA), new byte[32]).Rv, CKR.USER_NOT_LOGGED_IN, "a restart logs out");
            LoginUser(Token);
        }
        else
        {
            // New handles: every object is found again by its attributes, the public ones at once, the private ones
            // after a user login; the keys are then used through their new handles.
            Assert.That(Token.LoggedInAs(App), Is.Null, "a restart logs out");
            ulong Find(IReadOnlyList<P11Object> now, P11Object o)
            {
                var found = now.Where(n => SameAttributes(n, o)).ToList();
                Assert.That(found, Has.Count.EqualTo(1), $"object {o.Handle} (class 0x{o.ULong(CKA.CLASS):x}) after the restart");
                return found[0].Handle;
            }
            var publicNow = Token.Objects;
            foreach (var o in before.Where(o => !o.Bool(CKA.PRIVATE))) Find(publicNow, o);
            LoginUser(Token);
            var now = Token.Objects;
            Assert.That(now, Has.Count.EqualTo(before.Count));
            Assert.That(now.Select(o => o.Handle), Is.Unique);
            var moved = before.ToDictionary(o => o.Handle, o => Find(now, o));
            Assert.That(Obj(Token, moved[data]).Text(CKA.LABEL), Is.EqualTo("changed before restart"));
            (pub, priv, edPub, edPriv) = (moved[pub], moved[priv], moved[edPub], moved[edPriv]);
        }
        SignAndVerify(Token, App, KeySpec.P256, pub, priv, P11Mechanism.Plain(CKM.ECDSA), SHA256.HashData(Message));
        SignAndVerify(Token, App, KeySpec.Ed25519, edPub, edPriv, P11Mechanism.Plain(CKM.EDDSA), Message);
    }

    [Test]
    public void ObjectsNeverShowSensitiveAttributes()
    {
        foreach (var spec in KeySpecs.Where(s => !s.IsRsa || s.Bits == 2048)) SharedKey(spec);
        foreach (var o in Shared.Objects)
        {
            foreach (var t in NeverListed) Assert.That(o.Has(t), Is.False, $"object {o.Handle} lists 0x{(ulong)t:x}");
            if (o.ULong(CKA.CLASS) == CKO.PRIVATE_KEY) Assert.That(o.Has(CKA.VALUE), Is.False, $"object {o.Handle} lists CKA_VALUE");
        }
    }
}
