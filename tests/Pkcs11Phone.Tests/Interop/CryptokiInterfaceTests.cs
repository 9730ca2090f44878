using System.Reflection;
using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

/// <summary>ICryptoki has one method per function-table slot, with the slot's exact C parameters, and the right defaults.</summary>
[TestFixture]
public sealed unsafe class CryptokiInterfaceTests
{
    /// <summary>Answered by the exports themselves, so not in ICryptoki.</summary>
    private static readonly string[] AnsweredByExports = ["C_GetFunctionList", "C_GetInterfaceList", "C_GetInterface"];

    private sealed class NothingImplemented : ICryptoki;

    private static MethodInfo[] Methods => typeof(ICryptoki).GetMethods();

    private static FieldInfo[] Slots => CHarness.Fields(typeof(CK_FUNCTION_LIST_3_0)).Where(f => f.Name.StartsWith("C_", StringComparison.Ordinal)).ToArray();

    [Test]
    public void OneMethodPerSlotWithTheSlotsSignature()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Slots, Has.Length.EqualTo(92));
            Assert.That(Methods, Has.Length.EqualTo(92 - AnsweredByExports.Length));
            foreach (FieldInfo slot in Slots)
            {
                MethodInfo? method = typeof(ICryptoki).GetMethod(slot.Name[2..]);
                if (AnsweredByExports.Contains(slot.Name))
                {
                    Assert.That(method, Is.Null, $"{slot.Name} is answered by the exports, not by ICryptoki");
                    continue;
                }
                Assert.That(method, Is.Not.Null, $"ICryptoki has no method for {slot.Name}");
                if (method is null)
                {
                    continue;
                }
                Assert.That(method.ReturnType, Is.EqualTo(typeof(nuint)), $"{method.Name} returns CK_RV");
                Assert.That(method.GetParameters().Select(p => p.ParameterType).ToArray(),
                            Is.EqualTo(slot.FieldType.GetFunctionPointerParameterTypes()),
                            $"{method.Name} takes the parameters of the {slot.Name} slot");
                Assert.That(slot.FieldType.GetFunctionPointerReturnType(), Is.EqualTo(typeof(nuint)), slot.Name);
            }
        }
    }

    [Test]
    public void DefaultsAreNotSupportedOrNotParallel()
    {
        ICryptoki nothing = new NothingImplemented();
        using (Assert.EnterMultipleScope())
        {
            foreach (MethodInfo method in Methods)
            {
                object?[] arguments = method.GetParameters().Select(p => DefaultArgument(p.ParameterType)).ToArray();
                object result = method.Invoke(nothing, arguments)!;
                nuint expected = method.Name is "GetFunctionStatus" or "CancelFunction" ? CKR.FUNCTION_NOT_PARALLEL : CKR.FUNCTION_NOT_SUPPORTED;
                Assert.That((nuint)result, Is.EqualTo(expected), $"default of {method.Name}: {CkNames.ReturnValue((nuint)result)}");
            }
        }
    }

    [Test]
    public void SomeSignaturesSpelledOut()
    {
        ICryptoki nothing = new NothingImplemented();
        nuint count = 0;
        CK_TOKEN_INFO info;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(nothing.GetSlotList(CK.TRUE, null, &count), Is.EqualTo(CKR.FUNCTION_NOT_SUPPORTED));
            Assert.That(nothing.GetTokenInfo(1, &info), Is.EqualTo(CKR.FUNCTION_NOT_SUPPORTED));
            Assert.That(nothing.LoginUser(1, CKU.USER, null, 0, null, 0), Is.EqualTo(CKR.FUNCTION_NOT_SUPPORTED));
            Assert.That(nothing.GetFunctionStatus(1), Is.EqualTo(CKR.FUNCTION_NOT_PARALLEL));
            Assert.That(nothing.CancelFunction(1), Is.EqualTo(CKR.FUNCTION_NOT_PARALLEL));
        }
    }

    private static object? DefaultArgument(Type type)
    {
        if (type.IsPointer)
        {
            return Pointer.Box(null, type);
        }
        if (type.IsFunctionPointer)
        {
            return IntPtr.Zero;
        }
        return Activator.CreateInstance(type);
    }
}
