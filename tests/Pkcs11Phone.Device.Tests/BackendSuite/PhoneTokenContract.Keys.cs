using System.Formats.Asn1;
using System.Security.Cryptography;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.BackendSuite;

/// <summary>Key-pair generation: every type and size, the attributes of the result, template errors.</summary>
public abstract partial class PhoneTokenContract
{
    /// <summary>The key types and sizes the suite generates (RSA-4096 has its own test).</summary>
    public static IEnumerable<KeySpec> KeySpecs =>
        [KeySpec.Rsa2048, KeySpec.Rsa3072, KeySpec.P256, KeySpec.P384, KeySpec.P521, KeySpec.Ed25519];

    private static readonly nuint[] SensitiveRsa =
        [CKA.PRIVATE_EXPONENT, CKA.PRIME_1, CKA.PRIME_2, CKA.EXPONENT_1, CKA.EXPONENT_2, CKA.COEFFICIENT];

    [TestCaseSource(nameof(KeySpecs))]
    public void GeneratedKeysHaveTheirAttributes(KeySpec spec)
    {
        var (pubHandle, privHandle) = SharedKey(spec);
        CheckGeneratedKeyPair(Shared, spec, pubHandle, privHandle);
    }

    [Test]
    public void Rsa4096KeysAreGeneratedAndWork()
    {
        var spec = KeySpec.Rsa4096;
        var (pub, priv) = SharedKey(spec);
        CheckGeneratedKeyPair(Shared, spec, pub, priv);
        var hash = SHA512.HashData("4096"u8);
        SignAndVerify(Shared, SharedClient, spec, pub, priv, P11Mechanism.Plain(CKM.RSA_PKCS), Independent.DigestInfo(HashAlgorithmName.SHA512, hash));
        SignAndVerify(Shared, SharedClient, spec, pub, priv, new P11Mechanism(CKM.RSA_PKCS_PSS, [CKM.SHA512, CKG.MGF1_SHA512, 64], []), hash);
        using var rsa = Independent.Rsa(Obj(Shared, pub));
        var secret = RandomNumberGenerator.GetBytes(32);
        var oaep256 = new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA256, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED], []);
        var oaep1 = new P11Mechanism(CKM.RSA_PKCS_OAEP, [CKM.SHA_1, CKG.MGF1_SHA1, CKZ.DATA_SPECIFIED], []);
        if (Performs(oaep256))
        {
            Assert.That(Shared.Decrypt(SharedClient, priv, oaep256, rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA256)).Ok(), Is.EqualTo(secret));
        }
        else
        {
            ExpectMechanismRefused(Shared.Decrypt(SharedClient, priv, oaep256, rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA256)).Rv, oaep256);
            Assert.That(Shared.Decrypt(SharedClient, priv, oaep1, rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA1)).Ok(), Is.EqualTo(secret),
                "the OAEP the token performs");
        }
    }

    private void CheckGeneratedKeyPair(IPhoneToken t, KeySpec spec, ulong pubHandle, ulong privHandle)
    {
        var pub = Obj(t, pubHandle);
        var priv = Obj(t, privHandle);
        Assert.Multiple(() =>
        {
            foreach (var (o, cls) in new[] { (pub, CKO.PUBLIC_KEY), (priv, CKO.PRIVATE_KEY) })
            {
                Assert.That(o.ULong(CKA.CLASS), Is.EqualTo((ulong)cls));
                Assert.That(o.ULong(CKA.KEY_TYPE), Is.EqualTo(spec.KeyType));
                Assert.That(o.Bool(CKA.TOKEN), Is.True);
                Assert.That(o.Bool(CKA.MODIFIABLE), Is.True);
                Assert.That(o.Text(CKA.LABEL), Is.EqualTo(spec.Name));
                Assert.That(o.Bytes(CKA.ID), Is.EqualTo(KeyId));
                Assert.That(o.Bool(CKA.LOCAL), Is.True, "CKA_LOCAL");
                Assert.That(o.ULong(CKA.KEY_GEN_MECHANISM), Is.EqualTo(spec.Mechanism));
                Assert.That(o.Bytes(CKA.START_DATE), Is.Empty);
                Assert.That(o.Bytes(CKA.END_DATE), Is.Empty);
                Assert.That(o.Has(CKA.SUBJECT), Is.True, "CKA_SUBJECT");
                Assert.That(o.Bool(CKA.DERIVE), Is.False);
            }
            Assert.That(pub.Bool(CKA.PRIVATE), Is.False);
            Assert.That(priv.Bool(CKA.PRIVATE), Is.True);
            Assert.That(pub.Bool(CKA.VERIFY), Is.True);
            Assert.That(priv.Bool(CKA.SIGN), Is.True);
            Assert.That(priv.Bool(CKA.SENSITIVE), Is.True);
            Assert.That(priv.Bool(CKA.EXTRACTABLE), Is.False);
            Assert.That(priv.Bool(CKA.ALWAYS_SENSITIVE), Is.True);
            Assert.That(priv.Bool(CKA.NEVER_EXTRACTABLE), Is.True);
            Assert.That(priv.Bool(CKA.ALWAYS_AUTHENTICATE), Is.False);
            Assert.That(priv.Has(CKA.UNWRAP), Is.True);
            Assert.That(pub.Has(CKA.ENCRYPT) && pub.Has(CKA.WRAP), Is.True);
            if (spec.IsRsa) Assert.That(priv.Bool(CKA.DECRYPT), Is.True);
            Assert.That(pub.Bytes(CKA.PUBLIC_KEY_INFO), Is.EqualTo(priv.Bytes(CKA.PUBLIC_KEY_INFO)), "CKA_PUBLIC_KEY_INFO on both");
            foreach (var type in SensitiveRsa) Assert.That(priv.Has(type), Is.False, $"sensitive 0x{(ulong)type:x} is not listed");
            Assert.That(priv.Has(CKA.VALUE), Is.False, "the private value is not listed");
        });

        var spki = pub.Bytes(CKA.PUBLIC_KEY_INFO);
        if (spec.IsRsa)
        {
            Assert.That(priv.Bytes(CKA.MODULUS), Is.EqualTo(pub.Bytes(CKA.MODULUS)));
            Assert.That(priv.Bytes(CKA.PUBLIC_EXPONENT), Is.EqualTo(pub.Bytes(CKA.PUBLIC_EXPONENT)));
            Assert.That(pub.ULong(CKA.MODULUS_BITS), Is.EqualTo((ulong)spec.Bits));
            Assert.That(Independent.Unsigned(pub.Bytes(CKA.MODULUS)).GetBitLength(), Is.EqualTo(spec.Bits));
            Assert.That(Independent.Unsigned(pub.Bytes(CKA.PUBLIC_EXPONENT)), Is.EqualTo(new System.Numerics.BigInteger(65537)));
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out int read);
            Assert.That(read, Is.EqualTo(spki.Length));
            var p = rsa.ExportParameters(false);
            Assert.That(Independent.Unsigned(p.Modulus), Is.EqualTo(Independent.Unsigned(pub.Bytes(CKA.MODULUS))));
            Assert.That(Independent.Unsigned(p.Exponent), Is.EqualTo(Independent.Unsigned(pub.Bytes(CKA.PUBLIC_EXPONENT))));
        }
        else
        {
            Assert.That(priv.Bytes(CKA.EC_PARAMS), Is.EqualTo(spec.EcParams));
            Assert.That(pub.Bytes(CKA.EC_PARAMS), Is.EqualTo(spec.EcParams));
            Assert.That(priv.Bytes(CKA.EC_POINT), Is.EqualTo(pub.Bytes(CKA.EC_POINT)), "CKA_EC_POINT on both");
            if (spec.IsEdwards)
            {
                var point = Independent.Ed25519Public(pub);
                var w = new AsnWriter(AsnEncodingRules.DER);
                using (w.PushSequence())
                {
                    using (w.PushSequence()) w.WriteObjectIdentifier(KeySpec.Ed25519Oid);
                    w.WriteBitString(point);
                }
                Assert.That(spki, Is.EqualTo(w.Encode()), "RFC 8410 SubjectPublicKeyInfo");
            }
            else
            {
                var (x, y) = Independent.EcPoint(pub, spec);
                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out int read);
                Assert.That(read, Is.EqualTo(spki.Length));
                var p = ec.ExportParameters(false);
                Assert.That(p.Q.X, Is.EqualTo(x));
                Assert.That(p.Q.Y, Is.EqualTo(y));
                Assert.That(p.Curve.Oid.Value, Is.EqualTo(Independent.CurveOf(spec).Oid.Value));
            }
        }
    }

    [TestCase("secp256r1", 256)]
    [TestCase("prime256v1", 256)]
    [TestCase("secp384r1", 384)]
    [TestCase("edwards25519", 255)]
    public void CurvesCanBeNamed(string curveName, int bits)
    {
        var spec = bits == 255 ? KeySpec.Ed25519 : bits == 256 ? KeySpec.P256 : KeySpec.P384;
        RequireMechanism(Token, spec.Mechanism, spec.Bits);
        var info = Token.Mechanisms.First(m => m.Mechanism == spec.Mechanism);
        LoginUser(Token);
        var named = spec with { EcParams = DerPrintable(curveName) };
        var r = Token.GenerateKeyPair(App, P11Mechanism.Plain(spec.Mechanism), PublicTemplate(named, spec.Name), PrivateTemplate(named, spec.Name));
        if ((info.Flags & CKF.EC_CURVENAME) == 0 && r.Rv != CKR.OK)
        {
            // A token that does not advertise curve names (CKF_EC_CURVENAME, PKCS#11 v3.0) may refuse one, and then makes
            // nothing. (SoftHSMv2 refuses the names of Weierstrass curves and takes edwards25519.) A key it makes all the
            // same is checked as below.
            Assert.That(Token.Objects, Is.Empty, $"refused with {Name(r.Rv)}: nothing was made");
            return;
        }
        var (pub, priv) = r.Ok($"generate on the curve named {curveName}");
        Assert.That(priv, Is.Not.Zero.And.Not.EqualTo(pub));
        Assert.That(Obj(Token, pub).Bytes(CKA.EC_PARAMS), Is.EqualTo(named.EcParams));
        var mechanism = P11Mechanism.Plain(spec.IsEdwards ? CKM.EDDSA : CKM.ECDSA);
        SignAndVerify(Token, App, spec, pub, priv, mechanism, new byte[32]);
    }

    [Test]
    public void AnIdGivenForOneKeyGoesToBoth()
    {
        LoginUser(Token);
        var spec = KeySpec.P256;
        var r = Token.GenerateKeyPair(App, P11Mechanism.Plain(spec.Mechanism),
            [B(CKA.TOKEN, true), Raw(CKA.EC_PARAMS, spec.EcParams!)],
            [B(CKA.TOKEN, true), B(CKA.PRIVATE, true), Raw(CKA.ID, [9, 8, 7]), S(CKA.LABEL, "only private")]);
        var (pub, priv) = r.Ok();
        Assert.That(Obj(Token, pub).Bytes(CKA.ID), Is.EqualTo(new byte[] { 9, 8, 7 }));
        Assert.That(Obj(Token, priv).Bytes(CKA.ID), Is.EqualTo(new byte[] { 9, 8, 7 }));
        Assert.That(Obj(Token, priv).Text(CKA.LABEL), Is.EqualTo("only private"));
    }

    [Test]
    public void MinimalTemplatesGetSensibleDefaults()
    {
        LoginUser(Token);
        var (pub, priv) = Token.GenerateKeyPair(App, P11Mechanism.Plain(CKM.EC_KEY_PAIR_GEN),
            [Raw(CKA.EC_PARAMS, KeySpec.P256.EcParams!)], []).Ok();
        var pubObj = Obj(Token, pub);
        var privObj = Obj(Token, priv);
        Assert.Multiple(() =>
        {
            Assert.That(pubObj.Bool(CKA.TOKEN), Is.False, "CKA_TOKEN defaults to false");
            Assert.That(privObj.Bool(CKA.TOKEN), Is.False);
            Assert.That(privObj.Bool(CKA.PRIVATE), Is.True, "a private key is private by default");
            Assert.That(privObj.Bool(CKA.SENSITIVE), Is.True, "sensitive by default");
            Assert.That(privObj.Bool(CKA.EXTRACTABLE), Is.False, "not extractable by default");
            Assert.That(privObj.Bool(CKA.SIGN), Is.True);
            Assert.That(pubObj.Bool(CKA.VERIFY), Is.True);
        });
        SignAndVerify(Token, App, KeySpec.P256, pub, priv, P11Mechanism.Plain(CKM.ECDSA), new byte[32]);
    }

    [Test]
    public void ANotSensitiveExtractableKeyWasNeverSoAlways()
    {
        LoginUser(Token);
        var (_, priv) = Generate(Token, KeySpec.P256, priv: [B(CKA.SENSITIVE, false), B(CKA.EXTRACTABLE, true)]);
        var o = Obj(Token, priv);
        Assert.That(o.Bool(CKA.ALWAYS_SENSITIVE), Is.False);
        Assert.That(o.Bool(CKA.NEVER_EXTRACTABLE), Is.False);
        Assert.That(o.Has(CKA.VALUE), Is.False, "the phone never reveals private values");
    }

    [Test]
    public void GeneratingAPrivateKeyNeedsTheUser()
    {
        Expect(Token.GenerateKeyPair(App, P11Mechanism.Plain(CKM.EC_KEY_PAIR_GEN),
            PublicTemplate(KeySpec.P256, "x"), PrivateTemplate(KeySpec.P256, "x")).Rv, CKR.USER_NOT_LOGGED_IN);
        LoginSo(Token);
        Expect(Token.GenerateKeyPair(App, P11Mechanism.Plain(CKM.EC_KEY_PAIR_GEN),
            PublicTemplate(KeySpec.P256, "x"), PrivateTemplate(KeySpec.P256, "x")).Rv, CKR.USER_NOT_LOGGED_IN, "the SO has no keys");
        Assert.That(Token.Objects, Is.Empty);
    }

    public static IEnumerable<TestCaseData> GenerationTemplateErrors()
    {
        var rsa = KeySpec.Rsa2048;
        var p256 = KeySpec.P256;
        TestCaseData Case(string name, KeySpec spec, IEnumerable<P11Attribute>? pub, IEnumerable<P11Attribute>? priv, params nuint[] rvs) =>
            new TestCaseData(spec, pub?.ToList(), priv?.ToList(), rvs.Select(r => (ulong)r).ToArray()).SetName("GenerationIsRefused_" + name);
        var ecParams = Raw(CKA.EC_PARAMS, p256.EcParams!);
        var bits = U(CKA.MODULUS_BITS, 2048);
        yield return Case("NoModulusBits", rsa, [B(CKA.TOKEN, true)], null, CKR.TEMPLATE_INCOMPLETE);
        yield return Case("EvenExponent", rsa, [bits, Raw(CKA.PUBLIC_EXPONENT, [1, 0, 0])], null, CKR.ATTRIBUTE_VALUE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        yield return Case("NoEcParams", p256, [B(CKA.TOKEN, true)], null, CKR.TEMPLATE_INCOMPLETE);
        yield return Case("UnknownCurveName", p256, [Raw(CKA.EC_PARAMS, DerPrintable("curve4711"))], null, CKR.CURVE_NOT_SUPPORTED, CKR.ATTRIBUTE_VALUE_INVALID);
        yield return Case("GarbageEcParams", p256, [Raw(CKA.EC_PARAMS, [0xFF, 0x03, 0x01])], null, CKR.ATTRIBUTE_VALUE_INVALID, CKR.DOMAIN_PARAMS_INVALID, CKR.CURVE_NOT_SUPPORTED);
        yield return Case("P256ForEdwards", KeySpec.Ed25519, [Raw(CKA.EC_PARAMS, DerOid(KeySpec.P256Oid))], null, CKR.CURVE_NOT_SUPPORTED, CKR.ATTRIBUTE_VALUE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        yield return Case("Ed25519ForEcdsa", p256, [Raw(CKA.EC_PARAMS, DerOid(KeySpec.Ed25519Oid))], null, CKR.CURVE_NOT_SUPPORTED, CKR.ATTRIBUTE_VALUE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        yield return Case("PrivateClassInPublicTemplate", p256, [ecParams, U(CKA.CLASS, CKO.PRIVATE_KEY)], null, CKR.TEMPLATE_INCONSISTENT, CKR.ATTRIBUTE_VALUE_INVALID);
        yield return Case("EcKeyTypeForRsa", rsa, [bits, U(CKA.KEY_TYPE, CKK.EC)], null, CKR.TEMPLATE_INCONSISTENT, CKR.ATTRIBUTE_VALUE_INVALID);
        yield return Case("UnknownAttribute", p256, [ecParams, U(0x0FFF_FFF0, 1)], null, CKR.ATTRIBUTE_TYPE_INVALID);
        yield return Case("AttributeOfAnotherObjectKind", p256, null, [U(CKA.OTP_FORMAT, 0)], CKR.ATTRIBUTE_TYPE_INVALID);
        yield return Case("ModulusBitsOnEcKey", p256, [ecParams, bits], null, CKR.ATTRIBUTE_TYPE_INVALID, CKR.TEMPLATE_INCONSISTENT);
        yield return Case("BooleanOfTwoBytes", p256, [ecParams, Raw(CKA.TOKEN, [1, 0])], null, CKR.ATTRIBUTE_VALUE_INVALID);
        yield return Case("CkaLocal", p256, null, [B(CKA.LOCAL, true)], CKR.ATTRIBUTE_READ_ONLY, CKR.TEMPLATE_INCONSISTENT);
        yield return Case("CkaValueOfPrivateKey", p256, null, [Raw(CKA.VALUE, new byte[32])], CKR.ATTRIBUTE_READ_ONLY, CKR.TEMPLATE_INCONSISTENT, CKR.ATTRIBUTE_TYPE_INVALID);
        yield return Case("CkaModulusGiven", rsa, [bits, Raw(CKA.MODULUS, new byte[256])], null, CKR.ATTRIBUTE_READ_ONLY, CKR.TEMPLATE_INCONSISTENT);
    }

    [TestCaseSource(nameof(GenerationTemplateErrors))]
    public void GenerationTemplateErrorsAreReported(KeySpec spec, List<P11Attribute>? pubOverrides, List<P11Attribute>? privOverrides, ulong[] expected)
    {
        LoginUser(Token);
        // Each case gives the public template's selecting parameters itself (or keeps the right ones).
        var pub = Merge([B(CKA.TOKEN, false), B(CKA.VERIFY, true)], pubOverrides ?? spec.PublicParameters);
        var priv = PrivateTemplate(spec, "bad", privOverrides);
        var rv = Token.GenerateKeyPair(App, P11Mechanism.Plain(spec.Mechanism), pub, priv).Rv;
        Assert.That(Name(rv), Is.AnyOf(expected.Select(e => (object)Name(e)).ToArray()));
        Assert.That(Token.Objects, Is.Empty, "nothing was made");
    }

    /// <summary>
    /// RSA sizes just outside the range the token advertises for CKM_RSA_PKCS_KEY_PAIR_GEN are refused with
    /// CKR_KEY_SIZE_RANGE (for the software keystore 2047 and 4097 bits; for SoftHSMv2 511 and 16385).
    /// </summary>
    [TestCase(-1, TestName = "GenerationIsRefused_RsaBelowTheAdvertisedMinimum")]
    [TestCase(+1, TestName = "GenerationIsRefused_RsaAboveTheAdvertisedMaximum")]
    public void RsaSizesOutsideTheAdvertisedRangeAreRefused(int side)
    {
        var info = Token.Mechanisms.FirstOrDefault(m => m.Mechanism == CKM.RSA_PKCS_KEY_PAIR_GEN)
            ?? throw new AssertionException("the token offers no CKM_RSA_PKCS_KEY_PAIR_GEN");
        Assert.That(info.MinKeySize, Is.GreaterThan(1UL), "an RSA minimum");
        Assert.That(info.MaxKeySize, Is.LessThan(1UL << 20), "an RSA maximum");
        ulong bits = side < 0 ? info.MinKeySize - 1 : info.MaxKeySize + 1;
        LoginUser(Token);
        var rv = Token.GenerateKeyPair(App, P11Mechanism.Plain(CKM.RSA_PKCS_KEY_PAIR_GEN), [B(CKA.TOKEN, false), U(CKA.MODULUS_BITS, bits)],
            PrivateTemplate(KeySpec.Rsa2048, "bad")).Rv;
        Expect(rv, CKR.KEY_SIZE_RANGE, $"{bits} bits (advertised {info.MinKeySize}-{info.MaxKeySize})");
        Assert.That(Token.Objects, Is.Empty, "nothing was made");
    }

    /// <summary>secp256k1: refused by a token of the NIST curves only; otherwise a real secp256k1 key (see <see cref="OnlyNistCurves"/>).</summary>
    [Test]
    public void GenerationIsRefused_Secp256k1()
    {
        const string Secp256k1Oid = "1.3.132.0.10";
        LoginUser(Token);
        var spec = KeySpec.P256 with { Name = "secp256k1", EcParams = DerOid(Secp256k1Oid) };
        var r = Token.GenerateKeyPair(App, P11Mechanism.Plain(CKM.EC_KEY_PAIR_GEN), [B(CKA.TOKEN, false), B(CKA.VERIFY, true), Raw(CKA.EC_PARAMS, spec.EcParams!)],
            PrivateTemplate(spec, "k1", [B(CKA.TOKEN, false)]));
        if (OnlyNistCurves)
        {
            Expect(r.Rv, CKR.CURVE_NOT_SUPPORTED);
            Assert.That(Token.Objects, Is.Empty, "nothing was made");
            return;
        }
        var (pub, priv) = r.Ok("a token with more curves makes the key");
        Assert.That(Obj(Token, pub).Bytes(CKA.EC_PARAMS), Is.EqualTo(spec.EcParams));
        var hash = SHA256.HashData(Message);
        var sig = Token.Sign(App, priv, P11Mechanism.Plain(CKM.ECDSA), hash).Ok("ECDSA on secp256k1");
        Assert.That(Independent.VerifySecp256k1(Obj(Token, pub), hash, sig), Is.True, "the signature verifies on secp256k1");
    }

    [TestCase(0x10UL)] // CKM_DSA_KEY_PAIR_GEN
    [TestCase(0x1080UL)] // CKM_AES_KEY_GEN
    [TestCase(0x1056UL)] // CKM_EC_MONTGOMERY_KEY_PAIR_GEN
    public void UnknownGenerationMechanismsAreInvalid(ulong mechanism)
    {
        LoginUser(Token);
        Expect(Token.GenerateKeyPair(App, P11Mechanism.Plain(mechanism), PublicTemplate(KeySpec.P256, "x"), PrivateTemplate(KeySpec.P256, "x")).Rv,
            CKR.MECHANISM_INVALID);
    }

    [Test]
    public void AdvertisedMechanismsAreConsistent()
    {
        var mechanisms = Token.Mechanisms;
        Assert.That(mechanisms, Is.Not.Empty);
        Assert.That(mechanisms.Select(m => m.Mechanism), Is.Unique);
        foreach (var m in mechanisms)
        {
            Assert.That(m.MinKeySize, Is.LessThanOrEqualTo(m.MaxKeySize), CkNames.Mechanism((nuint)m.Mechanism));
            Assert.That(m.Flags & (CKF.SIGN | CKF.DECRYPT | CKF.UNWRAP | CKF.GENERATE_KEY_PAIR), Is.Not.Zero, "the phone does something with it");
        }
    }
}
