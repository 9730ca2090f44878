using System.Reflection;
using System.Runtime.InteropServices;
using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

/// <summary>
/// The C ABI of the published module, artifacts/lib/libpkcs11phone.so (made by build/build.sh), loaded into this process:
/// every function is exported, the function tables hold the exports in header order, and C_GetFunctionList,
/// C_GetInterfaceList and C_GetInterface answer as the v3.0 specification says. Nothing here calls C_Initialize,
/// and the calls it makes do not depend on whether another test initialized the module.
/// </summary>
[TestFixture]
public sealed unsafe class ModuleExportsTests
{
    private static readonly Lazy<nint> s_module = new(LoadModule);

    private static nint Module => s_module.Value;

    private static string ModulePath => Path.Combine(RepoRoot(), "artifacts", "lib", "libpkcs11phone.so");

    private static nint LoadModule()
    {
        string path = ModulePath;
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: run build/build.sh first (it publishes the NativeAOT module there).");
        }
        return NativeLibrary.Load(path);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "interop")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Directory.Build.props, interop/) is not above " + TestContext.CurrentContext.TestDirectory);
    }

    private static void* Export(string name) => (void*)NativeLibrary.GetExport(Module, name);

    /// <summary>The 92 function slots of the v3.0 table, in header order (the first 68 are the v2.40 table).</summary>
    private static FieldInfo[] Slots<T>() => CHarness.Fields(typeof(T)).Where(f => f.Name.StartsWith("C_", StringComparison.Ordinal)).ToArray();

    private static void* Slot<T>(T* table, string name) where T : unmanaged =>
        *(void**)((byte*)table + Marshal.OffsetOf<T>(name));

    private static CK_FUNCTION_LIST* GetFunctionList()
    {
        var getFunctionList = (delegate* unmanaged<CK_FUNCTION_LIST**, nuint>)Export("C_GetFunctionList");
        CK_FUNCTION_LIST* list = null;
        Assert.That(getFunctionList(&list), Is.EqualTo(CKR.OK));
        Assert.That((nint)list, Is.Not.EqualTo(nint.Zero));
        return list;
    }

    private static delegate* unmanaged<CK_INTERFACE*, nuint*, nuint> GetInterfaceList =>
        (delegate* unmanaged<CK_INTERFACE*, nuint*, nuint>)Export("C_GetInterfaceList");

    private static delegate* unmanaged<byte*, CK_VERSION*, CK_INTERFACE**, nuint, nuint> GetInterface =>
        (delegate* unmanaged<byte*, CK_VERSION*, CK_INTERFACE**, nuint, nuint>)Export("C_GetInterface");

    [Test]
    public void EveryFunctionIsExported()
    {
        string[] missing = Slots<CK_FUNCTION_LIST_3_0>().Select(f => f.Name)
            .Where(name => !NativeLibrary.TryGetExport(Module, name, out _)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Slots<CK_FUNCTION_LIST_3_0>(), Has.Length.EqualTo(92));
            Assert.That(missing, Is.Empty, "functions not exported by " + ModulePath);
        }
    }

    [Test]
    public void GetFunctionListGivesTheV240TableOfTheExports()
    {
        var getFunctionList = (delegate* unmanaged<CK_FUNCTION_LIST**, nuint>)Export("C_GetFunctionList");
        CK_FUNCTION_LIST* list = GetFunctionList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(getFunctionList(null), Is.EqualTo(CKR.ARGUMENTS_BAD));
            Assert.That(list->version.major, Is.EqualTo(2));
            Assert.That(list->version.minor, Is.EqualTo(40));
            Assert.That((nint)GetFunctionList(), Is.EqualTo((nint)list), "the same table every time");
            foreach (FieldInfo slot in Slots<CK_FUNCTION_LIST>())
            {
                Assert.That((nint)Slot(list, slot.Name), Is.EqualTo((nint)Export(slot.Name)), $"slot {slot.Name} holds the export {slot.Name}");
            }
        }
    }

    [Test]
    public void GetInterfaceListOffersV30ThenV240()
    {
        nuint count = 0;
        Assert.That(GetInterfaceList(null, null), Is.EqualTo(CKR.ARGUMENTS_BAD));
        Assert.That(GetInterfaceList(null, &count), Is.EqualTo(CKR.OK));
        Assert.That(count, Is.EqualTo((nuint)2));

        CK_INTERFACE* interfaces = stackalloc CK_INTERFACE[3];
        count = 1;
        Assert.That(GetInterfaceList(interfaces, &count), Is.EqualTo(CKR.BUFFER_TOO_SMALL));
        Assert.That(count, Is.EqualTo((nuint)2), "a small count is told the count needed");
        count = 3;
        Assert.That(GetInterfaceList(interfaces, &count), Is.EqualTo(CKR.OK));
        Assert.That(count, Is.EqualTo((nuint)2));

        CK_FUNCTION_LIST* v240 = GetFunctionList();
        var v300 = (CK_FUNCTION_LIST_3_0*)interfaces[0].pFunctionList;
        using (Assert.EnterMultipleScope())
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.That(CkString.FromNulTerminated(interfaces[i].pInterfaceName), Is.EqualTo("PKCS 11"), $"interface {i} name");
                Assert.That(interfaces[i].flags, Is.EqualTo((nuint)0), $"interface {i} flags");
            }
            Assert.That(v300->version.major, Is.EqualTo(3));
            Assert.That(v300->version.minor, Is.EqualTo(0));
            Assert.That((nint)interfaces[1].pFunctionList, Is.EqualTo((nint)v240), "the 2.40 interface is C_GetFunctionList's table");
            foreach (FieldInfo slot in Slots<CK_FUNCTION_LIST_3_0>())
            {
                Assert.That((nint)Slot(v300, slot.Name), Is.EqualTo((nint)Export(slot.Name)), $"v3.0 slot {slot.Name} holds the export {slot.Name}");
            }
        }
    }

    [Test]
    public void GetInterfaceSelectsByNameVersionAndFlags()
    {
        CK_INTERFACE* interfaces = stackalloc CK_INTERFACE[2];
        nuint count = 2;
        Assert.That(GetInterfaceList(interfaces, &count), Is.EqualTo(CKR.OK));

        byte* standard = stackalloc byte[] { (byte)'P', (byte)'K', (byte)'C', (byte)'S', (byte)' ', (byte)'1', (byte)'1', 0 };
        byte* other = stackalloc byte[] { (byte)'P', (byte)'K', (byte)'C', (byte)'S', (byte)' ', (byte)'1', (byte)'1', (byte)'!', 0 };
        var v300 = new CK_VERSION(3, 0);
        var v240 = new CK_VERSION(2, 40);
        var v211 = new CK_VERSION(2, 11);
        CK_INTERFACE* found = null;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(GetInterface(null, null, null, 0), Is.EqualTo(CKR.ARGUMENTS_BAD), "NULL ppInterface");

            Assert.That(GetInterface(null, null, &found, 0), Is.EqualTo(CKR.OK), "the default");
            Assert.That(((CK_VERSION*)found->pFunctionList)->major, Is.EqualTo(3), "the default is 3.0");
            Assert.That((nint)found->pFunctionList, Is.EqualTo((nint)interfaces[0].pFunctionList));

            found = null;
            Assert.That(GetInterface(standard, null, &found, 0), Is.EqualTo(CKR.OK), "by name");
            Assert.That((nint)found->pFunctionList, Is.EqualTo((nint)interfaces[0].pFunctionList));

            found = null;
            Assert.That(GetInterface(standard, &v240, &found, 0), Is.EqualTo(CKR.OK), "2.40 by name and version");
            Assert.That((nint)found->pFunctionList, Is.EqualTo((nint)GetFunctionList()));

            found = null;
            Assert.That(GetInterface(null, &v300, &found, 0), Is.EqualTo(CKR.OK), "3.0 by version");
            Assert.That((nint)found->pFunctionList, Is.EqualTo((nint)interfaces[0].pFunctionList));

            found = null;
            Assert.That(GetInterface(standard, &v211, &found, 0), Is.EqualTo(CKR.ARGUMENTS_BAD), "a version not offered");
            Assert.That(GetInterface(other, null, &found, 0), Is.EqualTo(CKR.ARGUMENTS_BAD), "a name not offered");
            Assert.That(GetInterface(null, null, &found, CKF.INTERFACE_FORK_SAFE), Is.EqualTo(CKR.ARGUMENTS_BAD), "flags not offered");
            Assert.That((nint)found, Is.EqualTo(nint.Zero), "*ppInterface untouched when nothing matches");
        }
    }

    [Test]
    public void LegacyParallelFunctionsAreNotParallel()
    {
        CK_FUNCTION_LIST* list = GetFunctionList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CkNames.ReturnValue(list->C_GetFunctionStatus(CK.INVALID_HANDLE)), Is.EqualTo(nameof(CKR) + "_" + nameof(CKR.FUNCTION_NOT_PARALLEL)));
            Assert.That(CkNames.ReturnValue(list->C_CancelFunction(CK.INVALID_HANDLE)), Is.EqualTo(nameof(CKR) + "_" + nameof(CKR.FUNCTION_NOT_PARALLEL)));
        }
    }

    [Test]
    public void CallsThroughTheTablesReturnAReturnValue()
    {
        // Harmless calls (the invalid handle 0) through both tables: each returns a known CK_RV and nothing crashes.
        CK_FUNCTION_LIST* list = GetFunctionList();
        CK_INTERFACE* found = null;
        Assert.That(GetInterface(null, null, &found, 0), Is.EqualTo(CKR.OK));
        var v300 = (CK_FUNCTION_LIST_3_0*)found->pFunctionList;
        nuint[] answers =
        [
            list->C_FindObjectsFinal(CK.INVALID_HANDLE),
            list->C_DigestKey(CK.INVALID_HANDLE, CK.INVALID_HANDLE),
            v300->C_SessionCancel(CK.INVALID_HANDLE, CKF.ENCRYPT),
            v300->C_MessageEncryptFinal(CK.INVALID_HANDLE),
            v300->C_MessageVerifyFinal(CK.INVALID_HANDLE),
        ];
        Assert.That(answers.Select(CkNames.ReturnValue), Has.All.StartWith("CKR_").And.None.EqualTo("CKR_GENERAL_ERROR"));
    }
}
