using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Module;

/// <summary>A PKCS#11 failure inside the module; the function that catches it returns <see cref="Rv"/>.</summary>
internal sealed class CkException(nuint rv, string? detail = null)
    : Exception(detail is null ? CkNames.ReturnValue(rv) : $"{CkNames.ReturnValue(rv)}: {detail}")
{
    public nuint Rv { get; } = rv;
}
