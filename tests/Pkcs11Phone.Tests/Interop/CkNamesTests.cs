using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

[TestFixture]
public sealed class CkNamesTests
{
    [Test]
    public void NamesOfKnownValues()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CkNames.ReturnValue(CKR.OK), Is.EqualTo("CKR_OK"));
            Assert.That(CkNames.ReturnValue(CKR.PIN_INCORRECT), Is.EqualTo("CKR_PIN_INCORRECT"));
            Assert.That(CkNames.ReturnValue(0x54), Is.EqualTo("CKR_FUNCTION_NOT_SUPPORTED"));
            Assert.That(CkNames.ReturnValue(CKR.OPERATION_CANCEL_FAILED), Is.EqualTo("CKR_OPERATION_CANCEL_FAILED"));
            Assert.That(CkNames.ReturnValue(CKR.VENDOR_DEFINED), Is.EqualTo("CKR_VENDOR_DEFINED"));
            Assert.That(CkNames.Mechanism(CKM.RSA_PKCS), Is.EqualTo("CKM_RSA_PKCS"));
            Assert.That(CkNames.Mechanism(CKM.SHA256_RSA_PKCS_PSS), Is.EqualTo("CKM_SHA256_RSA_PKCS_PSS"));
            Assert.That(CkNames.Mechanism(CKM.AES_GCM), Is.EqualTo("CKM_AES_GCM"));
            Assert.That(CkNames.Mechanism(CKM.EDDSA), Is.EqualTo("CKM_EDDSA"));
            Assert.That(CkNames.Attribute(CKA.LABEL), Is.EqualTo("CKA_LABEL"));
            Assert.That(CkNames.Attribute(CKA.CLASS), Is.EqualTo("CKA_CLASS"));
            Assert.That(CkNames.Attribute(CKA.WRAP_TEMPLATE), Is.EqualTo("CKA_WRAP_TEMPLATE"));
            Assert.That(CkNames.ObjectClass(CKO.PRIVATE_KEY), Is.EqualTo("CKO_PRIVATE_KEY"));
            Assert.That(CkNames.KeyType(CKK.EC_EDWARDS), Is.EqualTo("CKK_EC_EDWARDS"));
            Assert.That(CkNames.CertificateType(CKC.X_509), Is.EqualTo("CKC_X_509"));
            Assert.That(CkNames.UserType(CKU.CONTEXT_SPECIFIC), Is.EqualTo("CKU_CONTEXT_SPECIFIC"));
            Assert.That(CkNames.SessionState(CKS.RW_USER_FUNCTIONS), Is.EqualTo("CKS_RW_USER_FUNCTIONS"));
        }
    }

    [Test]
    public void AliasesShowTheCurrentName()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CkNames.Mechanism(CKM.ECDSA_KEY_PAIR_GEN), Is.EqualTo("CKM_EC_KEY_PAIR_GEN"));
            Assert.That(CkNames.Mechanism(CKM.DSA_PROBABLISTIC_PARAMETER_GEN), Is.EqualTo("CKM_DSA_PROBABILISTIC_PARAMETER_GEN"));
            Assert.That(CkNames.Attribute(CKA.ECDSA_PARAMS), Is.EqualTo("CKA_EC_PARAMS"));
            Assert.That(CkNames.KeyType(CKK.ECDSA), Is.EqualTo("CKK_EC"));
        }
    }

    [Test]
    public void UnknownValuesAreHex()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CkNames.ReturnValue(0x80000001), Is.EqualTo("0x80000001"));
            Assert.That(CkNames.Mechanism(0x80000001), Is.EqualTo("0x80000001"));
            Assert.That(CkNames.Attribute(0x8000ABCD), Is.EqualTo("0x8000ABCD"));
            Assert.That(CkNames.ReturnValue(0x4), Is.EqualTo("0x00000004"));
            Assert.That(CkNames.Mechanism(nuint.MaxValue), Is.EqualTo("0xFFFFFFFFFFFFFFFF"));
        }
    }

    private static readonly (string Prefix, Func<nuint, string> Name)[] Kinds =
    [
        ("CKR", CkNames.ReturnValue), ("CKM", CkNames.Mechanism), ("CKA", CkNames.Attribute), ("CKO", CkNames.ObjectClass),
        ("CKK", CkNames.KeyType), ("CKC", CkNames.CertificateType), ("CKU", CkNames.UserType), ("CKS", CkNames.SessionState),
    ];

    /// <summary>Every constant of each kind has a name in its table, and that name is a constant with the same value.</summary>
    [Test]
    public void EveryConstantHasAConsistentName()
    {
        IReadOnlyDictionary<string, ulong> constants = ConstantsTests.CSharpConstants();
        using (Assert.EnterMultipleScope())
        {
            foreach ((string prefix, Func<nuint, string> name) in Kinds)
            {
                foreach ((string constant, ulong value) in constants.Where(kv => kv.Key.StartsWith(prefix + "_", StringComparison.Ordinal)))
                {
                    string shown = name((nuint)value);
                    Assert.That(shown, Does.StartWith(prefix + "_"), $"{constant} has no name");
                    Assert.That(constants.TryGetValue(shown, out ulong shownValue) && shownValue == value, $"{constant} is shown as {shown}");
                }
            }
        }
    }
}
