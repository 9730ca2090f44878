using System.Globalization;
using System.Reflection;
using System.Text;
using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

/// <summary>
/// The C# constants (CKR, CKM, CKA, ...) against the C macros of the system headers: every constant that a header defines
/// has the header's value, and every standard constant that a header defines exists in C#.
/// </summary>
[TestFixture]
public sealed class ConstantsTests
{
    /// <summary>The constant families: C prefix of each static class.</summary>
    private static readonly string[] Families = ["CK", "CKA", "CKC", "CKD", "CKF", "CKG", "CKH", "CKK", "CKM", "CKN", "CKO", "CKP", "CKR", "CKS", "CKU", "CKZ"];

    /// <summary>
    /// p11-kit 0.24's pkcs11.h has wrong values for these five (0x1c0..0x1c4); the OASIS v2.40 and v3.0 headers,
    /// and NSS's, have 0x1b5..0x1b9, which is what we use. Later p11-kit releases may fix them: both are accepted there.
    /// </summary>
    private static readonly Dictionary<string, ulong> P11KitErrata = new()
    {
        ["CKR_EXCEEDED_MAX_ITERATIONS"] = 0x1c0,
        ["CKR_FIPS_SELF_TEST_FAILED"] = 0x1c1,
        ["CKR_LIBRARY_LOAD_FAILED"] = 0x1c2,
        ["CKR_PIN_TOO_WEAK"] = 0x1c3,
        ["CKR_PUBLIC_KEY_INVALID"] = 0x1c4,
    };

    /// <summary>Names that a header defines but that are not standard values, so C# does not have them.</summary>
    private static readonly HashSet<string> NotStandard =
    [
        "CK_PTR", "CK_NULL_PTR", "CK_SPEC",   // C syntax helpers
        "CK_OTP_FORMAT",                      // p11-kit's name for CK_OTP_OUTPUT_FORMAT
        "CKA_FLAGS_ONLY",                     // NSS's private alias of CKA_CLASS
    ];

