using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

/// <summary>
/// The C# structures against the C compiler's view of the system headers: sizeof, and for every field its offset, its size
/// and its C type (__builtin_types_compatible_p). For the function tables, every slot is a field, so this checks the order of
/// the 68 v2.40 and 92 v3.0 function pointers and each one's full signature.
/// </summary>
[TestFixture]
public sealed unsafe class LayoutTests
{
    private static readonly (Type Type, int Size, bool V30Only)[] Structs =
    [
        (typeof(CK_VERSION), sizeof(CK_VERSION), false),
        (typeof(CK_INFO), sizeof(CK_INFO), false),
        (typeof(CK_SLOT_INFO), sizeof(CK_SLOT_INFO), false),
        (typeof(CK_TOKEN_INFO), sizeof(CK_TOKEN_INFO), false),
        (typeof(CK_SESSION_INFO), sizeof(CK_SESSION_INFO), false),
        (typeof(CK_MECHANISM_INFO), sizeof(CK_MECHANISM_INFO), false),
        (typeof(CK_MECHANISM), sizeof(CK_MECHANISM), false),
        (typeof(CK_ATTRIBUTE), sizeof(CK_ATTRIBUTE), false),
        (typeof(CK_DATE), sizeof(CK_DATE), false),
        (typeof(CK_C_INITIALIZE_ARGS), sizeof(CK_C_INITIALIZE_ARGS), false),
        (typeof(CK_RSA_PKCS_PSS_PARAMS), sizeof(CK_RSA_PKCS_PSS_PARAMS), false),
        (typeof(CK_RSA_PKCS_OAEP_PARAMS), sizeof(CK_RSA_PKCS_OAEP_PARAMS), false),
        (typeof(CK_GCM_PARAMS), sizeof(CK_GCM_PARAMS), false),
        (typeof(CK_ECDH1_DERIVE_PARAMS), sizeof(CK_ECDH1_DERIVE_PARAMS), false),
        (typeof(CK_FUNCTION_LIST), sizeof(CK_FUNCTION_LIST), false),
        (typeof(CK_INTERFACE), sizeof(CK_INTERFACE), true),
        (typeof(CK_FUNCTION_LIST_3_0), sizeof(CK_FUNCTION_LIST_3_0), true),
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from header in PkcsHeader.All
        from s in Structs
        where header.HasV30 || !s.V30Only
        where !(header == PkcsHeader.Nss && s.Type == typeof(CK_C_INITIALIZE_ARGS)) // see NssInitializeArgsHaveAnExtraField
        select new TestCaseData(header, s.Type).SetArgDisplayNames(header.Name, s.Type.Name);

    [TestCaseSource(nameof(Cases))]
    public void StructMatchesC(PkcsHeader header, Type type)
    {
        Dictionary<string, string[]> c = CHarness.ParseLines(CHarness.CompileAndRun(header, Program(header)));
        int managedSize = Structs.Single(s => s.Type == type).Size;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(managedSize, Is.EqualTo(Marshal.SizeOf(type)), $"sizeof({type.Name}) vs Marshal.SizeOf");
            Assert.That(managedSize, Is.EqualTo(int.Parse(c[type.Name][0])), $"sizeof({type.Name}) in C# vs C ({header})");
            foreach (FieldInfo field in CHarness.Fields(type))
            {
                string key = $"{type.Name}.{field.Name}";
                Assert.That(c.ContainsKey(key), key + " not printed by the probe");
                string[] v = c[key];
                Assert.That(Marshal.OffsetOf(type, field.Name).ToInt32(), Is.EqualTo(int.Parse(v[0])), $"offsetof({key}) in C# vs C ({header})");
                Assert.That(CHarness.FieldSize(field), Is.EqualTo(int.Parse(v[1])), $"sizeof({key}) in C# vs C ({header})");
                Assert.That(v[2], Is.EqualTo("1"), $"{key}: the C field's type is not compatible with {CHarness.CFieldType(field)} ({header})");
            }
        }
    }