    /// <summary>Every C# constant by its C name (CKR.OK is "CKR_OK", CK.INVALID_HANDLE is "CK_INVALID_HANDLE").</summary>
    public static IReadOnlyDictionary<string, ulong> CSharpConstants()
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (string family in Families)
        {
            Type type = typeof(CKR).Assembly.GetType($"Pkcs11Phone.Interop.{family}", throwOnError: true)!;
            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (!field.IsLiteral && !field.IsInitOnly)
                {
                    continue;
                }
                object value = field.GetValue(null)!;
                result.Add($"{family}_{field.Name}", value switch
                {
                    nuint n => n,
                    uint u => u, // how reflection reads a const nuint (stored as a 32-bit constant)
                    byte b => b,
                    _ => throw new NotSupportedException($"{family}.{field.Name} is a {value.GetType()}"),
                });
            }
        }
        return result;
    }

    [Test]
    public void TheFamiliesAreAllThere()
    {
        IReadOnlyDictionary<string, ulong> all = CSharpConstants();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Count(kv => kv.Key.StartsWith("CKR_", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(95));
            Assert.That(all.Count(kv => kv.Key.StartsWith("CKM_", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(400));
            Assert.That(all.Count(kv => kv.Key.StartsWith("CKA_", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(125));
            Assert.That(all["CK_UNAVAILABLE_INFORMATION"], Is.EqualTo(ulong.MaxValue));
            Assert.That(CK.UNAVAILABLE_INFORMATION, Is.EqualTo(nuint.MaxValue));
            Assert.That(CKR.FUNCTION_NOT_SUPPORTED, Is.EqualTo((nuint)0x54));
            Assert.That(CKR.FUNCTION_NOT_PARALLEL, Is.EqualTo((nuint)0x51));
            Assert.That(CKM.EC_EDWARDS_KEY_PAIR_GEN, Is.EqualTo((nuint)0x1055));
            Assert.That(CKM.EDDSA, Is.EqualTo((nuint)0x1057));
            Assert.That(CKF.INTERFACE_FORK_SAFE, Is.EqualTo((nuint)1));
            Assert.That(CKF.END_OF_MESSAGE, Is.EqualTo((nuint)1));
            Assert.That(CKU.CONTEXT_SPECIFIC, Is.EqualTo((nuint)2));
        }
    }

    /// <summary>
    /// A const nuint of 2^31 or more reads sign-extended in another assembly (0x80000000 becomes 0xFFFFFFFF80000000),
    /// so such values must be static readonly. This test is another assembly.
    /// </summary>
    [Test]
    public void HighValuesAreNotConstsAndReadRightFromAnotherAssembly()
    {
        string[] highConsts = Families
            .SelectMany(f => typeof(CKR).Assembly.GetType($"Pkcs11Phone.Interop.{f}", throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral && Convert.ToUInt64(field.GetValue(null), CultureInfo.InvariantCulture) >= 0x80000000UL)
                .Select(field => $"{f}.{field.Name}"))
            .ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(highConsts, Is.Empty, "make these static readonly");
            Assert.That((ulong)CKR.VENDOR_DEFINED, Is.EqualTo(0x80000000UL));
            Assert.That((ulong)CKM.VENDOR_DEFINED, Is.EqualTo(0x80000000UL));
            Assert.That((ulong)CKA.VENDOR_DEFINED, Is.EqualTo(0x80000000UL));
            Assert.That((ulong)CKF.EXTENSION, Is.EqualTo(0x80000000UL));
            Assert.That((ulong)CKA.ALLOWED_MECHANISMS, Is.EqualTo(0x40000600UL));
            Assert.That((ulong)CK.UNAVAILABLE_INFORMATION, Is.EqualTo(ulong.MaxValue));
        }
    }

    [TestCaseSource(typeof(PkcsHeader), nameof(PkcsHeader.All))]
    public void ValuesMatchTheHeader(PkcsHeader header)
    {
        IReadOnlyDictionary<string, ulong> ours = CSharpConstants();
        Dictionary<string, ulong> theirs = HeaderValues(header, ours.Keys);

        var mismatches = new List<string>();
        foreach ((string name, ulong value) in theirs)
        {
            if (value == ours[name])
            {
                continue;
            }
            if (header == PkcsHeader.P11Kit && P11KitErrata.TryGetValue(name, out ulong wrong) && wrong == value)
            {
                continue;
            }
            mismatches.Add($"{name}: C# 0x{ours[name]:X}, {header} 0x{value:X}");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mismatches, Is.Empty, $"constants whose value differs from {header}'s header");
            // The header must really have been consulted: it defines most of our constants.
            Assert.That(theirs.Count, Is.GreaterThan(header.HasV30 ? 850 : 650), $"constants compared with {header}");
        }
    }

    [TestCaseSource(typeof(PkcsHeader), nameof(PkcsHeader.All))]
    public void EveryStandardConstantOfTheHeaderIsDefined(PkcsHeader header)
    {
        IReadOnlyDictionary<string, ulong> ours = CSharpConstants();
        string[] candidates = CHarness.Macros(header)
            .Select(m => m.Name)
            .Where(name => Families.Any(f => name.StartsWith(f + "_", StringComparison.Ordinal)))
            .Where(name => !ours.ContainsKey(name) && !NotStandard.Contains(name) && !name.Contains("_NSS", StringComparison.Ordinal))
            .ToArray();
        // What is left may still be vendor-defined (CKx_VENDOR_DEFINED | n): those are not standard either.
        Dictionary<string, ulong> values = HeaderValues(header, candidates);
        string[] missing = values.Where(kv => kv.Value <= 0x80000000UL).Select(kv => kv.Key).Order().ToArray();

        Assert.That(missing, Is.Empty, $"standard constants of {header}'s header that C# lacks");
    }

    /// <summary>The values that the header gives to those of <paramref name="names"/> that it defines.</summary>
    private static Dictionary<string, ulong> HeaderValues(PkcsHeader header, IEnumerable<string> names)
    {
        var c = new StringBuilder();
        c.AppendLine("#include <stdio.h>");
        c.AppendLine(header.Include);
        c.AppendLine("int main(void) {");
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            c.AppendLine($"#ifdef {name}");
            c.AppendLine($"  printf(\"{name} %lu\\n\", (unsigned long)({name}));");
            c.AppendLine("#endif");
        }
        c.AppendLine("  return 0;");
        c.AppendLine("}");
        return CHarness.ParseLines(CHarness.CompileAndRun(header, c.ToString()))
            .ToDictionary(kv => kv.Key, kv => ulong.Parse(kv.Value[0], CultureInfo.InvariantCulture));
    }
}