    /// <summary>
    /// NSS's CK_C_INITIALIZE_ARGS is not the standard one: it inserts "CK_CHAR_PTR *LibraryParameters" where the standard
    /// has pReserved, and moves pReserved after it. So an NSS application may pass a non-NULL pointer in our pReserved.
    /// (p11-kit's, the standard layout, is checked by StructMatchesC.)
    /// </summary>
    [Test]
    public void NssInitializeArgsHaveAnExtraField()
    {
        const string t = nameof(CK_C_INITIALIZE_ARGS);
        string program = $$"""
            #include <stdio.h>
            #include <stddef.h>
            {{PkcsHeader.Nss.Include}}
            int main(void) {
              printf("size %zu\n", sizeof({{t}}));
              printf("flags %zu\n", offsetof({{t}}, flags));
              printf("LibraryParameters %zu\n", offsetof({{t}}, LibraryParameters));
              return 0;
            }
            """;
        Dictionary<string, string[]> c = CHarness.ParseLines(CHarness.CompileAndRun(PkcsHeader.Nss, program));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(int.Parse(c["size"][0]), Is.EqualTo(sizeof(CK_C_INITIALIZE_ARGS) + IntPtr.Size));
            Assert.That(int.Parse(c["flags"][0]), Is.EqualTo(Marshal.OffsetOf<CK_C_INITIALIZE_ARGS>(nameof(CK_C_INITIALIZE_ARGS.flags)).ToInt32()));
            Assert.That(int.Parse(c["LibraryParameters"][0]), Is.EqualTo(Marshal.OffsetOf<CK_C_INITIALIZE_ARGS>(nameof(CK_C_INITIALIZE_ARGS.pReserved)).ToInt32()));
        }
    }

    [Test]
    public void KnownSizesOnX64()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sizeof(CK_TOKEN_INFO), Is.EqualTo(208));
            Assert.That(sizeof(CK_INFO), Is.EqualTo(88));
            Assert.That(sizeof(CK_SLOT_INFO), Is.EqualTo(112));
            Assert.That(sizeof(CK_FUNCTION_LIST), Is.EqualTo(8 + 68 * 8), "version padded to 8, then 68 pointers");
            Assert.That(sizeof(CK_FUNCTION_LIST_3_0), Is.EqualTo(8 + 92 * 8), "version padded to 8, then 92 pointers");
            Assert.That(CHarness.Fields(typeof(CK_FUNCTION_LIST)).Length, Is.EqualTo(1 + 68));
            Assert.That(CHarness.Fields(typeof(CK_FUNCTION_LIST_3_0)).Length, Is.EqualTo(1 + 92));
        }
    }

    [Test]
    public void TheV240TableIsAPrefixOfTheV30Table()
    {
        FieldInfo[] v2 = CHarness.Fields(typeof(CK_FUNCTION_LIST));
        FieldInfo[] v3 = CHarness.Fields(typeof(CK_FUNCTION_LIST_3_0));
        using (Assert.EnterMultipleScope())
        {
            for (int i = 0; i < v2.Length; i++)
            {
                Assert.That(v3[i].Name, Is.EqualTo(v2[i].Name), $"slot {i}");
                Assert.That(Marshal.OffsetOf(typeof(CK_FUNCTION_LIST_3_0), v3[i].Name),
                            Is.EqualTo(Marshal.OffsetOf(typeof(CK_FUNCTION_LIST), v2[i].Name)), v2[i].Name);
                Assert.That(CHarness.CFieldType(v3[i]), Is.EqualTo(CHarness.CFieldType(v2[i])), v2[i].Name);
            }
        }
    }

    /// <summary>One C program per header that prints, for every struct it declares, sizeof and each field's offset, size and type check.</summary>
    private static string Program(PkcsHeader header)
    {
        var c = new StringBuilder();
        c.AppendLine("#include <stdio.h>");
        c.AppendLine("#include <stddef.h>");
        c.AppendLine(header.Include);
        c.AppendLine("int main(void) {");
        foreach ((Type type, _, bool v30Only) in Structs)
        {
            if (v30Only && !header.HasV30)
            {
                continue;
            }
            string t = type.Name;
            c.AppendLine($"  printf(\"{t} %zu\\n\", sizeof({t}));");
            foreach (FieldInfo field in CHarness.Fields(type))
            {
                string f = field.Name;
                c.AppendLine($"  printf(\"{t}.{f} %zu %zu %d\\n\", offsetof({t}, {f}), sizeof((({t} *)0)->{f}), " +
                             $"__builtin_types_compatible_p(__typeof__((({t} *)0)->{f}), {CHarness.CFieldType(field)}));");
            }
        }
        c.AppendLine("  return 0;");
        c.AppendLine("}");
        return c.ToString();
    }
}
